import { createHash, timingSafeEqual } from 'node:crypto';
import {
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { type SigningKey, verifyPartnerToken } from '@app/access';
import type { CapscoreConfig } from '@app/config';
import { CONFIG } from '@app/platform';
import { type AccessRequest, forbidden, PARTNER_SCOPED } from './partner-scope.js';

/**
 * Paths reached without a key (as routed: the unversioned aliases are rewritten to /v1 before this
 * guard, legacy-aliases.ts): probes, the OpenAPI document, and the dashboard's page (it carries
 * no data; the page asks for the key and sends it on its requests; its scripts and stylesheet
 * are static files served before any guard, dashboard-files.ts). `/metrics` too,
 * unless partner tokens are configured: then the api faces partners and its metrics are
 * operator-only.
 */
const OPEN_PATHS = new Set(['/health/live', '/health/ready', '/v1/openapi.json', '/']);
/** EventSource cannot send headers: the SSE stream also takes the operator key as `?key=`. */
const QUERY_KEY_PATHS = new Set(['/v1/events/designations']);
const BEARER = /^Bearer ([^\s]+)$/i;

/** Both sides are hashed first: equal lengths for timingSafeEqual, and no early exit that tells the key's length. */
const digest = (value: Buffer) => createHash('sha256').update(value).digest();

/**
 * Who may call what (issue 14 item 4). With neither API_KEY nor TOKEN_SIGNING_KEYS the api is
 * open, as it always was. Otherwise:
 * - the operator key (`x-api-key`, constant-time comparison): every route;
 * - a partner token (`Authorization: Bearer cs1...`, verified by signature and expiry, no
 *   storage): routes marked `@PartnerScoped()` for its own partner (PartnerScopeGuard), 403
 *   everywhere else;
 * - nothing, or a wrong key or token: 401.
 * Sets `request.principal` for the guards and handlers after it.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly operatorKey?: Buffer;
  private readonly tokenKeys: readonly SigningKey[];
  private readonly open: boolean;

  constructor(
    @Inject(CONFIG) config: CapscoreConfig,
    private readonly reflector: Reflector,
  ) {
    this.operatorKey = config.http.apiKey ? digest(Buffer.from(config.http.apiKey)) : undefined;
    this.tokenKeys = config.http.tokenKeys;
    this.open = !this.operatorKey && this.tokenKeys.length === 0;
  }

  canActivate(context: ExecutionContext): boolean {
    if (this.open) return true;
    const request = context.switchToHttp().getRequest<AccessRequest>();
    if (OPEN_PATHS.has(request.path) || (request.path === '/metrics' && this.tokenKeys.length === 0)) {
      return true;
    }
    const fromQuery = QUERY_KEY_PATHS.has(request.path) ? request.query.key : undefined;
    const given = request.headers['x-api-key'] ?? fromQuery;
    if (given !== undefined) {
      if (
        this.operatorKey &&
        typeof given === 'string' &&
        given.length > 0 &&
        timingSafeEqual(digest(Buffer.from(given)), this.operatorKey)
      ) {
        request.principal = { kind: 'operator' };
        return true;
      }
      throw this.unauthorized();
    }
    const bearer =
      this.tokenKeys.length > 0 ? BEARER.exec(String(request.headers.authorization ?? '')) : null;
    if (!bearer) throw this.unauthorized();
    const check = verifyPartnerToken(bearer[1] as string, this.tokenKeys);
    if (!check.ok) {
      throw new UnauthorizedException({
        error: 'unauthorized',
        message:
          check.reason === 'expired' ? 'the partner token has expired' : 'invalid or revoked partner token',
      });
    }
    request.principal = {
      kind: 'partner',
      partnerId: check.claims.partnerId,
      kid: check.claims.kid,
      expiresAt: check.claims.expiresAt,
    };
    if (
      !this.reflector.getAllAndOverride<boolean>(PARTNER_SCOPED, [context.getHandler(), context.getClass()])
    ) {
      throw forbidden('a partner token reads its own partner only; this route needs the operator key');
    }
    return true;
  }

  private unauthorized(): UnauthorizedException {
    return new UnauthorizedException({
      error: 'unauthorized',
      message:
        this.tokenKeys.length > 0
          ? 'missing or wrong x-api-key header or Authorization: Bearer token'
          : 'missing or wrong x-api-key header',
    });
  }
}
