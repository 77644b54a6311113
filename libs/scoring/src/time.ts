/**
 * UTC calendar arithmetic. Instants are epoch milliseconds; months are integer indexes
 * (year × 12 + zero-based month) so that "L − 23" is plain subtraction.
 */

export const DAY_MS = 86_400_000;

/** Index of the UTC calendar month containing the instant. */
export function monthIndexOf(at: number): number {
  const d = new Date(at);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

/** First instant (00:00 UTC on day 1) of a month index. */
export function monthStartMs(month: number): number {
  return Date.UTC(Math.floor(month / 12), ((month % 12) + 12) % 12, 1);
}

/** "YYYY-MM" of a month index: the key used in aggregates (matches the events' `month`). */
export function monthKey(month: number): string {
  const year = Math.floor(month / 12);
  const mm = (((month % 12) + 12) % 12) + 1;
  return `${String(year).padStart(4, '0')}-${String(mm).padStart(2, '0')}`;
}

/** Month index of a "YYYY-MM" string (already validated by the contracts). */
export function parseMonthKey(key: string): number {
  // Digit arithmetic: this runs for every stored month of every evaluation.
  const d = (i: number): number => key.charCodeAt(i) - 48;
  return (d(0) * 1000 + d(1) * 100 + d(2) * 10 + d(3)) * 12 + d(5) * 10 + d(6) - 1;
}

/**
 * The scored month L at T: the month before the month of (T − dataLagDays days). Monthly figures
 * arrive during the following month, so L moves on day (dataLagDays + 1) at 00:00 UTC.
 */
export function scoredMonth(at: number, dataLagDays: number): number {
  return monthIndexOf(at - dataLagDays * DAY_MS) - 1;
}

/** The first instant strictly after `after` at which a new UTC month starts. */
export function nextMonthStart(after: number): number {
  return monthStartMs(monthIndexOf(after) + 1);
}

/** The first instant strictly after `after` at which the scored month L moves. */
export function nextScoredMonthMove(after: number, dataLagDays: number): number {
  const lag = dataLagDays * DAY_MS;
  return monthStartMs(monthIndexOf(after - lag) + 1) + lag;
}

/**
 * Adds calendar months keeping the day and time of day; a day the target month lacks is clamped
 * to its last day (Jan 31 + 1 month = Feb 28/29).
 */
export function addMonths(at: number, months: number): number {
  const d = new Date(at);
  const target = d.getUTCFullYear() * 12 + d.getUTCMonth() + months;
  const year = Math.floor(target / 12);
  const month = ((target % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(d.getUTCDate(), lastDay);
  return Date.UTC(
    year,
    month,
    day,
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
    d.getUTCMilliseconds(),
  );
}

export function isoOf(at: number): string {
  return new Date(at).toISOString();
}
