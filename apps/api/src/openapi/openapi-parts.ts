// The building blocks every path of the OpenAPI document shares: $refs, responses, security
// requirements and the query parameters several routes take.
export type Json = Record<string, unknown>;

export const ref = (id: string): Json => ({ $ref: `#/components/schemas/${id}` });
export const json = (description: string, schema: Json): Json => ({
  description,
  content: { 'application/json': { schema } },
});
export const error = (description: string): Json => ({
  description,
  content: { 'application/problem+json': { schema: ref('Error') } },
});
export const UNAUTHORIZED = error(
  'API_KEY is set and neither a right x-api-key header nor a valid partner token was sent (or the token expired or its key was rotated out)',
);
/** Every route a partner token may not use answers it 403 (only the operator key opens them). */
export const FORBIDDEN = error('a partner token: this route needs the operator key');
export const OPEN: Json[] = [];
/** The operator key only. */
export const OPERATOR: Json[] = [{ apiKey: [] }];

export const partnerIdParam: Json = {
  name: 'partnerId',
  in: 'path',
  required: true,
  schema: { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,64}$' },
};
/** Cursor paging: `limit` (1..500, default 50) and the `nextCursor` of the page before. */
export const PAGING: Json[] = [
  {
    name: 'limit',
    in: 'query',
    required: false,
    schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
  },
  {
    name: 'cursor',
    in: 'query',
    required: false,
    schema: { type: 'string' },
    description: 'the nextCursor of the previous page (opaque)',
  },
];
export const FORMAT: Json = {
  name: 'format',
  in: 'query',
  required: false,
  schema: { type: 'string', enum: ['csv'] },
  description: 'csv: the same as Accept: text/csv (for plain links)',
};
/** A list answers JSON, or CSV with Accept: text/csv (RFC 4180, a header row; the next cursor in the Next-Cursor header). */
export const list = (description: string, schema: Json): Json => ({
  description,
  headers: {
    'Next-Cursor': {
      description: 'CSV only: the next page’s cursor (absent on the last page)',
      schema: { type: 'string' },
    },
  },
  content: { 'application/json': { schema }, 'text/csv': { schema: { type: 'string' } } },
});
export const designationQuery: Json = {
  name: 'designation',
  in: 'query',
  required: true,
  schema: { type: 'string' },
  description: 'a designation of the program, e.g. security',
};
