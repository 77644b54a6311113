import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * A program document is larger than the api's other bodies (the bundled MCPP program is about
 * 20 KiB of JSON) and may be YAML, which the JSON parser does not read: the impact route reads its
 * body as text itself, up to this size, and the handler parses it as CAPSCORE_PROGRAM is parsed.
 */
export const MAX_PROGRAM_BYTES = 1024 * 1024;

/** What the impact handler finds on its request: the body's text, or that it was too large. */
export interface ProgramBodyRequest extends IncomingMessage {
  programBody?: { text: string } | { tooLarge: true };
  /** body-parser's own mark of a body already read: the api's JSON parser then leaves it alone. */
  _body?: boolean;
}

/** Express middleware for the impact route: reads the raw body (any content type) as UTF-8 text. */
export function readProgramBody(
  request: ProgramBodyRequest,
  _response: ServerResponse,
  next: (error?: unknown) => void,
): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  request.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_PROGRAM_BYTES) tooLarge = true;
    else chunks.push(chunk);
  });
  request.on('end', () => {
    request.programBody = tooLarge ? { tooLarge: true } : { text: Buffer.concat(chunks).toString('utf8') };
    request._body = true;
    next();
  });
  request.on('error', next);
}
