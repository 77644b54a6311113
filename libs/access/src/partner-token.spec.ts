import { createHmac } from 'node:crypto';
import { parseTokenDuration, signPartnerToken, verifyPartnerToken } from './partner-token.js';

const K1 = { kid: 'k2026-11', secret: 'first-secret-0123456789abcdef-0123456789' };
const K2 = { kid: 'k2026-12', secret: 'second-secret-0123456789abcdef-012345678' };
const NOW = Date.UTC(2026, 10, 28, 12, 0, 0);
const DAY = 86_400_000;

describe('partner tokens: sign and verify', () => {
  it('round-trips the claims; the token has four dot-separated parts and names its key id', () => {
    const token = signPartnerToken(K1, 'fabrikam', 30 * DAY, NOW);
    expect(token).toMatch(/^cs1\.k2026-11\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(verifyPartnerToken(token, [K1], NOW + DAY)).toEqual({
      ok: true,
      claims: { partnerId: 'fabrikam', issuedAt: NOW, expiresAt: NOW + 30 * DAY, kid: 'k2026-11' },
    });
  });

  it('refuses a token at and after its expiry', () => {
    const token = signPartnerToken(K1, 'fabrikam', DAY, NOW);
    expect(verifyPartnerToken(token, [K1], NOW + DAY - 1000).ok).toBe(true);
    expect(verifyPartnerToken(token, [K1], NOW + DAY)).toEqual({ ok: false, reason: 'expired' });
    expect(verifyPartnerToken(token, [K1], NOW + 400 * DAY)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses a token issued in the future beyond a 5-minute skew', () => {
    const token = signPartnerToken(K1, 'fabrikam', DAY, NOW + 10 * 60_000);
    expect(verifyPartnerToken(token, [K1], NOW)).toEqual({ ok: false, reason: 'not-yet-valid' });
    expect(verifyPartnerToken(signPartnerToken(K1, 'fabrikam', DAY, NOW + 60_000), [K1], NOW).ok).toBe(true);
  });

  it('refuses a tampered payload, signature, key id or prefix', () => {
    const token = signPartnerToken(K1, 'fabrikam', DAY, NOW);
    const [prefix, kid, payload, signature] = token.split('.') as [string, string, string, string];
    // Another partner in the payload, signed by nobody who knows the secret.
    const forged = Buffer.from(
      JSON.stringify({ p: 'contoso', iat: NOW / 1000, exp: NOW / 1000 + 86_400 }),
    ).toString('base64url');
    expect(verifyPartnerToken([prefix, kid, forged, signature].join('.'), [K1], NOW)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
    // A longer lifetime, same partner.
    const longer = Buffer.from(
      JSON.stringify({ p: 'fabrikam', iat: NOW / 1000, exp: NOW / 1000 + 900 * 86_400 }),
    ).toString('base64url');
    expect(verifyPartnerToken([prefix, kid, longer, signature].join('.'), [K1], NOW)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
    // One character of the signature changed.
    const flipped = `${signature.slice(0, 10)}${signature[10] === 'A' ? 'B' : 'A'}${signature.slice(11)}`;
    expect(verifyPartnerToken([prefix, kid, payload, flipped].join('.'), [K1], NOW)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
    // A truncated signature, an empty one, an extra part, another prefix.
    expect(verifyPartnerToken([prefix, kid, payload, signature.slice(0, 20)].join('.'), [K1], NOW)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
    expect(verifyPartnerToken([prefix, kid, payload, ''].join('.'), [K1], NOW)).toEqual({
      ok: false,
      reason: 'malformed',
    });
    expect(verifyPartnerToken(`${token}.x`, [K1], NOW)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyPartnerToken(token.replace(/^cs1/, 'cs2'), [K1], NOW)).toEqual({
      ok: false,
      reason: 'malformed',
    });
    // The same signature under another configured key id does not verify.
    expect(verifyPartnerToken([prefix, K2.kid, payload, signature].join('.'), [K1, K2], NOW)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('refuses a token signed with the right key id but another secret', () => {
    const token = signPartnerToken(
      { kid: K1.kid, secret: 'an-attacker-guess-0123456789abcdef-01234' },
      'fabrikam',
      DAY,
      NOW,
    );
    expect(verifyPartnerToken(token, [K1], NOW)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('refuses a validly signed payload that is not the expected claims', () => {
    const sign = (claims: unknown) => {
      const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
      const signed = `cs1.${K1.kid}.${payload}`;
      return `${signed}.${createHmac('sha256', K1.secret).update(signed).digest('base64url')}`;
    };
    const iat = NOW / 1000;
    expect(verifyPartnerToken(sign({ p: 'fabrikam', iat, exp: iat + 60 }), [K1], NOW).ok).toBe(true);
    for (const claims of [
      { p: 'fabrikam', iat, exp: iat + 60, admin: true },
      { p: 'bad id!', iat, exp: iat + 60 },
      { p: 'fabrikam', iat, exp: iat },
      { p: 'fabrikam', iat: String(iat), exp: iat + 60 },
      ['fabrikam', iat, iat + 60],
      null,
    ]) {
      expect(verifyPartnerToken(sign(claims), [K1], NOW)).toEqual({ ok: false, reason: 'malformed' });
    }
  });

  it('refuses an unknown key id, garbage and oversized input without throwing', () => {
    const token = signPartnerToken(K1, 'fabrikam', DAY, NOW);
    expect(verifyPartnerToken(token, [K2], NOW)).toEqual({ ok: false, reason: 'unknown-key' });
    expect(verifyPartnerToken(token, [], NOW)).toEqual({ ok: false, reason: 'unknown-key' });
    for (const garbage of [
      '',
      '.',
      '...',
      'Bearer',
      'cs1.k.p.s.',
      `cs1.${'k'.repeat(40)}.p.s`,
      `cs1.k.${'a'.repeat(600)}.s`,
      'cs1.k.p+/=.s',
    ]) {
      expect(verifyPartnerToken(garbage, [K1], NOW).ok).toBe(false);
    }
  });

  it('rotation: a new first key signs, tokens of the old key verify while it stays configured, and are revoked when it is removed', () => {
    const old = signPartnerToken(K1, 'fabrikam', 30 * DAY, NOW);
    // Rotation step 1: TOKEN_SIGNING_KEYS=k2026-12:…,k2026-11:… (new key first, old one kept).
    const fresh = signPartnerToken(K2, 'fabrikam', 30 * DAY, NOW);
    expect(verifyPartnerToken(old, [K2, K1], NOW).ok).toBe(true);
    expect(verifyPartnerToken(fresh, [K2, K1], NOW).ok).toBe(true);
    // Step 2: the old key removed: every token it signed is revoked at once.
    expect(verifyPartnerToken(old, [K2], NOW)).toEqual({ ok: false, reason: 'unknown-key' });
    expect(verifyPartnerToken(fresh, [K2], NOW).ok).toBe(true);
  });

  it('refuses to sign for a malformed partner id, key id or lifetime', () => {
    expect(() => signPartnerToken(K1, 'bad id', DAY)).toThrow(/partner id/);
    expect(() => signPartnerToken({ kid: 'a.b', secret: K1.secret }, 'fabrikam', DAY)).toThrow(/key id/);
    expect(() => signPartnerToken(K1, 'fabrikam', 10)).toThrow(/second/);
  });

  it('reads lifetimes like 30d, 12h, 90m, 45s within 1 s .. 366 d', () => {
    expect(parseTokenDuration('30d')).toBe(30 * DAY);
    expect(parseTokenDuration('12h')).toBe(12 * 3_600_000);
    expect(parseTokenDuration('90m')).toBe(90 * 60_000);
    expect(parseTokenDuration('45s')).toBe(45_000);
    expect(parseTokenDuration('366d')).toBe(366 * DAY);
    for (const bad of ['367d', '0s', '30', 'd', '1.5d', '-1d', '30 d', '30D', '1w']) {
      expect(parseTokenDuration(bad)).toBeUndefined();
    }
  });
});
