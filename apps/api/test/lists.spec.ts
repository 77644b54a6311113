import { BadRequestException } from '@nestjs/common';
import { toProblem } from '../src/errors/problem.js';
import { v1PathOf } from '../src/legacy-aliases.js';
import { toCsv } from '../src/lists/csv.js';
import { decodeCursor, encodeCursor } from '../src/lists/cursor.js';
import { listAnswer, wantsCsv } from '../src/lists/list-answer.js';
import { ListCall } from '../src/lists/list-call.js';
import { parseCsv } from '../../cli/src/online/csv.js';

describe('cursor codec', () => {
  it('round-trips a position, ids with any partner-id character and fractional or negative scores included', () => {
    for (const position of [
      { score: 1781913600000, member: 'fabrikam' },
      { score: -85.12, member: 'a.b:c-d_9' },
      { score: 0, member: '' },
    ]) {
      const cursor = encodeCursor(position);
      expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodeCursor(cursor)).toEqual(position);
    }
  });

  it('has no cursor for an absent or empty parameter', () => {
    expect(decodeCursor(undefined)).toBeUndefined();
    expect(decodeCursor('')).toBeUndefined();
  });

  it('answers 400 naming `cursor` for text that is not one of its cursors', () => {
    const notOurs = [
      '%%%',
      Buffer.from('{"score":1}').toString('base64url'),
      Buffer.from('[1]').toString('base64url'),
      Buffer.from('["1","x"]').toString('base64url'),
      'x'.repeat(401),
    ];
    for (const cursor of notOurs) {
      let thrown: unknown;
      try {
        decodeCursor(cursor);
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(BadRequestException);
      expect((thrown as BadRequestException).getResponse()).toMatchObject({
        error: 'bad-parameter',
        parameter: 'cursor',
      });
    }
  });
});

describe('toCsv', () => {
  it('writes RFC 4180: CRLF, quotes around commas, quotes and line breaks, doubled quotes, empty cells for null', () => {
    const text = toCsv(
      ['id', 'note', 'n', 'ok'],
      [
        ['p1', 'plain', 1.5, true],
        ['p,2', 'says "hi"\nthere', null, false],
      ],
    );
    expect(text).toBe('id,note,n,ok\r\np1,plain,1.5,true\r\n"p,2","says ""hi""\nthere",,false\r\n');
    // What a CSV reader makes of it is what went in.
    expect(parseCsv(text).rows.map((r) => r.cells)).toEqual([
      ['id', 'note', 'n', 'ok'],
      ['p1', 'plain', '1.5', 'true'],
      ['p,2', 'says "hi"\nthere', '', 'false'],
    ]);
  });

  it('keeps text that looks like a spreadsheet formula from running; numbers stay numbers', () => {
    expect(toCsv(['a', 'b', 'c'], [['=1+2', '-x', -3]])).toBe("a,b,c\r\n'=1+2,'-x,-3\r\n");
  });
});

describe('listAnswer', () => {
  const response = () => {
    const headers: Record<string, string> = {};
    return { headers, setHeader: (name: string, value: string) => (headers[name] = value) };
  };
  const body: { rows: { id: string }[]; nextCursor: string | null } = {
    rows: [{ id: 'a' }],
    nextCursor: 'abc',
  };
  const csv = (b: typeof body) => ({ header: ['id'], rows: b.rows.map((r) => [r.id]) });

  it('answers JSON by default and CSV for Accept: text/csv or ?format=csv, with the next cursor in a header', () => {
    const json = response();
    expect(listAnswer({ headers: { accept: 'application/json' }, query: {} }, json, body, csv)).toBe(body);
    expect(json.headers).toEqual({});
    for (const request of [
      { headers: { accept: 'text/csv' }, query: {} },
      { headers: { accept: 'application/json, text/csv;q=0.9' }, query: {} },
      { headers: {}, query: { format: 'csv' } },
    ]) {
      expect(wantsCsv(request)).toBe(true);
      const r = response();
      expect(listAnswer(request, r, body, csv)).toBe('id\r\na\r\n');
      expect(r.headers).toEqual({ 'Content-Type': 'text/csv; charset=utf-8', 'Next-Cursor': 'abc' });
    }
    const last = response();
    listAnswer({ headers: { accept: 'text/csv' }, query: {} }, last, { ...body, nextCursor: null }, csv);
    expect(last.headers['Next-Cursor']).toBeUndefined();
  });
});

describe('toProblem', () => {
  it('maps an error to RFC 9457 members, keeping the code and parameter as extensions and dropping the query', () => {
    expect(
      toProblem(
        400,
        'bad-parameter',
        'asOf must be an ISO-8601 instant',
        '/v1/partners/p/scores?asOf=x&key=secret',
        'asOf',
      ),
    ).toEqual({
      type: 'urn:capscore:problem:bad-parameter',
      title: 'Bad Request',
      status: 400,
      detail: 'asOf must be an ISO-8601 instant',
      instance: '/v1/partners/p/scores',
      error: 'bad-parameter',
      parameter: 'asOf',
    });
    expect(toProblem(404, 'not-found', 'unknown partner p', '/v1/partners/p/history')).not.toHaveProperty(
      'parameter',
    );
    expect(toProblem(418, 'teapot', 'x', '/').title).toBe('Client Error');
  });
});

describe('legacy aliases', () => {
  it('maps each pre-/v1 route to its /v1 path, and nothing else', () => {
    expect(v1PathOf('/partners?limit=5')).toBe('/v1/partners?limit=5');
    expect(v1PathOf('/partners/p/scores')).toBe('/v1/partners/p/scores');
    expect(v1PathOf('/designations/security/partners')).toBe('/v1/designations/security/partners');
    expect(v1PathOf('/events/designations?key=k')).toBe('/v1/events/designations?key=k');
    expect(v1PathOf('/admin/clock')).toBe('/v1/admin/clock');
    expect(v1PathOf('/openapi.json')).toBe('/v1/openapi.json');
    for (const kept of [
      '/v1/partners',
      '/health/ready',
      '/metrics',
      '/',
      '/dashboard/app.js',
      '/partnersx',
      '/events/other',
    ]) {
      expect(v1PathOf(kept)).toBeNull();
    }
  });
});

describe(ListCall.name, () => {
  const call = (query: Record<string, unknown>) =>
    new ListCall({ headers: {}, query }, { setHeader: () => undefined });
  const refusal = (query: Record<string, unknown>, max?: number) => {
    try {
      call(query).page(max);
    } catch (e) {
      return (e as BadRequestException).getResponse();
    }
    return undefined;
  };

  it('reads limit (default 50, up to the list’s maximum) and the cursor’s position', () => {
    expect(call({}).page()).toEqual({ limit: 50, position: undefined });
    expect(call({ limit: '500', cursor: encodeCursor({ score: 3, member: 'p' }) }).page()).toEqual({
      limit: 500,
      position: { score: 3, member: 'p' },
    });
    expect(refusal({ limit: '101' }, 100)).toMatchObject({ parameter: 'limit' });
  });

  it('refuses the old offset and a repeated parameter by name instead of falling back to a default', () => {
    expect(refusal({ offset: '0' })).toMatchObject({ error: 'bad-parameter', parameter: 'offset' });
    expect(refusal({ limit: ['1', '2'] })).toMatchObject({ parameter: 'limit' });
    expect(refusal({ cursor: { a: 1 } })).toMatchObject({ parameter: 'cursor' });
  });
});
