import { describe, expect, test } from 'vitest';
import { ERROR_CODES, InvalidArgumentError, InvariantError, ZkInteropError } from './errors.ts';
import { RPC_CODE_BY_ERROR_CODE } from './rpc/errors.ts';

describe('ErrorCode', () => {
  test('every error code is listed once, in upper snake case', () => {
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
    for (const code of ERROR_CODES) expect(code).toMatch(/^[A-Z][A-Z0-9_]*[A-Z0-9]$/);
  });

  test('every code the JSON-RPC mapping names is a listed code', () => {
    for (const code of Object.keys(RPC_CODE_BY_ERROR_CODE)) expect(ERROR_CODES).toContain(code);
  });

  test('a code outside the list does not type-check', () => {
    // @ts-expect-error a typo of PROOF_NOT_READY is not an ErrorCode
    const error = new ZkInteropError('PROOF_NOT_REDY', 'x');
    expect(error.code).toBe('PROOF_NOT_REDY');
  });

  test('the caller and invariant subclasses carry their listed codes', () => {
    expect(new InvalidArgumentError('x').code).toBe('INVALID_ARGUMENT');
    expect(new InvariantError('x')).toMatchObject({ code: 'INVARIANT_VIOLATED', message: 'x (this is a bug in zkinterop: please report it)' });
  });
});
