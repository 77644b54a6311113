import {
  BadRequestException,
  Body,
  ConflictException,
  Controller,
  Get,
  HttpCode,
  Post,
} from '@nestjs/common';
import { ClockService } from '@app/platform';
import { parseInstantParam } from '../params.js';

/**
 * contracts.md §5: with a fixed clock (CAPSCORE_CLOCK), POST /admin/clock moves it forward.
 * The scorers' timer loops then fire every month-start, expiry and anniversary in between.
 */
@Controller('v1/admin/clock')
export class ClockController {
  constructor(private readonly clock: ClockService) {}

  @Get()
  async read(): Promise<{ now: string; fixed: boolean }> {
    return { now: new Date(await this.clock.now()).toISOString(), fixed: this.clock.fixed };
  }

  @Post()
  @HttpCode(200)
  async advance(@Body() body: unknown): Promise<{ now: string }> {
    if (!this.clock.fixed) {
      throw new ConflictException({
        error: 'clock-not-fixed',
        message: 'start with CAPSCORE_CLOCK to use a fixed clock',
      });
    }
    const raw = typeof body === 'object' && body !== null ? (body as { now?: unknown }).now : undefined;
    const to = parseInstantParam('now', typeof raw === 'string' ? raw : '');
    if (to === undefined) {
      throw new BadRequestException({
        error: 'bad-parameter',
        parameter: 'now',
        message: 'body must be {"now": "<ISO-8601 instant>"}',
      });
    }
    try {
      return { now: new Date(await this.clock.advance(to)).toISOString() };
    } catch (error) {
      throw new BadRequestException({
        error: 'bad-parameter',
        parameter: 'now',
        message: (error as Error).message,
      });
    }
  }
}
