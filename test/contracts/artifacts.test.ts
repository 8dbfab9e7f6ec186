import { describe, expect, it } from 'vitest';
import { buildArtifactFiles, staleArtifacts } from '../../contracts/compile.ts';

describe('contract artifacts', () => {
  it('recompiling the sources reproduces the committed artifacts byte for byte', () => {
    const files = buildArtifactFiles();
    expect(files.size).toBeGreaterThan(1);
    expect(staleArtifacts(files)).toEqual([]);
  });
});
