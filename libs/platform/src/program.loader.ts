import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError, type CapscoreConfig } from '@app/config';
import { MCPP_PROGRAM, ProgramValidationError, parseProgramText, type Program } from '@app/scoring';

/** The bundled MCPP program unless CAPSCORE_PROGRAM names a JSON or YAML program file. */
export function loadProgram(config: CapscoreConfig): Program {
  if (!config.programFile) return MCPP_PROGRAM;
  const path = resolve(config.programFile);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError([{ variable: 'CAPSCORE_PROGRAM', message: `cannot read ${path}: ${(error as Error).message}` }]);
  }
  try {
    return parseProgramText(text, path);
  } catch (error) {
    if (error instanceof ProgramValidationError) {
      throw new ConfigError([{ variable: 'CAPSCORE_PROGRAM', message: `${path}: ${error.message}` }]);
    }
    throw error;
  }
}
