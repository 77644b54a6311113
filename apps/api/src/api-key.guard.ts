import { createHash, timingSafeEqual } from 'node:crypto';
import { type CanActivate, type ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import type { CapscoreConfig } from '@app/config';
import { CONFIG } from '@app/platform';

/**
 * Paths reached without a key: probes and scrapers, the OpenAPI document, and the dashboard's
 * static files (they carry no data; the page asks for the key and sends it on its requests).
 */
const OPEN_PATHS = new Set(['/health/live', '/health/ready', '/metrics', '/openapi.json', '/', '/dashboard/app.js', '/dashboard/app.css']);
/** EventSource cannot send headers: the SSE stream also takes the key as `?key=`. */
const QUERY_KEY_PATHS = new Set(['/events/designations']);

/** Both sides are hashed first: equal lengths for timingSafeEqual, and no early exit that tells the key's length. */
const digest = (value: Buffer) => createHash('sha256').update(value).digest();

/** Requires the `x-api-key` header when API_KEY is configured (constant-time comparison). */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly expected?: Buffer;

  constructor(@Inject(CONFIG) config: CapscoreConfig) {
    this.expected = config.http.apiKey ? digest(Buffer.from(config.http.apiKey)) : undefined;
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.expected) return true;
    const request = context
      .switchToHttp()
      .getRequest<{ path: string; headers: Record<string, string | string[] | undefined>; query: Record<string, unknown> }>();
    if (OPEN_PATHS.has(request.path)) return true;
    const fromQuery = QUERY_KEY_PATHS.has(request.path) ? request.query.key : undefined;
    const given = request.headers['x-api-key'] ?? fromQuery;
    if (typeof given === 'string' && given.length > 0 && timingSafeEqual(digest(Buffer.from(given)), this.expected)) return true;
    throw new UnauthorizedException({ error: 'unauthorized', message: 'missing or wrong x-api-key header' });
  }
}
