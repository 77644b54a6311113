import { backtest } from '@app/scoring';
import { type CliCommand, EXIT_OK, UsageError } from '../io.js';
import {
  checkFormat,
  loadProgramVersions,
  parseInstantOption,
  parseOptions,
  printJson,
  readEvents,
  requireOption,
} from './inputs.js';

const USAGE = `usage: capscore backtest --events FILE.ndjson --from ISO --to ISO [--program FILE[,FILE...]]...
                        [--format json]

Applies the events with occurredAt <= from and evaluates at from, then walks every change point up
to and including to (event instants, month starts, moves of the scored month, certification
validity starts and expiries, anniversaries), applying the events that occurred by then. Prints
the designation transitions in time order as capscore.designations.v1 events (contracts §2).
  --events FILE   NDJSON input events; invalid lines are reported on stderr and skipped
  --from ISO      first evaluation instant
  --to ISO        last instant of the walk (inclusive)
  --program FILE  program file (JSON or YAML); default: the bundled MCPP program. Several
                  versions of one program (repeat the option, or separate files by commas, as in
                  CAPSCORE_PROGRAM), each with its effectiveFrom: every instant is read under the
                  version in force, each effectiveFrom is a change point where the version's
                  onVersionChange applies, and each event names its programVersion
  --format json   output format (only json)
`;

export const backtestCommand: CliCommand = {
  summary: 'replay events over a period and print the designation transitions',
  usage: USAGE,
  run(argv, io) {
    const options = parseOptions(argv, {
      events: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      program: { type: 'string', multiple: true },
      format: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    });
    if (options.help) {
      io.stdout(USAGE);
      return Promise.resolve(EXIT_OK);
    }
    const eventsPath = requireOption(options.events, 'events');
    const from = parseInstantOption(options.from, 'from');
    const to = parseInstantOption(options.to, 'to');
    if (to < from) throw new UsageError('--to must not be before --from');
    checkFormat(options.format);
    const files = (options.program ?? []).flatMap((list) =>
      list
        .split(',')
        .map((f) => f.trim())
        .filter((f) => f.length > 0),
    );
    printJson(io, backtest(loadProgramVersions(files), readEvents(eventsPath, io), from, to));
    return Promise.resolve(EXIT_OK);
  },
};
