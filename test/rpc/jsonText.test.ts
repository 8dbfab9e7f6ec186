/**
 * A handler may answer with JsonText (JSON it built itself): the response must be byte for byte what
 * the same value as an object gives, over the dispatcher and through the in-process client.
 */
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { dispatchJsonRpc } from '../../src/rpc/dispatch.ts';
import { createMethodTable, defineMethod } from '../../src/rpc/methodTable.ts';
import { createTableRpcClient } from '../../src/rpc/client.ts';
import { JsonText } from '../../src/rpc/jsonText.ts';

const VALUE = { id: 7, proof: ['0x01', '0xab'], root: '0xcd', batchNumber: 2, nested: { s: 'quote " and \\ and ü' } };

const table = createMethodTable([
  defineMethod({ name: 'asText', params: z.tuple([]), handler: () => new JsonText(JSON.stringify(VALUE)) }),
  defineMethod({ name: 'asObject', params: z.tuple([]), handler: () => VALUE }),
]);

function dispatch(body: unknown): Promise<string | undefined> {
  return dispatchJsonRpc(JSON.stringify(body), {
    methods: table,
    maxBatchSize: 10,
    log: () => undefined,
    context: ({ method }) => ({ context: { path: '/', method, transport: 'http' } }),
  });
}

describe('JsonText results', () => {
  test.each([[1], ['abc'], [null], [1.5]])('a text result answers exactly as the object would, with id %j', async (id) => {
    const text = await dispatch({ jsonrpc: '2.0', id, method: 'asText', params: [] });
    const object = await dispatch({ jsonrpc: '2.0', id, method: 'asObject', params: [] });
    expect(text).toBe(object);
  });

  test('a text result inside a batch answers exactly as the object would', async () => {
    const text = await dispatch([{ jsonrpc: '2.0', id: 1, method: 'asText' }, { jsonrpc: '2.0', id: 2, method: 'asObject' }]);
    expect(JSON.parse(text!)).toEqual([{ jsonrpc: '2.0', id: 1, result: VALUE }, { jsonrpc: '2.0', id: 2, result: VALUE }]);
  });

  test('the in-process client returns the value a text result stands for', async () => {
    expect(await createTableRpcClient(table).request('asText')).toEqual(VALUE);
  });

  test('JSON.stringify of a JsonText gives its value', () => {
    expect(JSON.stringify({ result: new JsonText(JSON.stringify(VALUE)) })).toBe(JSON.stringify({ result: VALUE }));
  });
});
