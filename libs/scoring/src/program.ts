import type { z } from 'zod';
import { parse as parseYaml } from 'yaml';
import { checkProgram } from './program-checks.js';
import { type Program, ProgramObjectSchema } from './program-schema.js';

/** The full program schema: field rules plus the cross-field checks of program-checks.ts. */
export const ProgramSchema: z.ZodType<Program> = ProgramObjectSchema.superRefine(checkProgram);

export interface ProgramIssue {
  path: string;
  message: string;
}

/** A program that fails validation; the message lists every offending field path. */
export class ProgramValidationError extends Error {
  constructor(
    readonly issues: ProgramIssue[],
    source?: string,
  ) {
    super(
      `${source ? `${source}: ` : ''}invalid program: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
    );
    this.name = 'ProgramValidationError';
  }
}

function pathText(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '(root)' : path.map(String).join('.');
}

function toIssues(error: z.ZodError): ProgramIssue[] {
  return error.issues.flatMap((issue) =>
    // zod reports unknown keys on the parent object; name each key's own path instead.
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: pathText([...issue.path, key]), message: 'unknown field' }))
      : [{ path: pathText(issue.path), message: issue.message }],
  );
}

/**
 * Validates a parsed program document.
 * @param input - the document (e.g. from JSON.parse)
 * @throws ProgramValidationError naming every offending path
 */
export function parseProgram(input: unknown, source?: string): Program {
  const result = ProgramSchema.safeParse(input);
  if (!result.success) throw new ProgramValidationError(toIssues(result.error), source);
  return result.data;
}

/**
 * Parses program text as JSON (`.json`, or text starting with `{`) or YAML (anything else), then
 * validates it. Pure: the caller reads the file.
 * @param fileName - used to choose the syntax and to prefix error messages
 */
export function parseProgramText(text: string, fileName: string): Program {
  const json = /\.json$/i.test(fileName) || (!/\.ya?ml$/i.test(fileName) && text.trimStart().startsWith('{'));
  let document: unknown;
  try {
    document = json ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    const message = (error as Error).message.split('\n')[0] ?? 'unreadable';
    throw new ProgramValidationError(
      [{ path: '(root)', message: `not valid ${json ? 'JSON' : 'YAML'}: ${message}` }],
      fileName,
    );
  }
  return parseProgram(document, fileName);
}
