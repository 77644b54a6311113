import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { PROGRAM_SCHEDULE, REDIS } from '@app/platform';
import { JobStore, PartnerStore, type RedisClient, RedisKeys, type StoredJob } from '@app/redis';
import {
  type ImpactChange,
  impactChanges,
  type Program,
  ProgramImpactTally,
  programAt,
  type ProgramSchedule,
} from '@app/scoring';

/** A report is fetched soon after it is asked for; a client wanting a fresher one posts again. */
const JOB_TTL_SECONDS = 3600;
/** Partners read per round trip, as `capscore program impact` reads them. */
const PAGE = 200;

export const IMPACT_JOB_KIND = 'program-impact';

/** The finished report as a job keeps it (the same content as `capscore program impact`). */
export interface ImpactResult {
  asOf: number;
  active: { programId: string; version: string };
  proposed: { programId: string; version: string };
  partners: number;
  designations: { designationId: string; gains: number; losses: number; unchanged: number }[];
  changes: ImpactChange[];
}

/**
 * Program impact reports over every stored partner, run as jobs (issue 16 item 1): the store is
 * read a page at a time and each page is scored before the next is read, so a large store neither
 * blocks the api nor is held in memory; only the gains and losses are kept. Progress and the
 * result live in Redis (JobStore), so any api instance answers GET /v1/jobs/{id}.
 */
@Injectable()
export class ImpactJobs implements OnApplicationShutdown {
  private readonly logger = new Logger(ImpactJobs.name);
  private readonly jobs: JobStore;
  private readonly running = new Set<Promise<void>>();

  constructor(
    @Inject(REDIS) redis: RedisClient,
    keys: RedisKeys,
    private readonly store: PartnerStore,
    @Inject(PROGRAM_SCHEDULE) private readonly programs: ProgramSchedule,
  ) {
    this.jobs = new JobStore(redis, keys, JOB_TTL_SECONDS);
  }

  /**
   * Starts a report of `proposed` against the version in force at `asOf`.
   * @returns the job id, the partners to read, and a promise that settles when the job has
   *   finished or failed (it never rejects: a failure is recorded in the job)
   */
  async start(
    proposed: Program,
    asOf: number,
  ): Promise<{ jobId: string; total: number; settled: Promise<void> }> {
    const jobId = randomUUID();
    const { total } = await this.store.partnerPage(0, 1);
    await this.jobs.create(jobId, IMPACT_JOB_KIND, total, Date.now());
    const settled = this.run(jobId, proposed, asOf).catch(async (error: unknown) => {
      this.logger.error(`impact job ${jobId} failed: ${String(error)}`);
      await this.jobs
        .fail(jobId, 'the report could not be computed (see the api log)')
        .catch(() => undefined);
    });
    this.running.add(settled);
    void settled.finally(() => this.running.delete(settled));
    return { jobId, total, settled };
  }

  read(jobId: string): Promise<StoredJob | null> {
    return this.jobs.read(jobId);
  }

  private async run(jobId: string, proposed: Program, asOf: number): Promise<void> {
    const active = programAt(this.programs, asOf);
    const tally = new ProgramImpactTally(active, proposed, asOf);
    for await (const page of this.store.aggregatePages(PAGE)) {
      for (const agg of page.aggregates) tally.add(agg);
      await this.jobs.progress(jobId, page.read, page.total);
    }
    const report = tally.report();
    const result: ImpactResult = {
      asOf,
      active: { programId: active.id, version: active.version },
      proposed: { programId: proposed.id, version: proposed.version },
      partners: tally.partners,
      designations: report.designations.map((d) => ({
        designationId: d.designationId,
        gains: d.gains.length,
        losses: d.losses.length,
        unchanged: d.unchanged,
      })),
      changes: impactChanges(report),
    };
    await this.jobs.finish(jobId, JSON.stringify(result));
  }

  /** A stopping api lets its jobs finish (they are short next to a shutdown's grace). */
  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.running]);
  }
}
