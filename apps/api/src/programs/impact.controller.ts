import {
  BadRequestException,
  Controller,
  Get,
  Headers,
  HttpCode,
  HttpException,
  NotFoundException,
  Param,
  Post,
  Query,
  Req,
  Res,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { ClockService } from '@app/platform';
import type { StoredJob } from '@app/redis';
import { parseProgramText, type Program, ProgramValidationError } from '@app/scoring';
import { encodeCursor } from '../lists/cursor.js';
import { List, type ListCall } from '../lists/list-call.js';
import { parseInstantParam } from '../params.js';
import { type ImpactResult, ImpactJobs } from './impact-jobs.service.js';
import { MAX_PROGRAM_BYTES, type ProgramBodyRequest } from './program-body.js';

/**
 * Stores up to this many partners are answered in the POST itself (a few seconds of scoring at
 * most); a larger one, or a client that sends `Prefer: respond-async`, gets 202 and the job.
 */
export const IMPACT_SYNC_PARTNERS = 2000;

/** Gains and losses per page at most: rows are small, and an export wants few round trips. */
const PAGE_MAX = 1000;
const JOB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const CSV_HEADER = ['designationId', 'change', 'partnerId', 'before', 'after'] as const;

interface StatusResponse {
  status(code: number): unknown;
  setHeader(name: string, value: string): unknown;
}

/**
 * POST /v1/programs/impact (issue 16 item 1): who would gain and who would lose each designation
 * under a proposed program, scored from every partner's current facts, as `capscore program
 * impact` reports it. Nothing is written to partner state. Operator key only (no partner scope).
 */
@Controller('v1')
export class ImpactController {
  constructor(
    private readonly jobs: ImpactJobs,
    private readonly clock: ClockService,
  ) {}

  @Post('programs/impact')
  @HttpCode(200)
  async impact(
    @Req() request: ProgramBodyRequest,
    @Res({ passthrough: true }) response: StatusResponse,
    @List() list: ListCall,
    @Headers('content-type') contentType?: string,
    @Headers('prefer') prefer?: string,
    @Query('asOf') asOfParam?: string,
  ) {
    const proposed = parseProposed(request, contentType);
    const asOf = parseInstantParam('asOf', asOfParam) ?? (await this.clock.now());
    list.page(PAGE_MAX); // a malformed limit or cursor is a 400 before any work starts
    const { jobId, total, settled } = await this.jobs.start(proposed, asOf);
    if (total > IMPACT_SYNC_PARTNERS || /\brespond-async\b/i.test(prefer ?? '')) {
      response.status(202);
      response.setHeader('Location', `/v1/jobs/${jobId}`);
      return jobStatus(await this.requireJob(jobId));
    }
    await settled;
    return this.answer(await this.requireJob(jobId), list);
  }

  /** A job's progress; once done, its report a page of gains and losses at a time (JSON or CSV). */
  @Get('jobs/:jobId')
  async job(@Param('jobId') jobId: string, @List() list: ListCall) {
    if (!JOB_ID.test(jobId)) {
      throw new BadRequestException({
        error: 'bad-parameter',
        parameter: 'jobId',
        message: 'jobId is the id a POST returned (a UUID)',
      });
    }
    return this.answer(await this.requireJob(jobId), list);
  }

  private async requireJob(jobId: string): Promise<StoredJob> {
    const job = await this.jobs.read(jobId);
    if (!job) {
      throw new NotFoundException({
        error: 'not-found',
        message: `no job ${jobId} (jobs expire an hour after their last progress)`,
      });
    }
    return job;
  }

  private answer(job: StoredJob, list: ListCall) {
    if (job.status !== 'done' || job.result === null) return jobStatus(job);
    const { limit, position } = list.page(PAGE_MAX);
    if (position && position.member !== job.jobId) {
      throw new BadRequestException({
        error: 'bad-parameter',
        parameter: 'cursor',
        message: 'cursor is a nextCursor of another job',
      });
    }
    const result = JSON.parse(job.result) as ImpactResult;
    const start = position?.score ?? 0;
    const end = start + limit;
    const body = {
      ...jobStatus(job),
      asOf: new Date(result.asOf).toISOString(),
      active: result.active,
      proposed: result.proposed,
      partners: result.partners,
      designations: result.designations,
      changes: result.changes.slice(start, end),
      nextCursor: end < result.changes.length ? encodeCursor({ score: end, member: job.jobId }) : null,
    };
    return list.answer(body, (b) => ({
      header: CSV_HEADER,
      rows: b.changes.map((c) => [c.designationId, c.change, c.partnerId, c.before, c.after]),
    }));
  }
}

function jobStatus(job: StoredJob) {
  return {
    jobId: job.jobId,
    kind: job.kind,
    status: job.status,
    createdAt: new Date(job.createdAt).toISOString(),
    progress: { done: job.done, total: job.total },
    ...(job.error === null ? {} : { error: job.error }),
    nextCursor: null as string | null,
  };
}

/** The program document of the body: JSON or YAML by Content-Type (sniffed when absent), validated as CAPSCORE_PROGRAM is. */
function parseProposed(request: ProgramBodyRequest, contentType: string | undefined): Program {
  const body = request.programBody;
  if (body && 'tooLarge' in body) {
    throw new HttpException(
      { error: 'payload-too-large', message: `a program document is at most ${MAX_PROGRAM_BYTES} bytes` },
      413,
    );
  }
  const text = body?.text ?? '';
  if (text.trim() === '') {
    throw new BadRequestException({
      error: 'bad-parameter',
      parameter: 'body',
      message: 'the body is the proposed program (JSON or YAML, docs/program-format.md)',
    });
  }
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  let name: string;
  if (type === '') name = 'program';
  else if (type === 'application/json' || type.endsWith('+json')) name = 'program.json';
  else if (/^(application|text)\/(x-)?yaml$/.test(type)) name = 'program.yaml';
  else {
    throw new UnsupportedMediaTypeException({
      error: 'unsupported-media-type',
      message: 'send the program as application/json or application/yaml',
    });
  }
  try {
    return parseProgramText(text, name);
  } catch (error) {
    if (error instanceof ProgramValidationError) {
      throw new BadRequestException({ error: 'invalid-program', parameter: 'body', message: error.message });
    }
    throw error;
  }
}
