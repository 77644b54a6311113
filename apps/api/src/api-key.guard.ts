import { timingSafeEqual } from 'node:crypto';
import { type CanActivate, type ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import type { CapscoreConfig } from '@app/config';
import { CONFIG } from '@app/platform';

/** Paths that probes and scrapers reach without a key. */
const OPEN_PATHS = new Set(['/health/live', '/health/ready', '/metrics']);

/** Requires the `x-api-key` header when API_KEY is configured (constant-time comparison). */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly expected?: Buffer;

  constructor(@Inject(CONFIG) config: CapscoreConfig) {
    this.expected = config.http.apiKey ? Buffer.from(config.http.apiKey) : undefined;
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.expected) return true;
    const request = context.switchToHttp().getRequest<{ path: string; headers: Record<string, string | string[] | undefined> }>();
    if (OPEN_PATHS.has(request.path)) return true;
    const given = request.headers['x-api-key'];
    const key = Buffer.from(typeof given === 'string' ? given : '');
    if (key.length === this.expected.length && timingSafeEqual(key, this.expected)) return true;
    throw new UnauthorizedException({ error: 'unauthorized', message: 'missing or wrong x-api-key header' });
  }
}
