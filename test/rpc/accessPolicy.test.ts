/** The access policy's decisions as pure functions: Host names, origins, content types, allow lists. */
import { describe, expect, test } from 'vitest';
import { createAccessPolicy, isJsonContentType, isLoopbackHost, normalizeOrigin, parseAllowList } from '../../src/rpc/accessPolicy.ts';
import { InvalidArgumentError } from '../../src/errors.ts';

describe('hostAllowed', () => {
  test('a server bound to 0.0.0.0 serves the addresses of its interfaces as Host', () => {
    const policy = createAccessPolicy({ bindHost: '0.0.0.0', interfaceAddresses: () => ['192.168.1.20', 'fe80::1'] });
    expect(policy.hostAllowed('192.168.1.20:3050')).toBe(true);
    expect(policy.hostAllowed('[fe80::1]:3050')).toBe(true);
    expect(policy.hostAllowed('192.168.1.21:3050')).toBe(false);
  });

  test('a server bound to one address serves it and loopback names, not other names', () => {
    const policy = createAccessPolicy({ bindHost: '192.168.1.20', interfaceAddresses: () => ['10.0.0.1'] });
    expect([policy.hostAllowed('192.168.1.20:3050'), policy.hostAllowed('localhost:3050'), policy.hostAllowed('10.0.0.1')]).toEqual([true, true, false]);
  });

  test('a rebound name is refused whatever port it names, every time it is asked', () => {
    const policy = createAccessPolicy({ bindHost: '127.0.0.1' });
    for (const host of ['evil.example', 'evil.example:3050', 'evil.example:3050', 'localhost.evil.example', '127.0.0.1.evil.example']) expect(policy.hostAllowed(host)).toBe(false);
  });

  test('no Host header (HTTP/1.0) is served', () => {
    expect(createAccessPolicy({ bindHost: '127.0.0.1' }).hostAllowed(undefined)).toBe(true);
  });
});

describe('corsHeaders', () => {
  test('an allowed origin gets itself echoed with Vary: Origin, a refused one undefined', () => {
    const policy = createAccessPolicy({ bindHost: '127.0.0.1', allowedOrigins: ['https://App.Example/'] });
    expect(policy.corsHeaders('https://app.example')).toEqual(['Access-Control-Allow-Origin', 'https://app.example', 'Vary', 'Origin']);
    expect(policy.corsHeaders('https://app.example.evil')).toBeUndefined();
    expect(policy.corsHeaders('null')).toBeUndefined();
  });

  test('an origin that only looks like localhost is refused', () => {
    const policy = createAccessPolicy({ bindHost: '127.0.0.1' });
    for (const origin of ['http://localhost.evil.example', 'http://localhost@evil.example', 'http://127.0.0.1.nip.io', 'file://', 'null']) expect(policy.corsHeaders(origin)).toBeUndefined();
  });

  test('a refusal names the flag that allows the origin', () => {
    expect(createAccessPolicy({ bindHost: '127.0.0.1' }).originRefusal('https://evil.example')).toContain('--allow-origin https://evil.example');
  });
});

describe('isJsonContentType', () => {
  test.each([
    ['application/json', true],
    ['application/json; charset=utf-8', true],
    ['APPLICATION/JSON;charset=UTF-8', true],
    ['application/json-rpc', true],
    ['application/jsonrequest', true],
    ['text/plain', false],
    ['application/x-www-form-urlencoded', false],
    ['multipart/form-data; boundary=x', false],
    ['application/jsonx', false],
    [undefined, false],
  ])('%s → %s', (type, expected) => {
    expect(isJsonContentType(type)).toBe(expected);
  });
});

describe('isLoopbackHost', () => {
  test('loopback names and addresses are loopback, others are not', () => {
    expect(['localhost', 'a.localhost', '127.0.0.1', '127.255.0.9', '::1', '[::1]', 'localhost.'].map(isLoopbackHost)).toEqual(Array(7).fill(true));
    expect(['0.0.0.0', '::', '192.168.1.20', 'localhost.example', '128.0.0.1'].map(isLoopbackHost)).toEqual(Array(5).fill(false));
  });
});

describe('allow lists', () => {
  test('a comma-separated flag is its entries, and * anywhere in it is everything', () => {
    expect(parseAllowList('https://a.example, http://localhost:3000,')).toEqual(['https://a.example', 'http://localhost:3000']);
    expect(parseAllowList('https://a.example,*')).toBe('*');
  });

  test('an origin is written as browsers send it: lower case, no default port, no trailing slash', () => {
    expect(normalizeOrigin('HTTPS://App.Example:443/')).toBe('https://app.example');
    expect(normalizeOrigin('http://10.0.0.5:5173')).toBe('http://10.0.0.5:5173');
  });

  test('an origin with a path, or not a URL, is an invalid argument naming --allow-origin', () => {
    for (const value of ['https://app.example/path', 'app.example', 'ftp://x.example']) {
      expect(() => normalizeOrigin(value)).toThrow(InvalidArgumentError);
      expect(() => normalizeOrigin(value)).toThrow(/--allow-origin/);
    }
  });

  test('a server with an origin that is not one is refused at creation', () => {
    expect(() => createAccessPolicy({ bindHost: '127.0.0.1', allowedOrigins: ['app.example'] })).toThrow(InvalidArgumentError);
  });

  test('a server with an allowed host given as a URL is refused at creation, naming --allow-host', () => {
    expect(() => createAccessPolicy({ bindHost: '127.0.0.1', allowedHosts: ['https://devbox.lan'] })).toThrow(/--allow-host/);
  });
});
