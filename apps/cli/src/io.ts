/** Where a command writes; tests pass an in-memory implementation. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

export const processIo: CliIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
};

/** A command of the `capscore` dispatcher. `run` resolves to the process exit code. */
export interface CliCommand {
  summary: string;
  usage: string;
  run(argv: string[], io: CliIo): Promise<number>;
}

/** Exit codes: 0 done, 1 the command could not run (unreadable file, invalid program), 2 usage error. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** A mistake in the command line: reported with the command's usage, exit code 2. */
export class UsageError extends Error {}

/** The command itself could not run: reported without usage, exit code 1. */
export class CommandFailure extends Error {}
