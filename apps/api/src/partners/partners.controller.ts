import { BadRequestException, Controller, Get, Inject, NotFoundException, Param, Query } from '@nestjs/common';
import { ClockService, PROGRAM, REDIS } from '@app/platform';
import { PartnerStore, RedisKeys, type RedisClient } from '@app/redis';
import { evaluatePartner, scoredMonth, scorePartner, type Program } from '@app/scoring';
import { PartnerScoped } from '../access/partner-scope.js';
import { checkPartnerId, parseInstantParam, parseIntParam } from '../params.js';

/** History kept per partner (scoring-model.md §2): older instants cannot be scored. */
const RETAINED_MONTHS = 24;

@Controller()
export class PartnersController {
  constructor(
    @Inject(PROGRAM) private readonly program: Program,
    private readonly store: PartnerStore,
    private readonly clock: ClockService,
    @Inject(REDIS) private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}

  /** Partners the scorer has seen (score = first seen), oldest first. */
  @Get('partners')
  async list(@Query('offset') offsetParam?: string, @Query('limit') limitParam?: string) {
    const offset = parseIntParam('offset', offsetParam, 0, 0, 1_000_000_000);
    const limit = parseIntParam('limit', limitParam, 50, 1, 500);
    const key = this.keys.partners();
    const [total, partners] = await Promise.all([this.redis.zcard(key), this.redis.zrange(key, String(offset), String(offset + limit - 1))]);
    return { total, offset, limit, partners };
  }

  /** A partner token may read its own partner's scores (the only partner-scoped route so far). */
  @Get('partners/:partnerId/scores')
  @PartnerScoped()
  async scores(@Param('partnerId') rawId: string, @Query('asOf') asOfParam?: string) {
    const partnerId = checkPartnerId(rawId);
    const now = await this.clock.now();
    const asOf = parseInstantParam('asOf', asOfParam) ?? now;
    const oldest = new Date(now);
    oldest.setUTCMonth(oldest.getUTCMonth() - RETAINED_MONTHS);
    if (asOf < oldest.getTime()) {
      throw new BadRequestException({ error: 'bad-parameter', parameter: 'asOf', message: `asOf is before the retained history (${oldest.toISOString()})` });
    }
    const row = (await this.store.load([partnerId])).get(partnerId);
    if (!row || row.version === 0 || !row.aggregate || !row.meta) {
      throw new NotFoundException({ error: 'not-found', message: `unknown partner ${partnerId}` });
    }
    const score = scorePartner(this.program, row.aggregate, asOf);
    // For a future asOf, walk the change points from the last evaluation to asOf on a copy of
    // the lifecycle: "will my certifications' expiry drop me?" gets the projected transitions.
    const projection =
      asOf > now ? evaluatePartner(this.program, row.aggregate, structuredClone(row.meta.lifecycle), asOf, { kind: 'timer' }) : null;
    const lifecycle = projection?.lifecycle ?? row.meta.lifecycle;
    return {
      partnerId,
      asOf: new Date(asOf).toISOString(),
      programId: this.program.id,
      programVersion: this.program.version,
      threshold: this.program.threshold,
      // Aggregates keep the months a score at now (or later) reads: L(now) − 23 onwards. A past
      // asOf whose year-ago windows reach further back is scored on the retained months only.
      partialHistory: scoredMonth(asOf, this.program.dataLagDays) < scoredMonth(now, this.program.dataLagDays),
      designations: score.designations.map((d) => {
        const l = lifecycle.designations[d.designationId];
        return {
          designationId: d.designationId,
          track: d.track,
          score: d.score,
          qualified: d.qualified,
          tracks: d.tracks,
          metrics: d.metrics,
          lifecycle: {
            held: l?.held ?? false,
            grantedAt: l?.grantedAt ? new Date(l.grantedAt).toISOString() : null,
            anniversary: l?.anniversary ? new Date(l.anniversary).toISOString() : null,
            atRisk: l?.atRisk ?? false,
          },
        };
      }),
      projectedTransitions:
        projection?.transitions.map((t) => ({ type: t.type, designationId: t.designationId, at: new Date(t.at).toISOString(), cause: t.cause.kind })) ?? [],
    };
  }

  @Get('designations')
  async designations() {
    const designations = await Promise.all(
      this.program.designations.map(async (d) => ({
        designationId: d.id,
        name: d.name ?? d.id,
        holders: (await this.store.holders(d.id, 0, 1)).total,
      })),
    );
    return { programId: this.program.id, programVersion: this.program.version, threshold: this.program.threshold, designations };
  }

  @Get('designations/:designationId/partners')
  async holders(@Param('designationId') designationId: string, @Query('offset') offsetParam?: string, @Query('limit') limitParam?: string) {
    if (!this.program.designations.some((d) => d.id === designationId)) {
      throw new NotFoundException({ error: 'not-found', message: `unknown designation ${designationId}` });
    }
    const offset = parseIntParam('offset', offsetParam, 0, 0, 1_000_000_000);
    const limit = parseIntParam('limit', limitParam, 50, 1, 500);
    const { total, partnerIds } = await this.store.holders(designationId, offset, limit);
    return { designationId, total, offset, limit, partners: partnerIds };
  }
}
