/** Progress lines on stderr, at most one per interval per phase (the table goes to stdout). */
export class Progress {
  private last = 0;
  private readonly started = Date.now();

  constructor(
    private readonly phase: string,
    private readonly intervalMs = 2_000,
  ) {}

  tick(message: string): void {
    const now = Date.now();
    if (now - this.last < this.intervalMs) return;
    this.last = now;
    this.say(message);
  }

  say(message: string): void {
    process.stderr.write(
      `[bench ${this.phase} +${((Date.now() - this.started) / 1000).toFixed(1)}s] ${message}\n`,
    );
  }
}
