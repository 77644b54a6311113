import { COMMANDS } from './commands/index.js';
import {
  type CliCommand,
  type CliIo,
  CommandFailure,
  EXIT_FAILED,
  EXIT_OK,
  EXIT_USAGE,
  UsageError,
} from './io.js';

export function usage(commands: Record<string, CliCommand>): string {
  const width = Math.max(...Object.keys(commands).map((n) => n.length));
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return [
    'usage: capscore <command> [options]',
    '',
    'commands:',
    ...lines,
    '',
    'capscore <command> --help shows the options of a command.',
    '',
  ].join('\n');
}

/**
 * Dispatches `capscore <command> [options]`. Never throws: every failure becomes a message on
 * stderr and an exit code (0 ok, 1 could not run, 2 usage error).
 */
export async function runCli(
  argv: string[],
  io: CliIo,
  commands: Record<string, CliCommand> = COMMANDS,
): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.stderr(usage(commands));
    return EXIT_USAGE;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage(commands));
    return EXIT_OK;
  }
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!command) {
    io.stderr(`capscore: unknown command ${JSON.stringify(name)}\n\n${usage(commands)}`);
    return EXIT_USAGE;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`capscore ${name}: ${error.message}\n\n${command.usage}`);
      return EXIT_USAGE;
    }
    if (error instanceof CommandFailure) {
      io.stderr(`capscore ${name}: ${error.message}\n`);
      return EXIT_FAILED;
    }
    io.stderr(
      `capscore ${name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return EXIT_FAILED;
  }
}
