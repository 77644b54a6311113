import { whatIf, whatIfView } from '@app/scoring';
import { type CliCommand, CommandFailure, EXIT_OK } from '../io.js';
import { PARTNER_SOURCE_OPTIONS, snapshotOf, textOrJson } from '../online/partner-source.js';
import { parseOptions, printJson, readEvents, requireOption } from './inputs.js';

const USAGE = `usage: capscore what-if --partner ID --events FILE.ndjson [--as-of ISO] [--format text|json]
       capscore what-if --partner ID --events FILE.ndjson --history FILE.ndjson --as-of ISO [--program FILE]

Scores the partner at --as-of with hypothetical input events added, and lists the designation
transitions they would cause (and those that happen anyway). Nothing is written or sent.
  --partner ID       the partner (every event must be of this partner)
  --events FILE      the hypothetical events (NDJSON input events, contracts §1)
  --as-of ISO        evaluation instant (default: the pipeline's now)
  --history FILE     offline: the partner's events replayed up to --as-of; without it the
                     partner is read from Redis as the pipeline stored it
  --program FILE     offline: program file (default: the bundled MCPP program)
  --format text|json
`;

export const whatIfCommand: CliCommand = {
  summary: 'scores and transitions hypothetical events would cause (offline or from Redis; nothing written)',
  usage: USAGE,
  async run(argv, io) {
    const options = parseOptions(argv, { ...PARTNER_SOURCE_OPTIONS, events: { type: 'string' } });
    if (options.help) {
      io.stdout(USAGE);
      return EXIT_OK;
    }
    const partnerId = requireOption(options.partner, 'partner');
    const eventsFile = requireOption(options.events, 'events');
    const format = textOrJson(options.format);
    const events = readEvents(eventsFile, io);
    const stranger = events.find((e) => e.partnerId !== partnerId);
    if (stranger) {
      throw new CommandFailure(
        `${eventsFile}: event ${stranger.eventId} is of partner ${stranger.partnerId}, not ${partnerId}`,
      );
    }
    const snapshot = await snapshotOf(options, partnerId, io);
    const view = whatIfView(
      whatIf(snapshot.program, snapshot.agg, snapshot.lifecycle, events, snapshot.asOf),
    );
    if (format === 'json') {
      printJson(io, view);
      return EXIT_OK;
    }
    const lines = [`${partnerId} at ${view.asOf} with ${events.length} hypothetical event(s):\n`];
    for (const d of view.designations) {
      const mark = (q: boolean | undefined) => (q ? 'qualified' : 'not qualified');
      lines.push(
        `  ${d.designationId.padEnd(30)} ${String(d.before?.score).padStart(6)} → ${String(d.after.score).padStart(6)}  (${mark(d.before?.qualified)} → ${mark(d.after.qualified)})\n`,
      );
    }
    const transitions = view.transitions.map(
      (t) => `  ${t.type} ${t.designationId} at ${t.at} (score ${t.score})\n`,
    );
    lines.push(transitions.length > 0 ? `transitions:\n${transitions.join('')}` : 'transitions: none\n');
    io.stdout(lines.join(''));
    return EXIT_OK;
  },
};
