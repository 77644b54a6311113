import {
  applyDecorators,
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Injectable,
  SetMetadata,
  UseGuards,
} from '@nestjs/common';

/** Who a request acts for, set by the AccessGuard (absent when the api is open). */
export type Principal =
  { kind: 'operator' } | { kind: 'partner'; partnerId: string; kid: string; expiresAt: number };

export interface AccessRequest {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  query: Record<string, unknown>;
  params?: Record<string, string | undefined>;
  principal?: Principal;
}

export const PARTNER_SCOPED = 'capscore:partner-scoped';

export const forbidden = (message: string) => new ForbiddenException({ error: 'forbidden', message });

/**
 * Lets a partner token through when the route's `partnerId` parameter is the token's partner;
 * operators (and an open api) pass. Applied with `@PartnerScoped()`, never alone.
 */
@Injectable()
export class PartnerScopeGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<AccessRequest>();
    const principal = request.principal;
    if (principal?.kind !== 'partner') return true;
    // A route marked partner-scoped without a partnerId parameter is a programming error: deny.
    if (request.params?.partnerId === undefined || request.params.partnerId !== principal.partnerId) {
      throw forbidden('a partner token reads its own partner only');
    }
    return true;
  }
}

/**
 * Marks a route a partner token may use for its own partner: the route must have a `:partnerId`
 * parameter. Every route without this decorator is operator-only (the AccessGuard answers 403 to
 * a partner token there), so a new route is closed to partners until it opts in.
 */
export const PartnerScoped = () =>
  applyDecorators(SetMetadata(PARTNER_SCOPED, true), UseGuards(PartnerScopeGuard));
