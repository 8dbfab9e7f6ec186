/**
 * The Dockerfile builds the image the compose file and the manifests run: its entrypoint is the CLI's
 * launcher, its runtime stage holds every file the launcher's prebuilt bundle is checked against (else it
 * would rebuild or fall back to tsx at every start), it runs as a non-root user and checks health with
 * node. Read as text: no container daemon runs here to build it.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCli, isBundleFresh, STAMP } from '../../scripts/buildCli.mjs';
import { dockerfileStages, ROOT } from './deployFiles.ts';

const stages = dockerfileStages();
const runtime = stages[stages.length - 1]!;
const build = stages.find((s) => s.name === 'build')!;
const instruction = (stage: typeof runtime, name: string) => stage.lines.filter((l) => l.toUpperCase().startsWith(`${name} `));

/** What a stage's COPY lines put in the image, relative to /app: [from stage or undefined, source, destination]. */
function copiesOf(stage: typeof runtime): { from?: string; source: string; dest: string }[] {
  return instruction(stage, 'COPY').flatMap((line) => {
    const words = line.split(/\s+/).slice(1);
    const from = words.find((w) => w.startsWith('--from='))?.slice('--from='.length);
    const paths = words.filter((w) => !w.startsWith('--'));
    const dest = paths.pop()!;
    return paths.map((source) => {
      const inApp = source.replace(/^\/app\//, '');
      const target = dest === './' ? path.basename(inApp) : dest.replace(/^\.\//, '');
      return { from, source: inApp, dest: target };
    });
  });
}

describe('Dockerfile', () => {
  let stampFiles: string[];
  beforeAll(async () => {
    if (!isBundleFresh()) await buildCli();
    // A checkout whose node_modules is a link elsewhere (a git worktree) stamps `../x/node_modules/…`: in the
    // image they are /app/node_modules.
    stampFiles = (JSON.parse(readFileSync(STAMP, 'utf8')) as { files: { file: string }[] }).files.map((f) => f.file.replace(/^(\.\.\/)+[^/]+\/(?=node_modules\/)/, ''));
  });

  it('builds in two stages and runs on node 20 slim (Debian bookworm)', () => {
    expect(stages.map((s) => s.name)).toEqual(['build', 'runtime']);
    expect(runtime.from).toMatch(/^node:20-(bookworm-)?slim$/);
  });

  it('installs only production dependencies', () => {
    expect(instruction(build, 'RUN').join('\n')).toMatch(/npm ci --omit=dev/);
    expect(instruction(runtime, 'RUN').join('\n')).not.toMatch(/npm (ci|install)/);
  });

  it('runs the install script of every production dependency that has one (installed with --ignore-scripts first)', () => {
    const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { hasInstallScript?: boolean; dev?: boolean }> };
    const needed = Object.entries(lock.packages).filter(([name, p]) => name !== '' && p.hasInstallScript && !p.dev).map(([name]) => name.replace(/^.*node_modules\//, ''));
    const rebuild = /npm rebuild ([^&\n]+)/.exec(instruction(build, 'RUN').join('\n'))?.[1]?.trim().split(/\s+/) ?? [];
    expect(rebuild.sort()).toEqual(needed.sort());
  });

  it('starts the CLI launcher bin/zkinterop.js, which the runtime stage holds', () => {
    expect(instruction(runtime, 'ENTRYPOINT')).toEqual(['ENTRYPOINT ["node", "bin/zkinterop.js"]']);
    expect(copiesOf(runtime).some((c) => c.dest === 'bin')).toBe(true);
    expect(existsSync(path.join(ROOT, 'bin', 'zkinterop.js'))).toBe(true);
  });

  it('holds in the runtime stage every file the prebuilt bundle is checked against, so it starts from dist/cli.mjs', () => {
    const held = copiesOf(runtime).map((c) => c.dest);
    const missing = stampFiles.filter((file) => !held.some((h) => file === h || file.startsWith(`${h}/`)));
    expect(missing).toEqual([]);
    expect(held).toContain('dist');
  });

  it('copies into the build only files that exist and that .dockerignore lets into the context', () => {
    const ignored = readFileSync(path.join(ROOT, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
    for (const stage of stages) {
      for (const { from, source } of copiesOf(stage)) {
        if (from !== undefined) continue;
        expect(existsSync(path.join(ROOT, source)), source).toBe(true);
        expect(ignored.filter((pattern) => source === pattern || source.startsWith(`${pattern}/`)), source).toEqual([]);
      }
    }
  });

  it('runs as a user other than root', () => {
    const users = instruction(runtime, 'USER');
    expect(users.length).toBeGreaterThan(0);
    expect(users[users.length - 1]).not.toMatch(/^USER\s+(root|0)(:|\s|$)/);
  });

  it('checks health with node and the healthcheck script it holds, not curl or wget', () => {
    const [healthcheck] = instruction(runtime, 'HEALTHCHECK');
    expect(healthcheck).toMatch(/CMD \["node", "deploy\/healthcheck\.mjs"\]$/);
    expect(copiesOf(runtime).map((c) => c.dest)).toContain('deploy/healthcheck.mjs');
    expect(runtime.lines.join('\n')).not.toMatch(/curl|wget/);
  });
});
