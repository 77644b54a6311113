import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import {
  type DlqCode,
  INPUT_EVENT_TYPES,
  type InputEventType,
  type InputTopicRole,
  decodeInputRecord,
  topicRoleOfType,
} from '@app/contracts';
import { CommandFailure, UsageError } from '../io.js';
import { parseCsv } from './csv.js';

/** A line of the file that passed the pipeline's own validation, ready to produce. */
export interface ValidRecord {
  line: number;
  role: InputTopicRole;
  /** The Kafka key: the event's partnerId. */
  key: string;
  /** The JSON value as sent: the NDJSON line itself, or the event built from a CSV row. */
  value: string;
}

export interface InvalidRecord {
  line: number;
  code: DlqCode | 'invalid-csv';
  message: string;
}

export interface InputFile {
  format: 'ndjson' | 'csv';
  valid: ValidRecord[];
  invalid: InvalidRecord[];
}

/** The envelope columns of the CSV layout (docs/cli.md); every other column is a data field. */
export const CSV_ENVELOPE_COLUMNS = ['eventId', 'type', 'partnerId', 'occurredAt'] as const;
/** Every data field of every input event type (contracts §1); `data` holds a JSON object instead. */
export const CSV_DATA_COLUMNS = [
  'individualId',
  'certificationId',
  'earnedAt',
  'expiresAt',
  'customerId',
  'workload',
  'month',
  'amountUsd',
  'reversesEventId',
  'activeUsers',
  'paidLicenses',
] as const;
const NUMERIC_COLUMNS = new Set<string>(['amountUsd', 'activeUsers', 'paidLicenses']);

const encoder = new TextEncoder();

export function detectFormat(path: string, format: string | undefined): 'ndjson' | 'csv' {
  const chosen =
    format ?? (extname(path).toLowerCase() === '.csv' ? 'csv' : extname(path).toLowerCase().replace('.', ''));
  if (chosen === 'ndjson' || chosen === 'jsonl' || chosen === 'json') return 'ndjson';
  if (chosen === 'csv') return 'csv';
  throw new UsageError(
    `cannot tell the format of ${path}: name it .ndjson or .csv, or pass --input-format ndjson|csv`,
  );
}

/**
 * Reads an NDJSON or CSV file of input events and validates every record exactly as the
 * scorer validates a Kafka record (decodeInputRecord on the topic of its type, key = partnerId).
 */
export function readInputFile(path: string, format: 'ndjson' | 'csv'): InputFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CommandFailure(`cannot read events file ${path}: ${(error as Error).message}`);
  }
  const file: InputFile = { format, valid: [], invalid: [] };
  const candidates = format === 'csv' ? csvCandidates(text, file) : ndjsonCandidates(text);
  for (const { line, value } of candidates) {
    const { type, partnerId } = peek(value);
    const role = type === undefined ? 'certifications' : topicRoleOfType(type);
    const decoded = decodeInputRecord(
      role,
      partnerId === undefined ? null : encoder.encode(partnerId),
      encoder.encode(value),
    );
    if (decoded.ok) file.valid.push({ line, role, key: decoded.event.partnerId, value });
    else file.invalid.push({ line, code: decoded.code, message: decoded.message });
  }
  file.invalid.sort((a, b) => a.line - b.line);
  return file;
}

function ndjsonCandidates(text: string): { line: number; value: string }[] {
  const out: { line: number; value: string }[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const value = raw.trim();
    if (value !== '') out.push({ line: index + 1, value });
  });
  return out;
}

function csvCandidates(text: string, file: InputFile): { line: number; value: string }[] {
  const { rows, error } = parseCsv(text.startsWith('\uFEFF') ? text.slice(1) : text);
  const [header, ...body] = rows;
  if (!header) return [];
  const columns = header.cells.map((c) => c.trim());
  const known = new Set<string>([...CSV_ENVELOPE_COLUMNS, ...CSV_DATA_COLUMNS, 'data']);
  const unknown = columns.filter((c) => !known.has(c));
  const missing = CSV_ENVELOPE_COLUMNS.filter((c) => !columns.includes(c));
  if (unknown.length > 0 || missing.length > 0) {
    throw new CommandFailure(
      [
        `line ${header.line}: the CSV header must name the columns ${CSV_ENVELOPE_COLUMNS.join(',')} and then data fields`,
        ...(missing.length > 0 ? [`missing: ${missing.join(', ')}`] : []),
        ...(unknown.length > 0
          ? [
              `unknown: ${unknown.join(', ')} (data fields: ${CSV_DATA_COLUMNS.join(', ')}, or one data column of JSON)`,
            ]
          : []),
      ].join('; '),
    );
  }
  const out: { line: number; value: string }[] = [];
  for (const row of body) {
    if (row.cells.length !== columns.length) {
      file.invalid.push({
        line: row.line,
        code: 'invalid-csv',
        message: `${row.cells.length} cells, the header has ${columns.length}`,
      });
      continue;
    }
    const event: Record<string, unknown> = {};
    let data: Record<string, unknown> = {};
    let dataJsonError: string | undefined;
    columns.forEach((column, i) => {
      const cell = row.cells[i] ?? '';
      if (cell === '') return; // an empty cell is an absent field
      if ((CSV_ENVELOPE_COLUMNS as readonly string[]).includes(column)) event[column] = cell;
      else if (column === 'data') {
        try {
          const parsed: unknown = JSON.parse(cell);
          if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
            dataJsonError = 'the data column must hold a JSON object';
          } else data = { ...data, ...(parsed as Record<string, unknown>) };
        } catch (e) {
          dataJsonError = `the data column is not JSON: ${(e as Error).message}`;
        }
      } else {
        data[column] =
          NUMERIC_COLUMNS.has(column) && cell.trim() !== '' && !Number.isNaN(Number(cell))
            ? Number(cell)
            : cell;
      }
    });
    if (dataJsonError) {
      file.invalid.push({ line: row.line, code: 'invalid-csv', message: dataJsonError });
      continue;
    }
    out.push({ line: row.line, value: JSON.stringify({ ...event, data }) });
  }
  if (error) file.invalid.push({ line: error.line, code: 'invalid-csv', message: error.message });
  return out;
}

/** The type and partnerId of a record, when it has them, to pick the topic and the key. */
function peek(value: string): { type?: InputEventType; partnerId?: string } {
  try {
    const json: unknown = JSON.parse(value);
    if (typeof json !== 'object' || json === null) return {};
    const { type, partnerId } = json as { type?: unknown; partnerId?: unknown };
    return {
      ...(typeof type === 'string' && (INPUT_EVENT_TYPES as readonly string[]).includes(type)
        ? { type: type as InputEventType }
        : {}),
      ...(typeof partnerId === 'string' ? { partnerId } : {}),
    };
  } catch {
    return {};
  }
}
