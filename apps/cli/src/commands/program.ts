import {
  type ProgramSchedule,
  ProgramImpactTally,
  aggregatesAt,
  programAt,
  singleVersion,
} from '@app/scoring';
import { type CliCommand, CommandFailure, EXIT_OK, UsageError } from '../io.js';
import { impactCsv, impactText } from '../impact/render.js';
import { tallyStore } from '../impact/from-store.js';
import { onlineConfig } from '../online/config.js';
import type { TtyAwareIo } from '../online/progress.js';
import {
  loadProgram,
  loadProgramVersions,
  parseInstantOption,
  parseOptions,
  printJson,
  readEvents,
  requireOption,
  subcommandOf,
} from './inputs.js';

const USAGE = `usage: capscore program impact --program FILE [--active FILE] [--as-of ISO] [--events FILE.ndjson]
                                [--format text|json|csv]

  impact   scores every partner under the active program and under the proposed one (--program)
           at the same instant and prints, per designation, who would gain it (qualifies only
           under the proposed program), who would lose it (only under the active one), each with
           both totals, and how many are unchanged. Qualification is compared, not holding: a
           holder keeps a designation until its anniversary whatever the score. A designation of
           one program only counts as not qualifying in the other (its side is null / "-").
           Nothing is written anywhere.

Without --events it reads every partner's current aggregate from the Redis store (REDIS_URL or
REDIS_CLUSTER_NODES, REDIS_KEY_PREFIX), in pages, with progress on stderr.
  --program FILE   the proposed program (JSON or YAML); an invalid file names every offending field
  --active FILE    the active program (default: the CAPSCORE_PROGRAM version in force at as-of,
                   else the bundled MCPP program)
  --as-of ISO      evaluation instant (default: the system's now: CAPSCORE_CLOCK's shared clock
                   online, the wall clock with --events)
  --events FILE    work offline on an NDJSON file of events instead (no Redis): every valid event
                   with occurredAt <= as-of is applied; invalid lines are reported and skipped
  --format text|json|csv
                   text (default): a table per designation, then every gain and loss;
                   json: { "designations": [{ "designationId", "gains": [{ "partnerId", "before",
                   "after" }], "losses": [...], "unchanged": N }] };
                   csv: designationId,change,partnerId,before,after (gains and losses only)
`;

const FORMATS = ['text', 'json', 'csv'] as const;
type Format = (typeof FORMATS)[number];

export const programCommand: CliCommand = {
  summary: 'what a proposed program would change: who gains and who loses each designation',
  usage: USAGE,
  async run(argv, io: TtyAwareIo) {
    const command = subcommandOf(argv, io, 'program', USAGE, ['impact'] as const);
    if (typeof command === 'number') return command;
    const options = parseOptions(command.rest, {
      program: { type: 'string' },
      active: { type: 'string' },
      'as-of': { type: 'string' },
      events: { type: 'string' },
      format: { type: 'string', default: 'text' },
      help: { type: 'boolean', short: 'h' },
    });
    if (options.help) {
      io.stdout(USAGE);
      return EXIT_OK;
    }
    const format = options.format as Format;
    if (!FORMATS.includes(format)) {
      throw new UsageError(`--format ${options.format} is not supported (${FORMATS.join(', ')})`);
    }
    const asOf = options['as-of'] === undefined ? undefined : parseInstantOption(options['as-of'], 'as-of');
    const proposed = loadProgram(requireOption(options.program, 'program'));
    const online = options.events === undefined;
    // The config is read only when needed: offline with --active runs without any environment.
    const config = online || options.active === undefined ? onlineConfig() : undefined;
    const activeVersions = activeProgram(options.active, config?.programFiles);
    const makeTally = (at: number) => new ProgramImpactTally(programAt(activeVersions, at), proposed, at);

    let tally: ProgramImpactTally;
    if (config && online) tally = await tallyStore(config, makeTally, asOf, io);
    else {
      const at = asOf ?? Date.now();
      tally = makeTally(at);
      for (const agg of aggregatesAt(readEvents(requireOption(options.events, 'events'), io), at)) {
        tally.add(agg);
      }
    }
    const report = tally.report();
    const active = programAt(activeVersions, tally.asOf);
    const heading = { active, proposed, asOf: tally.asOf, partners: tally.partners };
    if (format === 'text') io.stdout(impactText(report, heading));
    else {
      io.stderr(
        `program impact at ${new Date(heading.asOf).toISOString()} on ${heading.partners} partner(s): ${active.id} ${active.version} -> ${proposed.id} ${proposed.version}\n`,
      );
      if (format === 'json') printJson(io, report);
      else io.stdout(impactCsv(report));
    }
    return EXIT_OK;
  },
};

/**
 * The program the pipeline runs: --active, else the versions of CAPSCORE_PROGRAM (read as the
 * scorer reads them, with the same parser and validation), else the bundled MCPP program.
 */
function activeProgram(path: string | undefined, configured: readonly string[] | undefined): ProgramSchedule {
  if (path !== undefined || configured === undefined) return singleVersion(loadProgram(path));
  try {
    return loadProgramVersions(configured);
  } catch (error) {
    if (error instanceof CommandFailure) throw new CommandFailure(`CAPSCORE_PROGRAM: ${error.message}`);
    throw error;
  }
}
