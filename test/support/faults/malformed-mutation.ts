import type { DlqCode, InputEvent, InputTopicRole } from '@app/contracts';
import type { Random } from '@app/simulation';

// What a malformed record is, and the helpers the mutations build one with from a valid event.

/** A malformed input record, the topic it goes to, and the DLQ code contracts.md gives its defect. */
export interface MalformedRecord {
  role: InputTopicRole;
  key: string | Buffer | null;
  value: string | Buffer | null;
  code: DlqCode;
  /** The defect, e.g. `impossible-date`; used for the category counts and failure messages. */
  kind: string;
  /** Key to choose the partition by when it is not `key` (see RawRecord.partitionBy). */
  partitionBy?: string;
}

type Json = Record<string, unknown>;
export type Mutation = (
  e: InputEvent,
  rng: Random,
) => Omit<MalformedRecord, 'role'> & { role?: InputTopicRole };

export const clone = (e: InputEvent): Json => JSON.parse(JSON.stringify(e)) as Json;
export const dataOf = (o: Json): Json => o.data as Json;

/**
 * JSON text of `o` in which the values set to `raw(...)` are replaced by raw JSON text: NaN and
 * Infinity tokens, numbers JavaScript cannot hold, or keys JavaScript would treat specially.
 */
const RAW = '\u0002raw\u0002';
export function raw(text: string): string {
  return `${RAW}${text}${RAW}`;
}
export function toText(o: unknown): string {
  return JSON.stringify(o).replace(
    /"\\u0002raw\\u0002(.*?)\\u0002raw\\u0002"/g,
    (_m, inner: string) => JSON.parse(`"${inner}"`) as string,
  );
}

/** Inserts `"name":value` (raw JSON) as the first member of the root object or of `data`. */
export function insertMember(text: string, where: 'root' | 'data', member: string): string {
  if (where === 'root') return `{${member},${text.slice(1)}`;
  const at = text.indexOf('"data":{') + '"data":{'.length;
  return `${text.slice(0, at)}${member},${text.slice(at)}`;
}

export function numericField(e: InputEvent): string | null {
  if (e.type === 'revenue.recorded') return 'amountUsd';
  if (e.type === 'usage.reported') return 'activeUsers';
  return null;
}
