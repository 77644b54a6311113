import {
  BadRequestException,
  Controller,
  Get,
  Inject,
  NotFoundException,
  Param,
  Query,
} from '@nestjs/common';
import { ClockService, PROGRAM, PROGRAM_SCHEDULE } from '@app/platform';
import { PartnerStore } from '@app/redis';
import {
  evaluatePartner,
  programAt,
  scoredMonth,
  scorePartner,
  type Program,
  type ProgramSchedule,
  RETAINED_MONTHS,
} from '@app/scoring';
import { PartnerScoped } from '../access/partner-scope.js';
import { encodeCursor } from '../lists/cursor.js';
import { List, type ListCall } from '../lists/list-call.js';
import { checkPartnerId, parseInstantParam } from '../params.js';

/** History kept per partner (scoring-model.md §2): older instants cannot be scored. */

const iso = (ms: number) => new Date(ms).toISOString();

@Controller('v1')
export class PartnersController {
  constructor(
    @Inject(PROGRAM) private readonly program: Program,
    @Inject(PROGRAM_SCHEDULE) private readonly programs: ProgramSchedule,
    private readonly store: PartnerStore,
    private readonly clock: ClockService,
  ) {}

  /**
   * Partners the scorer has seen, oldest first; with `prefix`, those whose id starts with it
   * (over every partner, in id order: the dashboard's search).
   */
  @Get('partners')
  async list(@List() list: ListCall, @Query('prefix') prefix?: string) {
    const { limit, position } = list.page();
    const csv = (b: { partners: { partnerId: string; firstSeen: string | null }[] }) => ({
      header: ['partnerId', 'firstSeen'],
      rows: b.partners.map((p) => [p.partnerId, p.firstSeen]),
    });
    if (prefix !== undefined && prefix !== '') {
      if (!/^[A-Za-z0-9._:-]{1,64}$/.test(prefix)) {
        throw new BadRequestException({
          error: 'bad-parameter',
          parameter: 'prefix',
          message: 'prefix is 1..64 chars of [A-Za-z0-9._:-]',
        });
      }
      const found = await this.store.searchPartners(prefix, position?.member, limit);
      const body = {
        total: null,
        limit,
        partners: found.partnerIds.map((partnerId) => ({ partnerId, firstSeen: null })),
        nextCursor: found.next === null ? null : encodeCursor({ score: 0, member: found.next }),
      };
      return list.answer(body, csv);
    }
    const page = await this.store.partnersAfter(position, limit);
    const body = {
      total: page.total as number | null,
      limit,
      partners: page.entries.map((e) => ({ partnerId: e.member, firstSeen: iso(e.score) })),
      nextCursor: page.next === null ? null : encodeCursor(page.next),
    };
    return list.answer(body, csv);
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
      throw new BadRequestException({
        error: 'bad-parameter',
        parameter: 'asOf',
        message: `asOf is before the retained history (${oldest.toISOString()})`,
      });
    }
    const row = (await this.store.load([partnerId])).get(partnerId);
    if (!row || row.version === 0 || !row.aggregate || !row.meta) {
      throw new NotFoundException({ error: 'not-found', message: `unknown partner ${partnerId}` });
    }
    // Scored under the program version in force at asOf (a scheduled version may take effect later).
    const program = programAt(this.programs, asOf);
    const score = scorePartner(program, row.aggregate, asOf);
    // For a future asOf, walk the change points from the last evaluation to asOf on a copy of
    // the lifecycle: "will my certifications' expiry drop me?" gets the projected transitions.
    const projection =
      asOf > now
        ? evaluatePartner(this.programs, row.aggregate, structuredClone(row.meta.lifecycle), asOf, {
            kind: 'timer',
          })
        : null;
    const lifecycle = projection?.lifecycle ?? row.meta.lifecycle;
    return {
      partnerId,
      asOf: new Date(asOf).toISOString(),
      programId: program.id,
      programVersion: program.version,
      threshold: program.threshold,
      // Aggregates keep the months a score at now (or later) reads: L(now) − 23 onwards. A past
      // asOf whose year-ago windows reach further back is scored on the retained months only.
      partialHistory:
        scoredMonth(asOf, program.dataLagDays) < scoredMonth(now, programAt(this.programs, now).dataLagDays),
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
        projection?.transitions.map((t) => ({
          type: t.type,
          designationId: t.designationId,
          at: new Date(t.at).toISOString(),
          cause: t.cause.kind,
        })) ?? [],
    };
  }

  /** The program's designations (a handful: one page, `nextCursor` always null). */
  @Get('designations')
  async designations(@List() list: ListCall) {
    const designations = await Promise.all(
      this.program.designations.map(async (d) => ({
        designationId: d.id,
        name: d.name ?? d.id,
        holders: (await this.store.holders(d.id, undefined, 1)).total,
      })),
    );
    const body = {
      programId: this.program.id,
      programVersion: this.program.version,
      threshold: this.program.threshold,
      designations,
      nextCursor: null,
    };
    return list.answer(body, (b) => ({
      header: ['designationId', 'name', 'holders'],
      rows: b.designations.map((d) => [d.designationId, d.name, d.holders]),
    }));
  }

  @Get('designations/:designationId/partners')
  async holders(@List() list: ListCall, @Param('designationId') designationId: string) {
    if (!this.program.designations.some((d) => d.id === designationId)) {
      throw new NotFoundException({ error: 'not-found', message: `unknown designation ${designationId}` });
    }
    const { limit, position } = list.page();
    const page = await this.store.holders(designationId, position, limit);
    const body = {
      designationId,
      total: page.total,
      limit,
      partners: page.entries.map((e) => ({ partnerId: e.member, grantedAt: iso(e.score) })),
      nextCursor: page.next === null ? null : encodeCursor(page.next),
    };
    return list.answer(body, (b) => ({
      header: ['partnerId', 'grantedAt'],
      rows: b.partners.map((p) => [p.partnerId, p.grantedAt]),
    }));
  }
}
