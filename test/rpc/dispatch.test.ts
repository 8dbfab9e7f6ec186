import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { dispatchJsonRpc } from '../../src/rpc/dispatch.ts';
import { createMethodTable } from '../../src/rpc/methodTable.ts';
import { createTestTable, REVERT_DATA } from '../fixtures/rpcTestTable.ts';
import { expectWellFormedBody } from './wellFormed.ts';

function setup(maxBatchSize = 10) {
  const { table, probes } = createTestTable();
  const logged: unknown[] = [];
  const raw = (body: string) =>
    dispatchJsonRpc(body, {
      methods: table,
      maxBatchSize,
      log: (error) => logged.push(error),
      context: ({ method }) => ({ context: { path: '/', method, transport: 'http' } }),
    });
  const call = async (body: unknown) => {
    const text = await raw(typeof body === 'string' ? body : JSON.stringify(body));
    return text === undefined ? undefined : (JSON.parse(text) as any);
  };
  return { call, raw, probes, logged };
}

const request = (method: string, params?: unknown, id: unknown = 1) => ({ jsonrpc: '2.0', id, method, params });

describe('single requests', () => {
  test('a valid request gets its result', async () => {
    expect(await setup().call(request('add', [2, 3]))).toEqual({ jsonrpc: '2.0', id: 1, result: 5 });
  });

  test.each([['abc'], [7], [null], [1.5]])('the response keeps the id %j as given', async (id) => {
    expect((await setup().call(request('echo', ['x'], id))).id).toBe(id);
  });

  test('a missing params member means no params', async () => {
    expect((await setup().call({ jsonrpc: '2.0', id: 1, method: 'context' })).result).toEqual({
      path: '/',
      method: 'context',
      transport: 'http',
    });
  });

  test('an optional trailing param may be given', async () => {
    expect((await setup().call(request('add', [1, 2, 3]))).result).toBe(6);
  });
});

describe('notifications', () => {
  test('a notification runs but gets no response', async () => {
    const { raw, probes } = setup();
    expect(await raw(JSON.stringify({ jsonrpc: '2.0', method: 'echo', params: ['hi'] }))).toBeUndefined();
    expect(probes.contexts).toHaveLength(1);
  });

  test('a failing notification gets no response either', async () => {
    expect(await setup().raw(JSON.stringify({ jsonrpc: '2.0', method: 'boom' }))).toBeUndefined();
  });

  test('an invalid request without an id is still answered with id null', async () => {
    expect(await setup().call({ jsonrpc: '2.0', method: 1 })).toMatchObject({ id: null, error: { code: -32600 } });
  });
});

describe('batches', () => {
  test('each entry is answered in order', async () => {
    const responses = await setup().call([request('add', [1, 1], 'a'), request('echo', ['x'], 'b')]);
    expect(responses).toEqual([
      { jsonrpc: '2.0', id: 'a', result: 2 },
      { jsonrpc: '2.0', id: 'b', result: 'x' },
    ]);
  });

  test('entries answered at once, answered later and failing either way are each answered in order', async () => {
    const responses = await setup().call([request('add', [1, 2], 'a'), request('revert', [], 'b'), request('boom', [], 'c'), request('echo', ['x'], 'd')]);
    expect(responses.map((r: { id: string; result?: unknown; error?: { code: number } }) => [r.id, r.result ?? r.error!.code])).toEqual([
      ['a', 3],
      ['b', 3],
      ['c', -32603],
      ['d', 'x'],
    ]);
  });

  test('a table entry with only invoke (a guard wrapping another) is served through it', async () => {
    const guarded = createMethodTable([{ name: 'guarded', paramNames: [], invoke: async (params) => ({ via: 'invoke', params }) }]);
    const text = await dispatchJsonRpc(JSON.stringify([request('guarded', [1])]), { methods: guarded, maxBatchSize: 10, log: () => {}, context: ({ method }) => ({ context: { path: '/', method, transport: 'http' } }) });
    expect(JSON.parse(text!)).toEqual([{ jsonrpc: '2.0', id: 1, result: { via: 'invoke', params: [1] } }]);
  });

  test('notifications in a batch are left out of the response', async () => {
    const responses = await setup().call([request('add', [1, 1], 1), { jsonrpc: '2.0', method: 'echo', params: [1] }]);
    expect(responses).toEqual([{ jsonrpc: '2.0', id: 1, result: 2 }]);
  });

  test('a batch of only notifications gets no response', async () => {
    expect(await setup().raw(JSON.stringify([{ jsonrpc: '2.0', method: 'echo', params: [1] }]))).toBeUndefined();
  });

  test('valid and invalid entries are each answered', async () => {
    const responses = await setup().call([request('add', [1, 1], 1), 5, request('nope', [], 3), { id: 4, method: 'echo' }]);
    expect(responses.map((r: any) => r.error?.code ?? r.result)).toEqual([2, -32600, -32601, -32600]);
    expect(responses.map((r: any) => r.id)).toEqual([1, null, 3, 4]);
  });

  test('an empty batch is one invalid-request error', async () => {
    expect(await setup().call([])).toMatchObject({ id: null, error: { code: -32600, message: 'Invalid request: empty batch' } });
  });

  test('a batch above the limit is one limit-exceeded error', async () => {
    const batch = Array.from({ length: 11 }, (_, i) => request('echo', [i], i));
    expect(await setup(10).call(batch)).toMatchObject({ id: null, error: { code: -32005 } });
  });

  test('a batch at the limit is served', async () => {
    const batch = Array.from({ length: 10 }, (_, i) => request('echo', [i], i));
    expect(await setup(10).call(batch)).toHaveLength(10);
  });
});

describe('malformed input', () => {
  test.each(['', '{', '{"jsonrpc":"2.0",', 'nonsense', '[1,]', '\u0000'])('the body %j is a parse error with id null', async (body) => {
    expect(await setup().call(body)).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32700 } });
  });

  test.each([
    ['a missing jsonrpc', { id: 1, method: 'echo' }],
    ['jsonrpc "1.0"', { jsonrpc: '1.0', id: 1, method: 'echo' }],
    ['a numeric method', { jsonrpc: '2.0', id: 1, method: 5 }],
    ['string params', { jsonrpc: '2.0', id: 1, method: 'echo', params: 'x' }],
  ])('%s is an invalid request that keeps the id', async (_name, body) => {
    expect(await setup().call(body)).toMatchObject({ id: 1, error: { code: -32600 } });
  });

  test('an object id is an invalid request with id null', async () => {
    expect(await setup().call({ jsonrpc: '2.0', id: { a: 1 }, method: 'echo' })).toMatchObject({ id: null, error: { code: -32600 } });
  });

  test.each([['5'], ['"text"'], ['null'], ['true']])('the JSON value %s is an invalid request', async (body) => {
    expect(await setup().call(body)).toMatchObject({ id: null, error: { code: -32600 } });
  });
});

describe('method and params errors', () => {
  test('an unknown method is -32601', async () => {
    expect((await setup().call(request('eth_nope', []))).error).toEqual({
      code: -32601,
      message: 'the method eth_nope does not exist/is not available',
    });
  });

  test('a wrong param type names the param and the expected type', async () => {
    expect((await setup().call(request('add', [1, 'two']))).error).toEqual({
      code: -32602,
      message: 'invalid params for add: param 1 (b): expected number, received string',
    });
  });

  test('a missing param is named', async () => {
    expect((await setup().call(request('add', [1]))).error.message).toBe(
      'invalid params for add: missing param 1 (b): expected at least 2 params, got 1',
    );
  });

  test('too many params are reported with the counts', async () => {
    expect((await setup().call(request('add', [1, 2, 3, 4]))).error.message).toBe(
      'invalid params for add: too many params: expected at most 3, got 4',
    );
  });

  test('by-name params are -32602', async () => {
    expect((await setup().call(request('add', { a: 1, b: 2 }))).error).toMatchObject({ code: -32602 });
  });
});

describe('handler failures', () => {
  test('a thrown Error is -32603 and is logged, without its stack', async () => {
    const { call, logged } = setup();
    const response = await call(request('boom', []));
    expect(response.error).toEqual({ code: -32603, message: 'Internal error: kaboom' });
    expect(logged).toHaveLength(1);
  });

  test('a revert is code 3 with the revert data', async () => {
    expect((await setup().call(request('revert', []))).error).toEqual({
      code: 3,
      message: 'execution reverted: nope',
      data: REVERT_DATA,
    });
  });

  test('a missing resource is -32001', async () => {
    expect((await setup().call(request('missing', []))).error.code).toBe(-32001);
  });

  test('an InvalidArgumentError is -32602 with its message', async () => {
    expect((await setup().call(request('badArgument', []))).error).toMatchObject({
      code: -32602,
      message: 'index 7 is out of range: the transaction has 2 logs',
    });
  });

  test('an InvariantError is -32603 and is logged', async () => {
    const { call, logged } = setup();
    expect((await call(request('bug', []))).error.code).toBe(-32603);
    expect(logged).toHaveLength(1);
  });

  test('a ZkInteropError with an unmapped code is -32603 carrying its code', async () => {
    expect((await setup().call(request('customCode', []))).error).toEqual({
      code: -32603,
      message: 'something odd happened',
      data: { code: 'ENGINE_CLOSED' },
    });
  });

  test('a result JSON cannot carry is -32603, not a crash', async () => {
    expect((await setup().call(request('bigint', [], 9)))).toMatchObject({ id: 9, error: { code: -32603 } });
  });

  test('eth_subscribe over HTTP is -32601 (notifications unsupported)', async () => {
    expect((await setup().call(request('eth_subscribe', ['ticks']))).error.code).toBe(-32601);
  });
});

describe('property: any body yields a well-formed response', () => {
  test('arbitrary strings never throw and yield a well-formed error or result', async () => {
    const { raw } = setup();
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary' }), async (body) => {
        const text = await raw(body);
        if (text !== undefined) expectWellFormedBody(JSON.parse(text));
      }),
      { numRuns: 500 },
    );
  });

  const requestLike = fc.record(
    {
      jsonrpc: fc.oneof(fc.constant('2.0'), fc.jsonValue()),
      id: fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.jsonValue()),
      method: fc.oneof(fc.constantFrom('echo', 'add', 'boom', 'revert', 'context', 'nope', 'eth_subscribe'), fc.jsonValue()),
      params: fc.oneof(fc.array(fc.jsonValue(), { maxLength: 4 }), fc.jsonValue()),
    },
    { requiredKeys: [] },
  );

  test('arbitrary JSON values and request-like objects yield well-formed responses', async () => {
    const { raw } = setup(5);
    const body = fc.oneof(fc.jsonValue(), requestLike, fc.array(fc.oneof(requestLike, fc.jsonValue()), { maxLength: 8 }));
    await fc.assert(
      fc.asyncProperty(body, async (value) => {
        const text = await raw(JSON.stringify(value));
        if (text !== undefined) expectWellFormedBody(JSON.parse(text));
      }),
      { numRuns: 500 },
    );
  });
});
