import {
  BadRequestException,
  Controller,
  Get,
  Inject,
  NotFoundException,
  Param,
  Query,
} from '@nestjs/common';
import { ClockService, PROGRAM } from '@app/platform';
import { PartnerHistoryStore } from '@app/redis';
import {
  decodeHistoryEvents,
  decodeSnapshots,
  designationEventId,
  monthIndexOf,
  monthKey,
  monthlySeries,
  monthStartMs,
  type Program,
} from '@app/scoring';
import { PartnerScoped } from '../access/partner-scope.js';
import { List, type ListCall } from '../lists/list-call.js';
import { checkPartnerId, parseInstantParam } from '../params.js';

/** The history the api answers by default and at most: the spec's 24 months before the current one. */
const HISTORY_MONTHS = 24;

@Controller('v1')
export class HistoryController {
  constructor(
    @Inject(PROGRAM) private readonly program: Program,
    private readonly store: PartnerHistoryStore,
    private readonly clock: ClockService,
  ) {}

  /**
   * Per designation, one snapshot per month from `from` to `to` (the last evaluation of each
   * month; a month without a change has the month before's) and the designation events in that
   * span. Written by the scorer in the same commit as the partner's state (commitPartner).
   * One page: at most 25 months by 6 designations, so `nextCursor` is always null.
   */
  @Get('partners/:partnerId/history')
  @PartnerScoped()
  async history(
    @List() list: ListCall,
    @Param('partnerId') rawId: string,
    @Query('designation') designation?: string,
    @Query('from') fromParam?: string,
    @Query('to') toParam?: string,
  ) {
    const partnerId = checkPartnerId(rawId);
    if (designation !== undefined && !this.program.designations.some((d) => d.id === designation)) {
      throw new BadRequestException({
        error: 'bad-parameter',
        parameter: 'designation',
        message: `designation is one of ${this.program.designations.map((d) => d.id).join(', ')}`,
      });
    }
    const now = await this.clock.now();
    const to = parseInstantParam('to', toParam) ?? now;
    const nowMonth = monthIndexOf(now);
    const from = parseInstantParam('from', fromParam) ?? monthStartMs(nowMonth - HISTORY_MONTHS);
    if (from > to) {
      throw new BadRequestException({
        error: 'bad-parameter',
        parameter: 'from',
        message: 'from is after to',
      });
    }
    const designationIds = designation ? [designation] : this.program.designations.map((d) => d.id);
    const stored = await this.store.history(partnerId, designationIds);
    if (stored.version === 0) {
      throw new NotFoundException({ error: 'not-found', message: `unknown partner ${partnerId}` });
    }
    const [fromMonth, toMonth] = [monthIndexOf(from), Math.min(monthIndexOf(to), nowMonth)];
    const designations = designationIds.map((designationId) => {
      const fields = stored.fields.get(designationId);
      return {
        designationId,
        months: monthlySeries(decodeSnapshots(fields?.snapshots), fromMonth, toMonth).map(
          ({ month, ...s }) => ({ month: monthKey(month), ...s }),
        ),
        events: decodeHistoryEvents(fields?.events)
          .filter((e) => e.at >= from && e.at <= to)
          .map((e) => ({
            eventId: designationEventId(partnerId, { designationId, type: e.type, at: e.at }),
            type: e.type,
            at: new Date(e.at).toISOString(),
            score: e.score,
            qualified: e.qualified,
          })),
      };
    });
    const body = {
      partnerId,
      threshold: this.program.threshold,
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      designations,
      nextCursor: null,
    };
    return list.answer(body, (b) => ({
      header: [
        'designationId',
        'kind',
        'month',
        'at',
        'type',
        'score',
        'performance',
        'skilling',
        'customerSuccess',
        'qualified',
        'held',
        'eventId',
      ],
      rows: b.designations.flatMap((d) => [
        ...d.months.map((m) => [
          d.designationId,
          'month',
          m.month,
          null,
          null,
          m.score,
          m.performance,
          m.skilling,
          m.customerSuccess,
          m.qualified,
          m.held,
          null,
        ]),
        ...d.events.map((e) => [
          d.designationId,
          'event',
          e.at.slice(0, 7),
          e.at,
          e.type,
          e.score,
          null,
          null,
          null,
          e.qualified,
          null,
          e.eventId,
        ]),
      ]),
    }));
  }
}
