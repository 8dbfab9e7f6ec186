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

describe('where a chain settles, in a config file', () => {
  test('settlesOn "l1" is read per chain, and absent means Gateway', () => {
    const parsed = networkConfigFileSchema.parse({ l1: true, chains: [{ chainId: 271, port: 3050 }, { chainId: 273, port: 3350, settlesOn: 'l1' }] });
    expect(parsed.chains).toEqual([{ chainId: 271, port: 3050 }, { chainId: 273, port: 3350, settlesOn: 'l1' }]);
  });

  test('a settlement layer other than "gateway" or "l1" is refused', () => {
    expect(networkConfigFileSchema.safeParse({ chains: [{ chainId: 273, port: 3350, settlesOn: 'ethereum' }] }).success).toBe(false);
  });
});
