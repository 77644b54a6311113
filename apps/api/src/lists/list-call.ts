import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { parseIntParam, rejectOffset } from '../params.js';
import { decodeCursor, type IndexPosition } from './cursor.js';
import { type CsvTable, listAnswer, type ListRequest, type ListResponse } from './list-answer.js';

/** A query value as text: a repeated or nested parameter becomes text no parser accepts (a 400), never a silent default. */
const text = (value: unknown) =>
  value === undefined || typeof value === 'string' ? value : JSON.stringify(value);

/** What every list route reads and answers the same way: its page and its JSON or CSV answer. */
export class ListCall {
  constructor(
    private readonly request: ListRequest,
    private readonly response: ListResponse,
  ) {}

  /** The page asked for: `?limit=` (default 50, 1..max), `?cursor=`; the old `?offset=` is refused. */
  page(max = 500): { limit: number; position: IndexPosition | undefined } {
    const query = this.request.query;
    rejectOffset(text(query.offset));
    return {
      limit: parseIntParam('limit', text(query.limit), 50, 1, max),
      position: decodeCursor(text(query.cursor)),
    };
  }

  /** The body as JSON, or its CSV form when the client asked for CSV (listAnswer). */
  answer<B extends { nextCursor: string | null }>(body: B, csv: (body: B) => CsvTable): B | string {
    return listAnswer(this.request, this.response, body, csv);
  }
}

/** The list call of a request: `@List() list: ListCall` in a list route's parameters. */
export const List = createParamDecorator((_: unknown, context: ExecutionContext) => {
  const http = context.switchToHttp();
  return new ListCall(http.getRequest<ListRequest>(), http.getResponse<ListResponse>());
});
