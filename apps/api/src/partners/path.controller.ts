import {
  BadRequestException,
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import { InputEvent } from '@app/contracts';
import { ClockService, PROGRAM } from '@app/platform';
import { PartnerStore } from '@app/redis';
import {
  type Program,
  emptyLifecycle,
  pathToQualify,
  pathView,
  whatIf,
  whatIfView,
  RETAINED_MONTHS,
} from '@app/scoring';
import { PartnerScoped } from '../access/partner-scope.js';
import { WhatIfRequest } from '../openapi/path-schemas.js';
import { checkPartnerId, parseInstantParam } from '../params.js';

const badParameter = (parameter: string, message: string) =>
  new BadRequestException({ error: 'bad-parameter', parameter, message });

/**
 * The path to qualify and what-if (issue #14 item 3): both compute on the partner as stored,
 * in memory, and write nothing (the engine works on a clone of the aggregate).
 */
@Controller('v1/partners')
export class PathController {
  constructor(
    @Inject(PROGRAM) private readonly program: Program,
    private readonly store: PartnerStore,
    private readonly clock: ClockService,
  ) {}

  /** A partner token reads its own path. */
  @Get(':partnerId/path')
  @PartnerScoped()
  async path(
    @Param('partnerId') rawId: string,
    @Query('designation') designation?: string,
    @Query('asOf') asOfParam?: string,
  ) {
    const partnerId = checkPartnerId(rawId);
    if (designation === undefined || designation === '') {
      throw badParameter('designation', 'designation is required');
    }
    if (!this.program.designations.some((d) => d.id === designation)) {
      throw badParameter(
        'designation',
        `designation must be one of ${this.program.designations.map((d) => d.id).join(', ')}`,
      );
    }
    const asOf = await this.asOf(asOfParam, 'asOf');
    const { aggregate } = await this.partner(partnerId);
    return pathView(pathToQualify(this.program, aggregate, designation, asOf));
  }

  /** Operators only (a partner token gets 403): the issue opens scores, history and path to partners. */
  @Post(':partnerId/what-if')
  @HttpCode(200)
  async whatIf(@Param('partnerId') rawId: string, @Body() body: unknown) {
    const partnerId = checkPartnerId(rawId);
    const request = WhatIfRequest.safeParse(body);
    if (!request.success) {
      const issue = request.error.issues[0];
      throw badParameter(
        issue?.path.map(String).join('.') || 'body',
        issue?.message ?? 'expected { events: [...], asOf? }',
      );
    }
    const events = request.data.events.map((raw, i) => {
      const parsed = InputEvent.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw badParameter(
          ['events', i, ...(issue?.path ?? [])].map(String).join('.'),
          issue?.message ?? 'not an input event',
        );
      }
      if (parsed.data.partnerId !== partnerId) {
        throw badParameter(`events.${i}.partnerId`, `every event must be of partner ${partnerId}`);
      }
      return parsed.data;
    });
    const asOf = await this.asOf(request.data.asOf, 'asOf');
    const { aggregate, meta } = await this.partner(partnerId);
    return whatIfView(whatIf(this.program, aggregate, meta?.lifecycle ?? emptyLifecycle(), events, asOf));
  }

  /** asOf, or now; not before the retained history. */
  private async asOf(value: string | undefined, name: string): Promise<number> {
    const now = await this.clock.now();
    const asOf = parseInstantParam(name, value) ?? now;
    const oldest = new Date(now);
    oldest.setUTCMonth(oldest.getUTCMonth() - RETAINED_MONTHS);
    if (asOf < oldest.getTime()) {
      throw badParameter(name, `${name} is before the retained history (${oldest.toISOString()})`);
    }
    return asOf;
  }

  private async partner(partnerId: string) {
    const row = (await this.store.load([partnerId])).get(partnerId);
    if (!row || row.version === 0 || !row.aggregate) {
      throw new NotFoundException({ error: 'not-found', message: `unknown partner ${partnerId}` });
    }
    return { aggregate: row.aggregate, meta: row.meta };
  }
}
