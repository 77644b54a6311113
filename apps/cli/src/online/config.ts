import { type CapscoreConfig, ConfigError, loadConfig } from '@app/config';
import { CommandFailure } from '../io.js';

/** The validated configuration; an invalid environment is a CommandFailure naming the variable. */
export function onlineConfig(): CapscoreConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) throw new CommandFailure(error.message);
    throw error;
  }
}
