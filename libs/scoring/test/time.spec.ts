import { addMonths, monthKey, scoredMonth } from '../src/index.js';
import { nextMonthStart, nextScoredMonthMove } from '../src/time.js';
import { ms } from './support/events.js';

const L = (iso: string, lag: number) => monthKey(scoredMonth(ms(iso), lag));

describe('time', () => {
  it('L is the month before the month of T − dataLagDays: with 19 days it moves on the 20th at 00:00 UTC', () => {
    expect(L('2026-06-19T23:59:59.999Z', 19)).toBe('2026-04'); // T − 19 d = 2026-05-31 → month before May
    expect(L('2026-06-20T00:00:00Z', 19)).toBe('2026-05'); // T − 19 d = 2026-06-01
    expect(L('2026-01-10T00:00:00Z', 19)).toBe('2025-11'); // crosses the year
    expect(L('2026-06-01T00:00:00Z', 0)).toBe('2026-05'); // no lag: moves at the month start
    expect(L('2026-05-31T23:59:59Z', 0)).toBe('2026-04');
  });

  it('finds the next month start and the next move of L strictly after an instant', () => {
    expect(nextMonthStart(ms('2026-06-01T00:00:00Z'))).toBe(ms('2026-07-01T00:00:00Z'));
    expect(nextMonthStart(ms('2026-12-31T23:00:00Z'))).toBe(ms('2027-01-01T00:00:00Z'));
    expect(nextScoredMonthMove(ms('2026-06-10T00:00:00Z'), 19)).toBe(ms('2026-06-20T00:00:00Z'));
    expect(nextScoredMonthMove(ms('2026-06-20T00:00:00Z'), 19)).toBe(ms('2026-07-20T00:00:00Z'));
    expect(nextScoredMonthMove(ms('2026-02-25T00:00:00Z'), 19)).toBe(ms('2026-03-20T00:00:00Z'));
  });

  it('adds calendar months keeping day and time, clamping to the last day of a shorter month', () => {
    expect(addMonths(ms('2026-03-14T09:30:00Z'), 12)).toBe(ms('2027-03-14T09:30:00Z'));
    expect(addMonths(ms('2026-01-31T12:00:00Z'), 1)).toBe(ms('2026-02-28T12:00:00Z'));
    expect(addMonths(ms('2028-02-29T00:00:00Z'), 12)).toBe(ms('2029-02-28T00:00:00Z'));
    expect(addMonths(ms('2028-02-29T00:00:00Z'), 48)).toBe(ms('2032-02-29T00:00:00Z'));
    expect(addMonths(ms('2026-08-31T00:00:00Z'), -6)).toBe(ms('2026-02-28T00:00:00Z'));
  });
});
