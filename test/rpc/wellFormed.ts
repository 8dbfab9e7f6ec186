/** Checks that a value is a well-formed JSON-RPC 2.0 response (or batch of them). */
import { expect } from 'vitest';

/** Asserts one response object: jsonrpc 2.0, an id, and exactly one of result / error. */
export function expectWellFormedResponse(value: unknown): void {
  expect(typeof value === 'object' && value !== null && !Array.isArray(value)).toBe(true);
  const response = value as Record<string, unknown>;
  expect(response.jsonrpc).toBe('2.0');
  expect(['string', 'number', 'object']).toContain(typeof response.id);
  expect('result' in response !== 'error' in response).toBe(true);
  if ('error' in response) {
    const error = response.error as Record<string, unknown>;
    expect(Number.isInteger(error.code)).toBe(true);
    expect(typeof error.message).toBe('string');
  }
}

/** Asserts a response body: one response, or a non-empty array of them. */
export function expectWellFormedBody(value: unknown): void {
  if (Array.isArray(value)) {
    expect(value.length).toBeGreaterThan(0);
    value.forEach(expectWellFormedResponse);
  } else {
    expectWellFormedResponse(value);
  }
}
