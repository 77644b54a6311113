/**
 * The one source of "now" for the pipeline (contracts.md §5). The system clock in production;
 * a fixed clock for tests and demos, moved forward with `POST /admin/clock`.
 */
export interface Clock {
  now(): number;
  readonly fixed: boolean;
}

export class SystemClock implements Clock {
  readonly fixed = false;
  now(): number {
    return Date.now();
  }
}

export class FixedClock implements Clock {
  readonly fixed = true;
  constructor(private current: number) {}
  now(): number {
    return this.current;
  }
  set(to: number): void {
    if (to < this.current) throw new Error('the clock only moves forward');
    this.current = to;
  }
}
