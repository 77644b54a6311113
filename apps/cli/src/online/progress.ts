import { type CliIo, processIo } from '../io.js';

/** An io that says whether its stderr is a terminal; tests set it, the process io asks Node. */
export interface TtyAwareIo extends CliIo {
  stderrIsTty?: boolean;
}

export function stderrIsTty(io: TtyAwareIo): boolean {
  if (io.stderrIsTty !== undefined) return io.stderrIsTty;
  return io === processIo && process.stderr.isTTY === true;
}

const BAR_WIDTH = 24;
/** A terminal redraw at most this often: faster than the eye, cheap for large files. */
const TTY_REDRAW_MS = 100;
/** Without a terminal (CI logs, pipes) one line per this share of the work, so logs stay short. */
const LINE_STEP = 0.1;

/**
 * Progress of a long-running job on stderr. On a terminal it is one line redrawn in place
 * (carriage return + erase to end of line); otherwise it prints a line at every 10 % step,
 * so the output of a log or pipe is bounded and does not depend on timing.
 */
export class ProgressReporter {
  private readonly tty: boolean;
  private readonly started = Date.now();
  private lastDraw = 0;
  private nextStep = LINE_STEP;
  private drawn = false;

  constructor(
    private readonly io: TtyAwareIo,
    private readonly label: string,
    private readonly total: number,
    private readonly unit = 'records',
  ) {
    this.tty = stderrIsTty(io);
  }

  update(done: number): void {
    if (this.total === 0) return;
    const share = Math.min(1, done / this.total);
    if (this.tty) {
      const now = Date.now();
      if (now - this.lastDraw < TTY_REDRAW_MS && done < this.total) return;
      this.lastDraw = now;
      this.io.stderr(`\r${this.line(done, share)}\x1b[K`);
      this.drawn = true;
      return;
    }
    if (share + 1e-9 < this.nextStep && done < this.total) return;
    while (this.nextStep <= share + 1e-9) this.nextStep += LINE_STEP;
    this.io.stderr(`${this.line(done, share)}\n`);
  }

  /** Ends the redrawn line on a terminal so later output starts on a fresh line. */
  finish(): void {
    if (this.tty && this.drawn) this.io.stderr('\n');
  }

  private line(done: number, share: number): string {
    const filled = Math.round(share * BAR_WIDTH);
    const seconds = (Date.now() - this.started) / 1000;
    const rate = seconds > 0 ? Math.round(done / seconds) : 0;
    const percent = `${Math.floor(share * 100)}`.padStart(3);
    return `${this.label} [${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${percent}% ${done}/${this.total} ${this.unit} ${rate}/s`;
  }
}
