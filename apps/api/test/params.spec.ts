import { BadRequestException } from '@nestjs/common';
import { parseInstantParam } from '../src/params.js';

/** The 400 body a malformed instant parameter gets (the error filter sends it as is). */
function rejection(name: string, value: string): unknown {
  try {
    parseInstantParam(name, value);
  } catch (error) {
    expect(error).toBeInstanceOf(BadRequestException);
    return (error as BadRequestException).getResponse();
  }
  throw new Error(`${name}=${value} was accepted`);
}

describe('parseInstantParam (asOf, the clock body)', () => {
  it('reads instants with an offset, and a bare date as midnight UTC', () => {
    expect(parseInstantParam('asOf', '2026-06-15T00:00:00Z')).toBe(Date.UTC(2026, 5, 15));
    expect(parseInstantParam('asOf', '2026-06-15T02:00:00.500+02:00')).toBe(
      Date.UTC(2026, 5, 15, 0, 0, 0, 500),
    );
    expect(parseInstantParam('asOf', '2026-02-01')).toBe(Date.UTC(2026, 1, 1));
    expect(parseInstantParam('asOf', '2028-02-29')).toBe(Date.UTC(2028, 1, 29));
  });

  it('treats a missing or empty parameter as absent', () => {
    expect(parseInstantParam('asOf', undefined)).toBeUndefined();
    expect(parseInstantParam('asOf', '')).toBeUndefined();
  });

  it.each([
    '2026-02-30T00:00:00Z',
    '2026-02-30',
    '2026-04-31T00:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-06-15T24:00:00Z',
    '2026-06-15T00:00:00',
    'last-tuesday',
    '1781481600000',
  ])('rejects asOf=%s with a 400 that names the parameter', (value) => {
    expect(rejection('asOf', value)).toEqual({
      error: 'bad-parameter',
      parameter: 'asOf',
      message: 'asOf must be an ISO-8601 instant such as 2026-06-15T00:00:00Z',
    });
  });

  it('names whichever parameter it reads', () => {
    expect(rejection('now', '2026-02-30T00:00:00Z')).toMatchObject({
      parameter: 'now',
      message: expect.stringMatching(/^now must be/) as unknown,
    });
  });
});
