import { BadRequestException } from '@nestjs/common';

/** Where a page of an ordered index ended: the last entry's sort score and member. */
export interface IndexPosition {
  score: number;
  member: string;
}

/**
 * Cursors are opaque to clients (base64url of the last entry's position), so the order behind a
 * list can change without breaking them. Paging by position rather than offset means an entry
 * added or removed while a client pages (a grant, a loss) never shifts the rest: nothing present
 * throughout is skipped or returned twice.
 */
export function encodeCursor(position: IndexPosition): string {
  return Buffer.from(JSON.stringify([position.score, position.member]), 'utf8').toString('base64url');
}

/** The position a cursor names; undefined for no cursor, a 400 naming `cursor` when it is not one of ours. */
export function decodeCursor(cursor: string | undefined): IndexPosition | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  let parsed: unknown;
  try {
    parsed = /^[A-Za-z0-9_-]{1,400}$/.test(cursor)
      ? JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
      : undefined;
  } catch {
    parsed = undefined;
  }
  if (
    Array.isArray(parsed) &&
    parsed.length === 2 &&
    Number.isFinite(parsed[0]) &&
    typeof parsed[1] === 'string'
  ) {
    return { score: parsed[0] as number, member: parsed[1] };
  }
  throw new BadRequestException({
    error: 'bad-parameter',
    parameter: 'cursor',
    message: 'cursor is not a nextCursor this api returned',
  });
}
