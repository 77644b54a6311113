import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError, type CapscoreConfig } from '@app/config';
import {
  MCPP_PROGRAM,
  ProgramValidationError,
  scheduleFromTexts,
  singleVersion,
  type ProgramSchedule,
} from '@app/scoring';

/**
 * The bundled MCPP program unless CAPSCORE_PROGRAM names program files: one, or several versions
 * of one program with their effectiveFrom. Every problem stops start-up naming CAPSCORE_PROGRAM.
 */
export function loadProgramSchedule(config: CapscoreConfig): ProgramSchedule {
  if (config.programFiles.length === 0) return singleVersion(MCPP_PROGRAM);
  const files = config.programFiles.map((file) => {
    const path = resolve(file);
    try {
      return { name: path, text: readFileSync(path, 'utf8') };
    } catch (error) {
      throw new ConfigError([
        { variable: 'CAPSCORE_PROGRAM', message: `cannot read ${path}: ${(error as Error).message}` },
      ]);
    }
  });
  try {
    return scheduleFromTexts(files);
  } catch (error) {
    if (error instanceof ProgramValidationError) {
      throw new ConfigError([{ variable: 'CAPSCORE_PROGRAM', message: error.message }]);
    }
    throw error;
  }
}
