/** defineMethod's fastParams: used when it answers, the schema (and its exact errors) otherwise. */
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { createMethodTable, defineMethod, getMethod } from '../../src/rpc/methodTable.ts';

function table(fast: (params: readonly unknown[]) => [number] | undefined) {
  const seen: string[] = [];
  const methods = createMethodTable([
    defineMethod({
      name: 'double',
      params: z.tuple([z.number({ error: 'expected a number' })]),
      paramNames: ['n'],
      fastParams: (params) => {
        const parsed = fast(params);
        seen.push(parsed === undefined ? 'schema' : 'fast');
        return parsed;
      },
      handler: ([n]) => n * 2,
    }),
  ]);
  const call = (params: unknown) => getMethod(methods, 'double').invoke(params, { path: '/', method: 'double', transport: 'http' });
  return { call, seen };
}

describe('fastParams', () => {
  test('the handler gets what fastParams parsed when it answers', async () => {
    const { call, seen } = table((p) => (typeof p[0] === 'number' ? [p[0]] : undefined));
    expect(await call([21])).toBe(42);
    expect(seen).toEqual(['fast']);
  });

  test('params fastParams leaves to the schema get the schema error, as without fastParams', async () => {
    const { call } = table(() => undefined);
    const plain = createMethodTable([defineMethod({ name: 'double', params: z.tuple([z.number({ error: 'expected a number' })]), paramNames: ['n'], handler: ([n]) => n * 2 })]);
    const without = getMethod(plain, 'double').invoke(['x'], { path: '/', method: 'double', transport: 'http' });
    const expected = await without.then(
      () => undefined,
      (error: Error) => error.message,
    );
    expect(expected).toMatch(/invalid params for double/);
    await expect(call(['x'])).rejects.toThrow(expected);
  });

  test('params that are not an array are refused before fastParams runs', async () => {
    const { call, seen } = table(() => [1]);
    await expect(call({ n: 1 })).rejects.toThrow(/params must be a JSON array/);
    expect(seen).toEqual([]);
  });
});
