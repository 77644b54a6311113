import { impactChanges, type Program, type ProgramImpact } from '@app/scoring';

/** What the report compared: shown above the text table. */
export interface ImpactHeading {
  active: Program;
  proposed: Program;
  asOf: number;
  partners: number;
}

const score = (value: number | null): string => (value === null ? '-' : value.toFixed(2));

/** Where a designation exists: a one-program designation is marked, its missing side is "-". */
function presence(designationId: string, heading: ImpactHeading): string {
  const inActive = heading.active.designations.some((d) => d.id === designationId);
  const inProposed = heading.proposed.designations.some((d) => d.id === designationId);
  if (inActive && inProposed) return '';
  return inActive ? ' (active program only)' : ' (proposed program only)';
}

/** A readable report: a summary row per designation, then every gain and loss with both totals. */
export function impactText(report: ProgramImpact, heading: ImpactHeading): string {
  const { active, proposed } = heading;
  const lines = [
    `program impact at ${new Date(heading.asOf).toISOString()} on ${heading.partners} partner(s): ` +
      `active ${active.id} ${active.version} (threshold ${active.threshold}) -> proposed ${proposed.id} ${proposed.version} (threshold ${proposed.threshold})`,
    '',
  ];
  const names = report.designations.map((d) => `${d.designationId}${presence(d.designationId, heading)}`);
  const width = Math.max('designation'.length, ...names.map((n) => n.length));
  lines.push(`${'designation'.padEnd(width)}  gains  losses  unchanged`);
  report.designations.forEach((d, i) => {
    lines.push(
      `${(names[i] ?? d.designationId).padEnd(width)}  ${String(d.gains.length).padStart(5)}  ${String(d.losses.length).padStart(6)}  ${String(d.unchanged).padStart(9)}`,
    );
  });
  const idWidth = Math.max(
    'partner'.length,
    ...report.designations.flatMap((d) => [...d.gains, ...d.losses].map((e) => e.partnerId.length)),
  );
  const row = (kind: string, partnerId: string, before: string, after: string) =>
    `  ${kind.padEnd(6)}  ${partnerId.padEnd(idWidth)}  ${before.padStart(6)}  ${after.padStart(6)}`;
  for (const d of report.designations) {
    if (d.gains.length + d.losses.length === 0) continue;
    lines.push(
      '',
      `${d.designationId}: ${d.gains.length} gain(s), ${d.losses.length} loss(es)`,
      row('change', 'partner', 'before', 'after'),
    );
    for (const [kind, entries] of [
      ['gain', d.gains],
      ['loss', d.losses],
    ] as const) {
      lines.push(...entries.map((e) => row(kind, e.partnerId, score(e.before), score(e.after))));
    }
  }
  return `${lines.join('\n')}\n`;
}

/** RFC 4180 quoting, for ids with commas or quotes. */
function cell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * One row per gain or loss (a spreadsheet filters them); the unchanged counts are in the json and
 * text formats. An empty before/after is a designation the program lacks.
 */
export function impactCsv(report: ProgramImpact): string {
  const rows = ['designationId,change,partnerId,before,after'];
  for (const c of impactChanges(report)) {
    rows.push(
      [c.designationId, c.change, c.partnerId, c.before ?? '', c.after ?? '']
        .map((v) => cell(String(v)))
        .join(','),
    );
  }
  return `${rows.join('\n')}\n`;
}
