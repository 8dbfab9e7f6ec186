import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { InvalidArgumentError, InvariantError, ZkInteropError } from '../../src/errors.ts';
import {
  ExecutionRevertedError,
  InvalidParamsError,
  InvalidRequestError,
  LimitExceededError,
  MethodNotFoundError,
  ParseError,
  ResourceNotFoundError,
  RpcError,
  formatZodIssues,
  toJsonRpcError,
} from '../../src/rpc/errors.ts';

function mapped(error: unknown) {
  const logged: unknown[] = [];
  const object = toJsonRpcError(error, (e) => logged.push(e));
  return { object, logged };
}

describe('toJsonRpcError', () => {
  test.each([
    ['ParseError', new ParseError(), -32700],
    ['InvalidRequestError', new InvalidRequestError('x'), -32600],
    ['MethodNotFoundError', new MethodNotFoundError('foo'), -32601],
    ['InvalidParamsError', new InvalidParamsError('x'), -32602],
    ['ResourceNotFoundError', new ResourceNotFoundError('x'), -32001],
    ['LimitExceededError', new LimitExceededError('x'), -32005],
    ['InvalidArgumentError', new InvalidArgumentError('bad index'), -32602],
    ['InvariantError', new InvariantError('broken'), -32603],
    ['a ZkInteropError with an unmapped code', new ZkInteropError('ENGINE_CLOSED', 'odd'), -32603],
    ['a plain Error', new Error('x'), -32603],
    ['a thrown string', 'x', -32603],
  ])('maps %s to code %i', (_name, error, code) => {
    expect(mapped(error).object.code).toBe(code);
  });

  test('maps ExecutionRevertedError to code 3 with the revert data and reason', () => {
    const { object } = mapped(new ExecutionRevertedError({ data: '0xdeadbeef', reason: 'nope' }));
    expect(object).toEqual({ code: 3, message: 'execution reverted: nope', data: '0xdeadbeef' });
  });

  test('maps any error with code EXECUTION_REVERTED and hex data to code 3', () => {
    const foreign = Object.assign(new Error('execution reverted: custom'), { code: 'EXECUTION_REVERTED', data: '0x1234' });
    expect(mapped(foreign).object).toEqual({ code: 3, message: 'execution reverted: custom', data: '0x1234' });
  });

  test('keeps RpcError data and numeric code as given', () => {
    const { object } = mapped(new RpcError(-32000, 'nonce too low', { data: { expected: 3 } }));
    expect(object).toEqual({ code: -32000, message: 'nonce too low', data: { expected: 3 } });
  });

  test('sends the stable code of a mapped ZkInteropError as data', () => {
    expect(mapped(new InvalidArgumentError('bad index')).object.data).toEqual({ code: 'INVALID_ARGUMENT' });
  });

  test('logs internal errors and never puts a stack trace in the response', () => {
    const error = new TypeError('cannot read properties of undefined');
    const { object, logged } = mapped(error);
    expect(logged).toEqual([error]);
    expect(JSON.stringify(object)).not.toContain('at ');
    expect(object.message).toBe('Internal error: cannot read properties of undefined');
  });

  test('does not log caller errors', () => {
    expect(mapped(new InvalidParamsError('x')).logged).toEqual([]);
  });

  test('maps a raw ZodError to -32602 naming the path', () => {
    const error = z.tuple([z.string()]).safeParse([5]).error;
    expect(mapped(error).object).toEqual({
      code: -32602,
      message: 'invalid params: param 0: expected string, received number',
    });
  });
});

describe('formatZodIssues', () => {
  const schema = z.tuple([z.string(), z.object({ to: z.string() })]);

  test('names a nested field by param name and path', () => {
    const issues = schema.safeParse(['a', { to: 1 }]).error?.issues ?? [];
    expect(formatZodIssues(issues, { paramNames: ['from', 'tx'] })).toBe('param 1 (tx).to: expected string, received number');
  });

  test('names the first missing param', () => {
    const issues = schema.safeParse(['a']).error?.issues ?? [];
    expect(formatZodIssues(issues, { paramNames: ['from', 'tx'], paramCount: 1 })).toBe(
      'missing param 1 (tx): expected at least 2 params, got 1',
    );
  });

  test('says how many params were too many', () => {
    const issues = schema.safeParse(['a', { to: 'b' }, 3]).error?.issues ?? [];
    expect(formatZodIssues(issues, { paramCount: 3 })).toBe('too many params: expected at most 2, got 3');
  });
});
