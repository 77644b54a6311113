import { type QualificationPath, pathToQualify, pathView } from '@app/scoring';
import { type CliCommand, EXIT_OK, UsageError } from '../io.js';
import { PARTNER_SOURCE_OPTIONS, snapshotOf, textOrJson } from '../online/partner-source.js';
import { parseOptions, printJson, requireOption } from './inputs.js';

const USAGE = `usage: capscore path --partner ID --designation ID [--as-of ISO] [--format text|json]
       capscore path --partner ID --designation ID --history FILE.ndjson --as-of ISO [--program FILE]

The smallest set of additions that makes the partner qualify for the designation (docs/path-to-qualify.md):
new certified people, new customers with a figure meeting a floor in the scored month, workloads
over a floor, growth top-ups, each with the points it adds and the input events that realise it.
Nothing is written.
  --partner ID       the partner
  --designation ID   the designation
  --as-of ISO        evaluation instant (default: the pipeline's now)
  --history FILE     offline: the partner's events (NDJSON input events) replayed up to --as-of;
                     without it the partner is read from Redis (REDIS_URL or REDIS_CLUSTER_NODES,
                     REDIS_KEY_PREFIX, CAPSCORE_PROGRAM, CAPSCORE_CLOCK as for the pipeline)
  --program FILE     offline: program file (default: the bundled MCPP program)
  --format text|json text (default): one line per suggestion; json: the api's answer, events included
`;

export const pathCommand: CliCommand = {
  summary: 'the smallest additions that make a partner qualify for a designation (offline or from Redis)',
  usage: USAGE,
  async run(argv, io) {
    const options = parseOptions(argv, { ...PARTNER_SOURCE_OPTIONS, designation: { type: 'string' } });
    if (options.help) {
      io.stdout(USAGE);
      return EXIT_OK;
    }
    const partnerId = requireOption(options.partner, 'partner');
    const designationId = requireOption(options.designation, 'designation');
    const format = textOrJson(options.format);
    const snapshot = await snapshotOf(options, partnerId, io);
    if (!snapshot.program.designations.some((d) => d.id === designationId)) {
      throw new UsageError(
        `--designation ${designationId} is not a designation of program ${snapshot.program.id} (${snapshot.program.designations.map((d) => d.id).join(', ')})`,
      );
    }
    const path = pathToQualify(snapshot.program, snapshot.agg, designationId, snapshot.asOf);
    if (format === 'json') printJson(io, pathView(path));
    else io.stdout(pathText(path));
    return EXIT_OK;
  },
};

function pathText(path: QualificationPath): string {
  const head = `${path.partnerId} · ${path.designationId} at ${new Date(path.at).toISOString()}: ${path.score} (threshold ${path.threshold})`;
  if (path.qualified) return `${head}, qualifies on ${path.track}: nothing to add\n`;
  if (!path.reachable) {
    return `${head}, no path by additions:\n${path.blocked.map((b) => `  ${b.track}: ${b.reasons.join('; ')}\n`).join('')}`;
  }
  const lines = path.suggestions.map(
    (s) => `  +${s.points.toFixed(2).padStart(6)}  ${s.metricId.padEnd(28)} ${s.text}\n`,
  );
  return `${head}\npath on track ${path.track}: ${path.additions} addition(s) → ${path.scoreAfter}\n${lines.join('')}`;
}
