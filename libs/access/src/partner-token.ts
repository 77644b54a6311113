import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Partner tokens (issue 14, item 4): a partner reads its own data with
 * `Authorization: Bearer <token>`. A token is
 *
 *     cs1.<kid>.<payload>.<signature>
 *
 * - `kid`: the id of the signing key (TOKEN_SIGNING_KEYS = `kid:secret,...`; the first signs);
 * - `payload`: base64url of the JSON `{"p": partnerId, "iat": issued, "exp": expires}` (epoch
 *   seconds);
 * - `signature`: base64url of HMAC-SHA256(secret of kid, "cs1.<kid>.<payload>").
 *
 * Verification needs no database: the key id picks the secret, the signature is compared in
 * constant time before the payload is parsed, and the expiry is checked against the wall clock
 * (never the pipeline's fixed clock: tokens are real-world credentials). Revocation is key
 * rotation: a token whose kid is no longer configured is rejected.
 */
export interface SigningKey {
  kid: string;
  secret: string;
}

export interface PartnerTokenClaims {
  partnerId: string;
  /** Epoch ms, whole seconds. */
  issuedAt: number;
  /** Epoch ms, whole seconds. */
  expiresAt: number;
  kid: string;
}

export type TokenCheck =
  | { ok: true; claims: PartnerTokenClaims }
  | { ok: false; reason: 'malformed' | 'unknown-key' | 'bad-signature' | 'expired' | 'not-yet-valid' };

const PREFIX = 'cs1';
export const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
/** The api's partner ids (apps/api params.ts). */
const PARTNER = /^[A-Za-z0-9._:-]{1,64}$/;
const B64URL = /^[A-Za-z0-9_-]+$/;
/** Far longer than any token this module signs; anything longer is refused before any work. */
const MAX_TOKEN_LENGTH = 512;
/** Tolerated clock difference between the issuing machine and the api, for `iat`. */
const SKEW_MS = 5 * 60_000;

const mac = (secret: string, signed: string) => createHmac('sha256', secret).update(signed).digest();

/** Signs a token for `partnerId` with `key`, valid from `issuedAt` for `ttlMs`. */
export function signPartnerToken(
  key: SigningKey,
  partnerId: string,
  ttlMs: number,
  issuedAt = Date.now(),
): string {
  if (!KEY_ID.test(key.kid)) throw new Error('key id must be 1..32 chars of [A-Za-z0-9_-]');
  if (!PARTNER.test(partnerId)) throw new Error('partner id must be 1..64 chars of [A-Za-z0-9._:-]');
  if (!Number.isFinite(ttlMs) || ttlMs < 1000) throw new Error('a token lives one second at least');
  const iat = Math.floor(issuedAt / 1000);
  const exp = iat + Math.floor(ttlMs / 1000);
  const payload = Buffer.from(JSON.stringify({ p: partnerId, iat, exp })).toString('base64url');
  const signed = `${PREFIX}.${key.kid}.${payload}`;
  return `${signed}.${mac(key.secret, signed).toString('base64url')}`;
}

/** Verifies a token against the configured keys, at `now` (epoch ms). Never throws. */
export function verifyPartnerToken(token: string, keys: readonly SigningKey[], now = Date.now()): TokenCheck {
  if (token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: 'malformed' };
  const parts = token.split('.');
  if (parts.length !== 4) return { ok: false, reason: 'malformed' };
  const [prefix, kid, payload, signature] = parts as [string, string, string, string];
  if (prefix !== PREFIX || !KEY_ID.test(kid) || !B64URL.test(payload) || !B64URL.test(signature)) {
    return { ok: false, reason: 'malformed' };
  }
  const key = keys.find((k) => k.kid === kid);
  if (!key) return { ok: false, reason: 'unknown-key' };
  const given = Buffer.from(signature, 'base64url');
  const expected = mac(key.secret, `${prefix}.${kid}.${payload}`);
  // The length of an HMAC-SHA256 is public (32 bytes); the comparison of the bytes is constant-time.
  // Re-encoding rejects non-canonical base64url spellings of the same bytes.
  if (
    given.length !== expected.length ||
    !timingSafeEqual(given, expected) ||
    given.toString('base64url') !== signature
  ) {
    return { ok: false, reason: 'bad-signature' };
  }
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const c = claims as { p?: unknown; iat?: unknown; exp?: unknown };
  if (
    typeof claims !== 'object' ||
    claims === null ||
    Object.keys(claims).length !== 3 ||
    typeof c.p !== 'string' ||
    !PARTNER.test(c.p) ||
    !Number.isSafeInteger(c.iat) ||
    !Number.isSafeInteger(c.exp) ||
    (c.exp as number) <= (c.iat as number)
  ) {
    return { ok: false, reason: 'malformed' };
  }
  const issuedAt = (c.iat as number) * 1000;
  const expiresAt = (c.exp as number) * 1000;
  if (now >= expiresAt) return { ok: false, reason: 'expired' };
  if (issuedAt > now + SKEW_MS) return { ok: false, reason: 'not-yet-valid' };
  return { ok: true, claims: { partnerId: c.p, issuedAt, expiresAt, kid } };
}

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
/** The longest lifetime `capscore token issue` accepts: rotation revokes, but short is better. */
export const MAX_TOKEN_TTL_MS = 366 * 86_400_000;

/** `30d`, `12h`, `90m`, `45s` → ms; undefined when malformed or out of 1 s .. 366 d. */
export function parseTokenDuration(text: string): number | undefined {
  const m = /^(\d{1,6})([smhd])$/.exec(text);
  if (!m) return undefined;
  const ms = Number(m[1]) * (UNITS[m[2] as string] as number);
  return ms >= 1000 && ms <= MAX_TOKEN_TTL_MS ? ms : undefined;
}
