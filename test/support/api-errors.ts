import { ErrorBody } from '../../apps/api/src/openapi/schemas.js';

/** An error body: exactly RFC 9457 members plus { error[, parameter] }, no stack, no internals. */
export function expectCleanError(body: unknown, error: string, parameter?: string): void {
  const parsed = ErrorBody.parse(body);
  expect(parsed.error).toBe(error);
  if (parameter) {
    expect(parsed.parameter).toBe(parameter);
    expect(parsed.detail).toContain(parameter);
  }
  const text = JSON.stringify(body);
  expect(text).not.toMatch(/\bat .+\(.*:\d+:\d+\)|\/work\/|node_modules|stack|redis:\/\/|statusCode/);
}
