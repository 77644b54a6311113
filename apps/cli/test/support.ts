import { runCli } from '../src/cli.js';
import type { TtyAwareIo } from '../src/online/progress.js';

export const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).pathname;

/** Runs the dispatcher in-process with an in-memory io. */
export async function run(argv: string[], options: { tty?: boolean } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: TtyAwareIo = {
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    stderrIsTty: options.tty ?? false,
  };
  const code = await runCli(argv, io);
  return { code, stdout: out.join(''), stderr: err.join('') };
}
