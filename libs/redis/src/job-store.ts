import type { RedisClient } from './connection.js';
import type { RedisKeys } from './keys.js';

export type JobStatus = 'running' | 'done' | 'failed';

/** A job as stored: what it is, how far it got, and its result (text, e.g. JSON) once done. */
export interface StoredJob {
  jobId: string;
  kind: string;
  status: JobStatus;
  createdAt: number;
  done: number;
  total: number;
  result: string | null;
  error: string | null;
}

/**
 * Jobs of the api live in Redis (one hash each) so that any api instance answers for them, and
 * expire: a job is a report a client fetches, not a record to keep. A job whose api stopped
 * before it finished stays `running` until it expires.
 */
export class JobStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
    private readonly ttlSeconds: number,
  ) {}

  async create(jobId: string, kind: string, total: number, createdAt: number): Promise<void> {
    await this.write(jobId, { kind, status: 'running', createdAt, done: 0, total });
  }

  async progress(jobId: string, done: number, total: number): Promise<void> {
    await this.write(jobId, { done, total });
  }

  async finish(jobId: string, result: string): Promise<void> {
    await this.write(jobId, { status: 'done', result });
  }

  async fail(jobId: string, error: string): Promise<void> {
    await this.write(jobId, { status: 'failed', error });
  }

  /** Every write renews the expiry, so a long job cannot leave a hash without one behind. */
  private async write(jobId: string, fields: Record<string, string | number>): Promise<void> {
    const key = this.keys.job(jobId);
    await this.redis.multi().hset(key, fields).expire(key, this.ttlSeconds).exec();
  }

  /** The job, or null when it never existed or has expired. */
  async read(jobId: string): Promise<StoredJob | null> {
    const fields = await this.redis.hgetall(this.keys.job(jobId));
    if (fields.status === undefined) return null;
    return {
      jobId,
      kind: fields.kind ?? '',
      status: fields.status as JobStatus,
      createdAt: Number(fields.createdAt),
      done: Number(fields.done),
      total: Number(fields.total),
      result: fields.result ?? null,
      error: fields.error ?? null,
    };
  }
}
