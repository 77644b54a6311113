import { BadRequestException, Controller, Get, Inject, Query } from '@nestjs/common';
import { ClockService, PROGRAM } from '@app/platform';
import { type IndexEntry, PartnerStore } from '@app/redis';
import { certificationImpact, type Program } from '@app/scoring';
import { encodeCursor } from '../lists/cursor.js';
import { List, type ListCall } from '../lists/list-call.js';

const DAY_MS = 86_400_000;
/** `within` of the expiring-certifications list: whole days, up to a year. */
const WITHIN = /^([1-9]\d{0,2})d$/;

/**
 * Worklists across partners (issue 14 item 2), read from indexes the scorer keeps (sharded sorted
 * sets, merged here) with each partner's details from its own stored state. Operator-only: no
 * route here is @PartnerScoped, so a partner token gets 403.
 */
@Controller('v1/worklists')
export class WorklistsController {
  constructor(
    @Inject(PROGRAM) private readonly program: Program,
    private readonly store: PartnerStore,
    private readonly clock: ClockService,
  ) {}

  /** Holders at risk now, soonest anniversary first. */
  @Get('at-risk')
  async atRisk(@List() list: ListCall, @Query('designation') designation?: string) {
    const designationId = this.designationParam(designation);
    const now = await this.clock.now();
    const { places, next } = await this.page('at-risk', designationId, list);
    const partners = places.flatMap(({ partnerId, place }) =>
      place?.atRisk
        ? [
            {
              partnerId,
              designationId,
              score: place.atRisk.score,
              anniversary: new Date(place.atRisk.anniversary).toISOString(),
              daysLeft: Math.max(0, Math.ceil((place.atRisk.anniversary - now) / DAY_MS)),
            },
          ]
        : [],
    );
    return list.answer(
      { designationId, asOf: new Date(now).toISOString(), partners, nextCursor: next },
      (b) => ({
        header: ['partnerId', 'designationId', 'score', 'anniversary', 'daysLeft'],
        rows: b.partners.map((p) => [p.partnerId, p.designationId, p.score, p.anniversary, p.daysLeft]),
      }),
    );
  }

  /** Not qualified now, best track within 10 points of the threshold (or above it with a metric at 0), highest first. */
  @Get('near-miss')
  async nearMiss(@List() list: ListCall, @Query('designation') designation?: string) {
    const designationId = this.designationParam(designation);
    const { places, next } = await this.page('near-miss', designationId, list);
    const threshold = this.program.threshold;
    const partners = places.flatMap(({ partnerId, place }) =>
      place?.nearMiss
        ? [
            {
              partnerId,
              designationId,
              score: place.nearMiss.score,
              track: place.nearMiss.track,
              pointsShort: Math.max(0, Math.round((threshold - place.nearMiss.score) * 100) / 100),
              zeroMetrics: place.nearMiss.zeroMetrics,
            },
          ]
        : [],
    );
    return list.answer({ designationId, threshold, partners, nextCursor: next }, (b) => ({
      header: ['partnerId', 'designationId', 'score', 'track', 'pointsShort', 'zeroMetrics'],
      rows: b.partners.map((p) => [
        p.partnerId,
        p.designationId,
        p.score,
        p.track,
        p.pointsShort,
        p.zeroMetrics.join(' '),
      ]),
    }));
  }

  /**
   * Partners with a certification expiring within the window (soonest first), and per
   * designation the points and qualification its lapsing certified people would cost
   * (certificationImpact: those metrics scored at the window's end, the rest as now). A partner
   * whose expiries cost nothing (a renewal overlaps, or the program does not count them) is left
   * out, so a page can be shorter than `limit`. Each page decodes its partners' facts: at most 100.
   */
  @Get('expiring-certifications')
  async expiringCertifications(
    @List() list: ListCall,
    @Query('within') withinParam?: string,
    @Query('designation') designation?: string,
  ) {
    const within = WITHIN.exec(withinParam ?? '30d');
    if (!within || Number(within[1]) > 365) {
      throw new BadRequestException({
        error: 'bad-parameter',
        parameter: 'within',
        message: 'within is a number of days from 1d to 365d, e.g. 30d',
      });
    }
    const designationId = designation === undefined ? undefined : this.designationParam(designation);
    const { limit, position } = list.page(100);
    const now = await this.clock.now();
    const until = now + Number(within[1]) * DAY_MS;
    const page = await this.store.worklistPage('expiring', '', position, limit, until);
    const stored = await this.store.load(page.entries.map((e) => e.member));
    const partners = page.entries.flatMap((e) => {
      const aggregate = stored.get(e.member)?.aggregate;
      const designations = aggregate
        ? certificationImpact(this.program, aggregate, now, until).filter(
            (i) => designationId === undefined || i.designationId === designationId,
          )
        : [];
      return designations.length > 0
        ? [{ partnerId: e.member, nextExpiry: new Date(e.score).toISOString(), designations }]
        : [];
    });
    const body = {
      asOf: new Date(now).toISOString(),
      until: new Date(until).toISOString(),
      partners,
      nextCursor: page.next === null ? null : encodeCursor(page.next),
    };
    return list.answer(body, (b) => ({
      header: [
        'partnerId',
        'nextExpiry',
        'designationId',
        'pointsLost',
        'scoreNow',
        'scoreAfter',
        'qualifiedNow',
        'qualifiedAfter',
        'metrics',
      ],
      rows: b.partners.flatMap((p) =>
        p.designations.map((d) => [
          p.partnerId,
          p.nextExpiry,
          d.designationId,
          d.pointsLost,
          d.scoreNow,
          d.scoreAfter,
          d.qualifiedNow,
          d.qualifiedAfter,
          d.metrics.map((m) => `${m.id}:${m.valueNow}->${m.valueAfter}`).join(' '),
        ]),
      ),
    }));
  }

  private designationParam(designation: string | undefined): string {
    if (designation === undefined || !this.program.designations.some((d) => d.id === designation)) {
      throw new BadRequestException({
        error: 'bad-parameter',
        parameter: 'designation',
        message: `designation is required, one of ${this.program.designations.map((d) => d.id).join(', ')}`,
      });
    }
    return designation;
  }

  /**
   * A page of a worklist index with each partner's place read from its stored meta. The index
   * follows the state through the outbox (a moment behind it): a partner that has left the list
   * since is left out of the page rather than shown with details it no longer has.
   */
  private async page(worklist: 'at-risk' | 'near-miss', designationId: string, list: ListCall) {
    const { limit, position } = list.page();
    const page = await this.store.worklistPage(worklist, designationId, position, limit);
    const metas = await this.store.metas(page.entries.map((e: IndexEntry) => e.member));
    return {
      places: page.entries.map((e) => ({
        partnerId: e.member,
        place: metas.get(e.member)?.worklists?.[designationId],
      })),
      next: page.next === null ? null : encodeCursor(page.next),
    };
  }
}
