import { verifyPartnerToken } from '@app/access';
import { run } from './support.js';

// The command reads the validated configuration (loadConfig, once per test file).
const K1 = { kid: 'k2026-12', secret: 'cli-k1-secret-0123456789abcdef-0123456789' };
const K0 = { kid: 'k2026-11', secret: 'cli-k0-secret-0123456789abcdef-0123456789' };
process.env.API_KEY = 'cli-operator-key-0123456789';
process.env.TOKEN_SIGNING_KEYS = `${K1.kid}:${K1.secret},${K0.kid}:${K0.secret}`;

describe('capscore token issue', () => {
  it('prints a token signed by the first key, alone on stdout, details on stderr', async () => {
    const before = Date.now();
    const r = await run(['token', 'issue', '--partner', 'fabrikam']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^cs1\.k2026-12\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\n$/);
    const check = verifyPartnerToken(r.stdout.trim(), [K0, K1]);
    expect(check.ok && check.claims.partnerId).toBe('fabrikam');
    // 30 days by default.
    const expiresAt = check.ok ? check.claims.expiresAt : 0;
    expect(expiresAt - Math.floor(before / 1000) * 1000).toBeGreaterThanOrEqual(30 * 86_400_000);
    expect(expiresAt - Date.now()).toBeLessThanOrEqual(30 * 86_400_000);
    expect(r.stderr).toBe(
      `partner token for fabrikam, key k2026-12, expires ${new Date(expiresAt).toISOString()}\n`,
    );
    // Never the secret.
    expect(r.stdout + r.stderr).not.toContain(K1.secret);
  });

  it('takes --expires and prints JSON with the claims', async () => {
    const r = await run(['token', 'issue', '--partner', 'contoso', '--expires', '12h', '--format', 'json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      token: string;
      partnerId: string;
      kid: string;
      issuedAt: string;
      expiresAt: string;
    };
    expect(out).toMatchObject({ partnerId: 'contoso', kid: 'k2026-12' });
    expect(Date.parse(out.expiresAt) - Date.parse(out.issuedAt)).toBe(12 * 3_600_000);
    const check = verifyPartnerToken(out.token, [K1]);
    expect(check.ok && new Date(check.claims.expiresAt).toISOString()).toBe(out.expiresAt);
  });

  it.each([
    [['token', 'issue'], '--partner is required'],
    [['token', 'issue', '--partner', 'bad id'], '--partner must be'],
    [['token', 'issue', '--partner', 'p', '--expires', '2y'], '--expires expects'],
    [['token', 'issue', '--partner', 'p', '--expires', '400d'], '--expires expects'],
    [['token', 'issue', '--partner', 'p', '--format', 'yaml'], '--format yaml'],
    [['token', 'revoke'], 'unknown subcommand "revoke"'],
    [['token'], 'a subcommand is required'],
  ])('%j is a usage error (exit 2): %s', async (argv, message) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain('usage: capscore token issue');
  });
});
