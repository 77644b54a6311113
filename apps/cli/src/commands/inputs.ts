import { readFileSync } from 'node:fs';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import {
  INPUT_EVENT_TYPES,
  type InputEvent,
  type InputEventType,
  decodeInputRecord,
  parseIsoInstant,
  topicRoleOfType,
} from '@app/contracts';
import {
  MCPP_PROGRAM,
  type Program,
  type ProgramSchedule,
  ProgramValidationError,
  parseProgramText,
  scheduleFromTexts,
  singleVersion,
} from '@app/scoring';
import { type CliIo, CommandFailure, EXIT_OK, EXIT_USAGE, UsageError } from '../io.js';

/** Parses a command's options; any mistake is a UsageError (exit 2 with the usage). */
export function parseOptions<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export function requireOption(value: string | undefined, name: string): string {
  if (value === undefined || value === '') throw new UsageError(`--${name} is required`);
  return value;
}

/**
 * An ISO-8601 instant with an explicit offset and a real calendar date, read with the contracts'
 * `isoInstant` (as the events are); anything else is a usage error naming the option.
 */
export function parseInstantOption(value: string | undefined, name: string): number {
  const text = requireOption(value, name);
  const at = parseIsoInstant(text);
  if (at === undefined) {
    throw new UsageError(
      `--${name} expects an ISO-8601 instant such as 2026-06-15T00:00:00Z, got ${JSON.stringify(text)}`,
    );
  }
  return at;
}

export function checkFormat(value: string | undefined): void {
  if (value !== undefined && value !== 'json') {
    throw new UsageError(`--format ${value} is not supported (json)`);
  }
}

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new CommandFailure(`cannot read ${what} ${path}: ${(error as Error).message}`);
  }
}

/** The program of --program (JSON or YAML), or the bundled MCPP program. */
export function loadProgram(path: string | undefined): Program {
  if (path === undefined) return MCPP_PROGRAM;
  try {
    return parseProgramText(readText(path, 'program'), path);
  } catch (error) {
    if (error instanceof ProgramValidationError) throw new CommandFailure(error.message);
    throw error;
  }
}

/**
 * Several versions of one program (each file with its effectiveFrom), or the bundled MCPP program
 * when no file is named. Validated as the scorer validates CAPSCORE_PROGRAM.
 */
export function loadProgramVersions(paths: readonly string[]): ProgramSchedule {
  if (paths.length === 0) return singleVersion(MCPP_PROGRAM);
  try {
    return scheduleFromTexts(paths.map((path) => ({ name: path, text: readText(path, 'program') })));
  } catch (error) {
    if (error instanceof ProgramValidationError) throw new CommandFailure(error.message);
    throw error;
  }
}

const encoder = new TextEncoder();

/**
 * Reads an NDJSON file of input events. Each line is validated exactly as the pipeline validates
 * a Kafka record (decodeInputRecord), with the event's own partnerId as the key; invalid lines
 * are reported on stderr with their line number and skipped. Blank lines are ignored.
 */
export function readEvents(path: string, io: CliIo): InputEvent[] {
  const events: InputEvent[] = [];
  readText(path, 'events file')
    .split(/\r?\n/)
    .forEach((line, index) => {
      if (line.trim() === '') return;
      const { type, partnerId } = peek(line);
      const role = type === undefined ? 'certifications' : topicRoleOfType(type);
      const decoded = decodeInputRecord(
        role,
        partnerId === undefined ? null : encoder.encode(partnerId),
        encoder.encode(line),
      );
      if (decoded.ok) events.push(decoded.event);
      else io.stderr(`${path}:${index + 1}: skipped (${decoded.code}): ${decoded.message}\n`);
    });
  return events;
}

/** The type and partnerId of a line, when it has them, to pick the topic and the key. */
function peek(line: string): { type?: InputEventType; partnerId?: string } {
  try {
    const json: unknown = JSON.parse(line);
    if (typeof json !== 'object' || json === null) return {};
    const { type, partnerId } = json as { type?: unknown; partnerId?: unknown };
    return {
      ...(typeof type === 'string' && (INPUT_EVENT_TYPES as readonly string[]).includes(type)
        ? { type: type as InputEventType }
        : {}),
      ...(typeof partnerId === 'string' ? { partnerId } : {}),
    };
  } catch {
    return {};
  }
}

export function printJson(io: CliIo, value: unknown): void {
  io.stdout(`${JSON.stringify(value, null, 2)}\n`);
}

/**
 * The subcommand of `capscore <command> <subcommand> [options]`, or the exit code when there is
 * none to run: help prints the usage on stdout (0); a missing or unknown one, on stderr (2).
 */
export function subcommandOf<S extends string>(
  argv: string[],
  io: CliIo,
  command: string,
  usage: string,
  known: readonly S[],
): { sub: S; rest: string[] } | number {
  const [sub, ...rest] = argv;
  if (sub === '--help' || sub === '-h' || sub === 'help') {
    io.stdout(usage);
    return EXIT_OK;
  }
  if (sub === undefined || !(known as readonly string[]).includes(sub)) {
    io.stderr(
      `capscore ${command}: ${sub === undefined ? 'a subcommand is required' : `unknown subcommand ${JSON.stringify(sub)}`}\n\n${usage}`,
    );
    return EXIT_USAGE;
  }
  return { sub: sub as S, rest };
}
