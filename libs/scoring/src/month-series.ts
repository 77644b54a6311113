/**
 * Numbers by month index, stored densely over the span of months written so far: a partner's
 * summaries cover a few dozen months, and an array of them costs a fraction of a Map. A plain
 * array of doubles, not a Float64Array: summaries are rebuilt often (every large batch), and
 * creating a typed array (with its ArrayBuffer) costs several times more.
 */
export class MonthSeries {
  private base = 0;
  private values: number[] = [];

  get(month: number): number {
    const i = month - this.base;
    return i >= 0 && i < this.values.length ? (this.values[i] as number) : 0;
  }

  add(month: number, delta: number): void {
    if (delta === 0) return;
    this.cover(month);
    const i = month - this.base;
    this.values[i] = (this.values[i] as number) + delta;
  }

  private cover(month: number): void {
    if (this.values.length === 0) {
      this.base = month;
      this.values = [0, 0, 0, 0];
      return;
    }
    const first = Math.min(this.base, month);
    const last = Math.max(this.base + this.values.length - 1, month);
    if (first === this.base && last < this.base + this.values.length) return;
    // Grow with room on the side that grew: months arrive in both directions (late data, new months).
    const length = Math.max(last - first + 1, this.values.length * 2);
    const base = month < this.base ? last - length + 1 : first;
    const values = zeros(length);
    const offset = this.base - base;
    for (let i = 0; i < this.values.length; i++) values[offset + i] = this.values[i] as number;
    this.base = base;
    this.values = values;
  }
}

/** An array of `length` zeros, allocated at its final size. */
export function zeros(length: number): number[] {
  return new Array<number>(length).fill(0);
}
