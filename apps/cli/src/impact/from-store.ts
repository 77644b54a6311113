import { PartnerStore } from '@app/redis';
import type { ProgramImpactTally } from '@app/scoring';
import type { CapscoreConfig } from '@app/config';
import { ProgressReporter, type TtyAwareIo } from '../online/progress.js';
import { withStore } from '../online/store-session.js';

/** Partners read per round trip, as `capscore store migrate` does. */
const PAGE = 200;

/**
 * Feeds every partner of the Redis store to the tally, a page at a time (only the changes are
 * kept, never every aggregate), with progress on stderr. Reads only: nothing is written.
 * @param asOf - when undefined, the system's now: the fixed clock (CAPSCORE_CLOCK, as moved through
 *   the api) or the system clock
 * @returns the instant the tally was made for
 */
export async function tallyStore(
  config: CapscoreConfig,
  makeTally: (asOf: number) => ProgramImpactTally,
  asOf: number | undefined,
  io: TtyAwareIo,
): Promise<ProgramImpactTally> {
  return withStore(config, async ({ redis, keys, now }) => {
    const tally = makeTally(asOf ?? (await now()));
    const store = new PartnerStore(redis, keys);
    let progress: ProgressReporter | undefined;
    for await (const page of store.aggregatePages(PAGE)) {
      progress ??= new ProgressReporter(io, 'scoring', page.total, 'partners');
      for (const agg of page.aggregates) tally.add(agg);
      progress.update(page.read);
    }
    (progress ?? new ProgressReporter(io, 'scoring', 0, 'partners')).finish();
    return tally;
  });
}
