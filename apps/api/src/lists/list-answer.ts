import { type CsvCell, toCsv } from './csv.js';

/** The parts of an Express request and response a list answer needs. */
export interface ListRequest {
  headers: Record<string, string | string[] | undefined>;
  query: Record<string, unknown>;
}
export interface ListResponse {
  setHeader(name: string, value: string): unknown;
}

/** A list's CSV form: a header and one row per entry. */
export interface CsvTable {
  header: readonly string[];
  rows: readonly (readonly CsvCell[])[];
}

/**
 * CSV when the client asks for it: `Accept: text/csv`, or `?format=csv` for a plain browser link
 * (the dashboard's export buttons cannot set headers). JSON otherwise.
 */
export function wantsCsv(request: ListRequest): boolean {
  const accept = request.headers.accept;
  return (
    request.query.format === 'csv' || (typeof accept === 'string' && /(^|,)\s*text\/csv\b/i.test(accept))
  );
}

/**
 * Answers a page of a list as JSON (the body as it is) or as CSV. A CSV page carries the next
 * page's cursor in the `Next-Cursor` header (absent on the last page), as the JSON body does in
 * `nextCursor`.
 */
export function listAnswer<B extends { nextCursor: string | null }>(
  request: ListRequest,
  response: ListResponse,
  body: B,
  csv: (body: B) => CsvTable,
): B | string {
  if (!wantsCsv(request)) return body;
  const table = csv(body);
  response.setHeader('Content-Type', 'text/csv; charset=utf-8');
  if (body.nextCursor !== null) response.setHeader('Next-Cursor', body.nextCursor);
  return toCsv(table.header, table.rows);
}
