import type { CliCommand } from '../io.js';
import { backtestCommand } from './backtest.js';
import { demoCommand } from './demo.js';
import { dlqCommand } from './dlq.js';
import { historyCommand } from './history.js';
import { programCommand } from './program.js';
import { pathCommand } from './path.js';
import { schemasCommand } from './schemas.js';
import { scoreCommand } from './score.js';
import { sendCommand } from './send.js';
import { storeCommand } from './store.js';
import { tokenCommand } from './token.js';
import { whatIfCommand } from './what-if.js';

/** The commands of `capscore <command>`; add new ones here. */
export const COMMANDS: Record<string, CliCommand> = {
  score: scoreCommand,
  backtest: backtestCommand,
  program: programCommand,
  path: pathCommand,
  'what-if': whatIfCommand,
  send: sendCommand,
  dlq: dlqCommand,
  store: storeCommand,
  history: historyCommand,
  schemas: schemasCommand,
  token: tokenCommand,
  demo: demoCommand,
};
