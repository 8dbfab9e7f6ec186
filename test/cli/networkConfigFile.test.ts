/** The browser allow lists of `up --config`: the same forms as `--allow-origin` / `--allow-host`. */
import { describe, expect, test } from 'vitest';
import { networkConfigFileSchema } from '../../src/cli/networkConfigFile.ts';

describe('allowedOrigins and allowedHosts in a config file', () => {
  test('origins are read as browsers send them, and hosts as given', () => {
    const parsed = networkConfigFileSchema.parse({ allowedOrigins: ['HTTPS://App.Example/'], allowedHosts: ['devbox.lan', '*.example.com'] });
    expect(parsed).toEqual({ allowedOrigins: ['https://app.example'], allowedHosts: ['devbox.lan', '*.example.com'] });
  });

  test('"*" opens either list', () => {
    expect(networkConfigFileSchema.parse({ allowedOrigins: '*', allowedHosts: '*' })).toEqual({ allowedOrigins: '*', allowedHosts: '*' });
  });

  test('an origin with a path is refused with a message naming --allow-origin', () => {
    const result = networkConfigFileSchema.safeParse({ allowedOrigins: ['https://app.example/page'] });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.message).toContain('--allow-origin');
  });

  test('a host given as a URL is refused', () => {
    expect(networkConfigFileSchema.safeParse({ allowedHosts: ['https://devbox.lan'] }).success).toBe(false);
  });
});
