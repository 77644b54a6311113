import { type CliIo, CommandFailure, EXIT_OK, UsageError } from '../io.js';
import { parseInstantOption } from '../commands/inputs.js';
import { onlineConfig } from './config.js';

/** The part of GET /v1/partners/{id}/scores the table shows (apps/api PartnersController). */
interface ScoresResponse {
  partnerId: string;
  asOf: string;
  programId: string;
  programVersion: string;
  threshold: number;
  partialHistory: boolean;
  designations: {
    designationId: string;
    track: string;
    score: number;
    qualified: boolean;
    metrics: {
      id: string;
      category: string;
      points: number;
      maxPoints: number;
      value: number;
      missing?: string[];
    }[];
    lifecycle: { held: boolean; grantedAt: string | null; anniversary: string | null; atRisk: boolean };
  }[];
  projectedTransitions: { type: string; designationId: string; at: string; cause: string }[];
}

export interface OnlineScoreOptions {
  partner: string;
  asOf?: string;
  api?: string;
  apiKey?: string;
  format?: string;
  designation?: string;
}

/** `capscore score --partner ID`: asks the running system's api and prints a table or its JSON. */
export async function scoreFromApi(options: OnlineScoreOptions, io: CliIo): Promise<number> {
  const format = options.format ?? 'table';
  if (format !== 'table' && format !== 'json') {
    throw new UsageError(`--format ${format} is not supported with --partner (table, json)`);
  }
  if (options.asOf !== undefined) parseInstantOption(options.asOf, 'as-of');
  const needConfig = options.api === undefined || options.apiKey === undefined;
  const config = needConfig ? onlineConfig() : undefined;
  const base = (
    options.api ?? `http://${config?.http.host ?? '127.0.0.1'}:${config?.http.port ?? 3000}`
  ).replace(/\/+$/, '');
  const apiKey = options.apiKey ?? config?.http.apiKey;
  const url = new URL(`${base}/v1/partners/${encodeURIComponent(options.partner)}/scores`);
  if (options.asOf !== undefined) url.searchParams.set('asOf', options.asOf);

  let response: Response;
  try {
    response = await fetch(url, {
      headers: { accept: 'application/json', ...(apiKey ? { 'x-api-key': apiKey } : {}) },
    });
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message;
    throw new CommandFailure(
      `cannot reach the api at ${base} (${cause}); start it (npm start) or pass --api URL`,
    );
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new CommandFailure(
      `${url.href} answered ${response.status} with a non-JSON body: ${text.slice(0, 200)}`,
    );
  }
  if (!response.ok) {
    // A problem+json body (RFC 9457) says what went wrong in `detail`.
    const message = (body as { detail?: unknown }).detail;
    const hint = response.status === 401 ? ' (set API_KEY or pass --api-key)' : '';
    throw new CommandFailure(
      `${url.href} answered ${response.status}: ${typeof message === 'string' ? message : text.slice(0, 200)}${hint}`,
    );
  }
  const answer = body as ScoresResponse;
  if (options.designation !== undefined) {
    const known = answer.designations.map((d) => d.designationId);
    if (!known.includes(options.designation)) {
      throw new UsageError(`--designation ${options.designation} is not one of ${known.join(', ')}`);
    }
    answer.designations = answer.designations.filter((d) => d.designationId === options.designation);
    answer.projectedTransitions = answer.projectedTransitions.filter(
      (t) => t.designationId === options.designation,
    );
  }
  if (format === 'json') io.stdout(`${JSON.stringify(answer, null, 2)}\n`);
  else io.stdout(scoresTable(answer));
  return EXIT_OK;
}

const yesNo = (b: boolean) => (b ? 'yes' : 'no');
const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '-');

/** The api's answer as text: one row per designation, then each metric with what it lacks. */
export function scoresTable(r: ScoresResponse): string {
  const lines = [
    `partner ${r.partnerId} as of ${r.asOf} (program ${r.programId} ${r.programVersion}, threshold ${r.threshold})${r.partialHistory ? ' [partial history]' : ''}`,
    '',
  ];
  const rows = [
    ['designation', 'track', 'score', 'qualified', 'held', 'at-risk', 'granted', 'anniversary'],
    ...r.designations.map((d) => [
      d.designationId,
      d.track,
      d.score.toFixed(2),
      yesNo(d.qualified),
      yesNo(d.lifecycle.held),
      yesNo(d.lifecycle.atRisk),
      day(d.lifecycle.grantedAt),
      day(d.lifecycle.anniversary),
    ]),
  ];
  lines.push(...table(rows, [2]));
  for (const d of r.designations) {
    lines.push('', `${d.designationId} (${d.track}): ${d.score.toFixed(2)} / 100`);
    lines.push(
      ...table(
        d.metrics.map((m) => [
          `  ${m.id}`,
          m.category,
          `${fmt(m.points)}/${fmt(m.maxPoints)}`,
          `value ${fmt(m.value)}`,
          (m.missing ?? []).join('; '),
        ]),
        [2],
      ),
    );
  }
  if (r.projectedTransitions.length > 0) {
    lines.push('', 'projected transitions up to as-of:');
    lines.push(
      ...table(
        r.projectedTransitions.map((t) => [`  ${t.at}`, t.type, t.designationId, t.cause]),
        [],
      ),
    );
  }
  return `${lines.map((l) => l.trimEnd()).join('\n')}\n`;
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}

function table(rows: string[][], rightAligned: number[]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) =>
    row
      .map((cell, i) =>
        rightAligned.includes(i) ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0),
      )
      .join('  '),
  );
}
