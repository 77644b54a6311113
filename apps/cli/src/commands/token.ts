import { parseTokenDuration, signPartnerToken } from '@app/access';
import { type CliCommand, CommandFailure, EXIT_OK, EXIT_USAGE, UsageError } from '../io.js';
import { onlineConfig } from '../online/config.js';
import { parseOptions, printJson, requireOption } from './inputs.js';

const USAGE = `usage: capscore token issue --partner ID [--expires 30d] [--format text|json]

Prints a partner token: with \`Authorization: Bearer <token>\` the holder reads GET
/v1/partners/ID/scores and /history of the api, and nothing else (403). Signed (HMAC-SHA256) with the first key
of TOKEN_SIGNING_KEYS (kid:secret,...); the api verifies it with any configured key, without a
database. Revoke tokens by removing their kid from TOKEN_SIGNING_KEYS (key rotation).
  --partner ID      the partner the token reads (1..64 chars of [A-Za-z0-9._:-])
  --expires D       lifetime: <n>s, <n>m, <n>h or <n>d, at most 366d (default 30d)
  --format F        text: the token alone on stdout (details on stderr); json: token and claims
`;

const PARTNER = /^[A-Za-z0-9._:-]{1,64}$/;

export const tokenCommand: CliCommand = {
  summary: 'issue a partner token (reads one partner’s scores)',
  usage: USAGE,
  run(argv, io) {
    const [sub, ...rest] = argv;
    if (sub === '--help' || sub === '-h' || sub === 'help') {
      io.stdout(USAGE);
      return Promise.resolve(EXIT_OK);
    }
    if (sub !== 'issue') {
      io.stderr(
        `capscore token: ${sub === undefined ? 'a subcommand is required' : `unknown subcommand ${JSON.stringify(sub)}`}\n\n${USAGE}`,
      );
      return Promise.resolve(EXIT_USAGE);
    }
    const options = parseOptions(rest, {
      partner: { type: 'string' },
      expires: { type: 'string', default: '30d' },
      format: { type: 'string', default: 'text' },
      help: { type: 'boolean', short: 'h' },
    });
    if (options.help) {
      io.stdout(USAGE);
      return Promise.resolve(EXIT_OK);
    }
    const partnerId = requireOption(options.partner, 'partner');
    if (!PARTNER.test(partnerId)) {
      throw new UsageError(
        `--partner must be 1..64 chars of [A-Za-z0-9._:-], got ${JSON.stringify(partnerId)}`,
      );
    }
    const ttlMs = parseTokenDuration(options.expires);
    if (ttlMs === undefined) {
      throw new UsageError(
        `--expires expects <n>s, <n>m, <n>h or <n>d from 1s to 366d, such as 30d; got ${JSON.stringify(options.expires)}`,
      );
    }
    if (options.format !== 'text' && options.format !== 'json') {
      throw new UsageError(`--format ${options.format} is not supported (text, json)`);
    }
    const [key] = onlineConfig().http.tokenKeys;
    if (!key) {
      throw new CommandFailure(
        'TOKEN_SIGNING_KEYS is not set: configure kid:secret pairs (the same value as the api) to issue tokens',
      );
    }
    const issuedAt = Date.now();
    const token = signPartnerToken(key, partnerId, ttlMs, issuedAt);
    // The token's own whole seconds, so the printed expiry is exactly what the api checks.
    const issued = Math.floor(issuedAt / 1000) * 1000;
    const expiresAt = new Date(issued + Math.floor(ttlMs / 1000) * 1000).toISOString();
    if (options.format === 'json') {
      printJson(io, { token, partnerId, kid: key.kid, issuedAt: new Date(issued).toISOString(), expiresAt });
    } else {
      io.stdout(`${token}\n`);
      io.stderr(`partner token for ${partnerId}, key ${key.kid}, expires ${expiresAt}\n`);
    }
    return Promise.resolve(EXIT_OK);
  },
};
