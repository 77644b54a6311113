import { scoreEvents } from '@app/scoring';
import { type CliCommand, EXIT_OK, UsageError } from '../io.js';
import { scoreFromApi } from '../online/score-online.js';
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
       capscore score --partner ID [--as-of ISO] [--designation ID] [--api URL] [--api-key KEY]
                      [--format table|json]

With --partner, asks the running system's api (GET /partners/{id}/scores) and prints a table per
designation with every metric and what it lacks (--format json: the api's answer as is).
  --partner ID       partner to show
  --as-of ISO        evaluation instant (default: the system's now; a future instant also
                     lists the projected transitions)
  --designation ID   only this designation
  --api URL          api base URL (default http://HTTP_HOST:HTTP_PORT of the configuration)
  --api-key KEY      x-api-key header (default: API_KEY of the configuration)
  --format table|json

With --events, works offline on a file (no Kafka, no Redis):
Applies every valid event with occurredAt <= as-of and prints one entry per partner of the file:
  [{ partnerId, designations: [{ designationId, track, score, qualified,
                                 metrics: [{ id, points, maxPoints, value }] }] }]
  --events FILE   NDJSON input events (contracts §1); invalid lines are reported on stderr and skipped
  --as-of ISO     evaluation instant, e.g. 2026-06-15T00:00:00Z
  --program FILE  program file (JSON or YAML); default: the bundled MCPP program
  --format json   output format (only json)
`;

export const scoreCommand: CliCommand = {
  summary: 'score partners from an NDJSON file of events, or one partner from the running api',
  usage: USAGE,
  run(argv, io) {
    const options = parseOptions(argv, {
      events: { type: 'string' },
      'as-of': { type: 'string' },
      program: { type: 'string' },
      format: { type: 'string' },
      partner: { type: 'string' },
      api: { type: 'string' },
      'api-key': { type: 'string' },
      designation: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    });
    if (options.help) {
      io.stdout(USAGE);
      return Promise.resolve(EXIT_OK);
    }
    if (options.partner !== undefined) {
      if (options.events !== undefined || options.program !== undefined) {
        throw new UsageError(
          '--partner reads the running system; --events and --program are for offline scoring',
        );
      }
      return scoreFromApi(
        {
          partner: options.partner,
          asOf: options['as-of'],
          api: options.api,
          apiKey: options['api-key'],
          format: options.format,
          designation: options.designation,
        },
        io,
      );
    }
    if (options.api !== undefined || options['api-key'] !== undefined || options.designation !== undefined) {
      throw new UsageError('--api, --api-key and --designation go with --partner');
    }
    if (options.events === undefined) {
      throw new UsageError('--events FILE (offline) or --partner ID (from the running api) is required');
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
