import type { ComponentValue } from './components.js';
import type { Component, Gate } from './program-schema.js';

/**
 * Human text for what a metric lacks (MetricScore.missing). These are explanations for people
 * (API, CLI); nothing downstream parses them.
 */

export function gateShortfall(gate: Gate, holders: number): string | null {
  const short = gate.atLeast - holders;
  if (short <= 0) return null;
  const certs =
    gate.certifications.length === 1 ? gate.certifications[0] : `of ${gate.certifications.join(', ')}`;
  return `gate: ${short} more ${certs}`;
}

/**
 * What would take the metric to full points, per component that can still grow: the gap in raw
 * progress (1 − raw, raw unclamped so a negative net count is made up first) times that
 * component's fullAt, limited by its maxUnits. Several components are alternatives (" or ").
 */
export function componentShortfall(
  components: Component[],
  values: ComponentValue[],
  raw: number,
): string | null {
  const gap = 1 - raw;
  if (gap <= 1e-9) return null;
  const parts: string[] = [];
  components.forEach((c, i) => {
    const value = values[i]?.value ?? 0;
    const headroom = c.maxUnits === undefined ? Infinity : c.maxUnits - Math.min(value, c.maxUnits);
    const needed = Math.min(gap * c.fullAt, headroom);
    if (needed <= 1e-9) return;
    const amount = isCountable(c) ? Math.ceil(needed - 1e-9) : Math.ceil(needed * 100 - 1e-6) / 100;
    const label =
      c.label ?? (components.length > 1 ? `${c.kind === 'certifiedPeople' ? 'people' : c.source}` : null);
    parts.push(`${label ? `${label}: ` : ''}${amount} more ${unitOf(c, amount)}`);
  });
  return parts.length > 0 ? parts.join(' or ') : null;
}

function isCountable(c: Component): boolean {
  return c.kind !== 'growth';
}

const MEASURE_WORDS: Record<string, string> = {
  amount: 'USD',
  activeUsers: 'active users',
  paidLicenses: 'paid licences',
  activeRatio: 'active ratio',
  mcv: 'MCV',
};

function unitOf(c: Component, amount: number): string {
  const plural = amount !== 1;
  switch (c.kind) {
    case 'certifiedPeople':
      return plural ? 'certified people' : 'certified person';
    case 'netQualifying':
      return c.per === 'customer'
        ? `net qualifying customer${plural ? 's' : ''}`
        : `net qualifying customer-workload${plural ? 's' : ''}`;
    case 'distinctWorkloads':
      return `eligible workload${plural ? 's' : ''} with ${c.source}`;
    case 'growth':
      return c.mode === 'percent'
        ? 'percentage points of growth'
        : `${MEASURE_WORDS[c.measure] ?? c.measure} of growth`;
  }
}
