import type { CliCommand } from '../io.js';
import { backtestCommand } from './backtest.js';
import { demoCommand } from './demo.js';
import { scoreCommand } from './score.js';

/** The commands of `capscore <command>`; add new ones (send, dlq, ...) here. */
export const COMMANDS: Record<string, CliCommand> = {
  score: scoreCommand,
  backtest: backtestCommand,
  demo: demoCommand,
};
