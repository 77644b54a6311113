import { scoreEvents } from '@app/scoring';
import { type CliCommand, EXIT_OK } from '../io.js';
import {
  checkFormat,
  loadProgram,
  parseInstantOption,
  parseOptions,
  printJson,
  readEvents,
  requireOption,
} from './inputs.js';

const USAGE = `usage: capscore score --events FILE.ndjson --as-of ISO [--program FILE] [--format json]

Applies every valid event with occurredAt <= as-of and prints one entry per partner of the file:
  [{ partnerId, designations: [{ designationId, track, score, qualified,
                                 metrics: [{ id, points, maxPoints, value }] }] }]
  --events FILE   NDJSON input events (contracts §1); invalid lines are reported on stderr and skipped
  --as-of ISO     evaluation instant, e.g. 2026-06-15T00:00:00Z
  --program FILE  program file (JSON or YAML); default: the bundled MCPP program
  --format json   output format (only json)
`;

export const scoreCommand: CliCommand = {
  summary: 'score partners from an NDJSON file of events at one instant',
  usage: USAGE,
  run(argv, io) {
    const options = parseOptions(argv, {
      events: { type: 'string' },
      'as-of': { type: 'string' },
      program: { type: 'string' },
      format: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    });
    if (options.help) {
      io.stdout(USAGE);
      return Promise.resolve(EXIT_OK);
    }
    const eventsPath = requireOption(options.events, 'events');
    const asOf = parseInstantOption(options['as-of'], 'as-of');
    checkFormat(options.format);
    const program = loadProgram(options.program);
    const scores = scoreEvents(program, readEvents(eventsPath, io), asOf);
    printJson(
      io,
      scores.map((s) => ({
        partnerId: s.partnerId,
        designations: s.designations.map((d) => ({
          designationId: d.designationId,
          track: d.track,
          score: d.score,
          qualified: d.qualified,
          metrics: d.metrics.map(({ id, points, maxPoints, value }) => ({ id, points, maxPoints, value })),
        })),
      })),
    );
    return Promise.resolve(EXIT_OK);
  },
};
