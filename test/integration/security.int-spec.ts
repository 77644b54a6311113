import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { request } from 'node:http';
import { makeCertificates, type TestCertificates } from '../support/faults/certs.js';
import { freePort, freePortPair } from '@app/testkit';
import { LocalBroker, PrivateRedis } from '../support/faults/servers.js';
import { createNamespace, dropNamespace, type TestNamespace } from '../support/infra.js';
import { produce } from '../support/kafka-io.js';
import { PipelineProbe } from '../support/pipeline-probe.js';
import { AppProcess, eventually, httpJson } from '../support/processes.js';
import { Stack } from '../support/stack.js';

/**
 * The hardened surface, against the real api and scorer processes:
 * - the api requires x-api-key on every data and admin route when API_KEY is set;
 * - request bodies over 16 KiB are refused (413), oversized headers too (431), and a `__proto__`
 *   body changes nothing;
 * - a 500 (Redis gone) answers a generic body: no stack trace, no secret, no internals;
 * - no secret (API key, Redis password, Kafka SASL password) ever appears in a response or a log;
 * - Redis AUTH and TLS through REDIS_URL (a private redis-server with requirepass, then with TLS);
 * - Kafka SASL/SCRAM over TLS (a broker of this test with a SASL_SSL listener): the scorer
 *   consumes with the right password and refuses to start with a wrong one.
 */
describe('security: api key, limits, errors, secrets, Redis AUTH/TLS, Kafka SASL_SSL', () => {
  const apiKey = randomBytes(24).toString('base64url');
  const redisPassword = `pw-${randomBytes(16).toString('hex')}`;
  const kafkaPassword = `kp-${randomBytes(16).toString('hex')}`;
  const secrets = [apiKey, redisPassword, kafkaPassword];
  const dir = `/tmp/capscore-security-${process.pid}`;
  const savedRedisUrl = process.env.REDIS_URL;
  let certs: TestCertificates;
  let redis: PrivateRedis;
  let ns: TestNamespace;
  let stack: Stack;
  const processes: AppProcess[] = [];

  const get = (path: string, headers: Record<string, string> = {}) =>
    httpJson(`${stack.apiUrl}${path}`, { headers });
  const withKey = { 'x-api-key': apiKey };

  beforeAll(async () => {
    certs = await makeCertificates(dir);
    redis = new PrivateRedis(await freePort(), { password: redisPassword });
    await redis.start();
    process.env.REDIS_URL = redis.url;
    ns = await createNamespace();
    stack = new Stack(ns, { API_KEY: apiKey, CAPSCORE_CLOCK: '2026-06-15T00:00:00Z' });
    processes.push(await stack.startApi());
  });

  afterAll(async () => {
    await stack?.stop();
    for (const p of processes) await p.stop();
    await redis.restart().catch(() => undefined);
    await dropNamespace(ns).catch(() => undefined);
    await redis.destroy();
    process.env.REDIS_URL = savedRedisUrl;
    rmSync(dir, { recursive: true, force: true });
  });

  it('requires the API key on data and admin routes, and only there', async () => {
    for (const path of [
      '/partners/p-1/scores',
      '/partners',
      '/designations',
      '/designations/security/partners',
      '/admin/clock',
    ]) {
      const variants: Record<string, string>[] = [
        {},
        { 'x-api-key': 'x'.repeat(apiKey.length) },
        { 'x-api-key': `${apiKey}x` },
        { 'x-api-key': apiKey.toUpperCase() === apiKey ? apiKey.toLowerCase() : apiKey.toUpperCase() },
      ];
      for (const headers of variants) {
        const res = await get(path, headers);
        expect({ path, status: res.status }).toEqual({ path, status: 401 });
        expect(res.body).toEqual(
          expect.objectContaining({
            type: 'urn:capscore:problem:unauthorized',
            error: 'unauthorized',
            detail: expect.any(String) as string,
          }),
        );
      }
    }
    const post = await httpJson(`${stack.apiUrl}/admin/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ now: '2030-01-01T00:00:00Z' }),
    });
    expect(post.status).toBe(401);
    // The right key passes the guard (and Redis AUTH works: the store answers "unknown partner").
    expect((await get('/partners/p-1/scores', withKey)).status).toBe(404);
    expect((await get('/admin/clock', withKey)).body).toEqual({
      now: '2026-06-15T00:00:00.000Z',
      fixed: true,
    });
    // Probes and scrapers need no key.
    expect((await get('/health/live')).status).toBe(200);
    expect((await get('/metrics')).status).toBe(200);
  });

  it('refuses bodies over 16 KiB, huge headers, and ignores __proto__ in a body', async () => {
    const post = (body: string, headers: Record<string, string> = {}) =>
      httpJson(`${stack.apiUrl}/admin/clock`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...withKey, ...headers },
        body,
      });
    const big = await post(JSON.stringify({ now: '2030-01-01T00:00:00Z', pad: 'x'.repeat(17 * 1024) }));
    expect(big.status).toBe(413);
    expect(big.body).toEqual(
      expect.objectContaining({
        type: 'urn:capscore:problem:payload-too-large',
        error: 'payload-too-large',
        detail: expect.any(String) as string,
      }),
    );
    // Under the limit the body is read (and rejected for what it says, not for its size).
    expect((await post(JSON.stringify({ now: 'soon', pad: 'x'.repeat(15 * 1024) }))).status).toBe(400);
    // A streamed (chunked) body without Content-Length is cut off at the limit too.
    expect(await chunkedPost(`${stack.apiUrl}/admin/clock`, 64 * 1024, withKey)).toBe(413);
    expect(await hugeHeader(`${stack.apiUrl}/health/live`)).toBe(431);
    const proto = await post(
      '{"__proto__":{"now":"2030-01-01T00:00:00Z"},"constructor":{"prototype":{"now":"2031-01-01T00:00:00Z"}}}',
    );
    expect(proto.status).toBe(400);
    expect((await get('/admin/clock', withKey)).body).toEqual({
      now: '2026-06-15T00:00:00.000Z',
      fixed: true,
    });
    expect((await get('/health/live')).status).toBe(200);
  });

  it('answers a 500 without a stack trace, a secret or internals, and logs no stack trace', async () => {
    await redis.stop('SIGKILL');
    try {
      const res = await get('/partners/p-1/scores', withKey);
      expect(res.status).toBeGreaterThanOrEqual(500);
      const text = JSON.stringify(res.body);
      expect(text).not.toMatch(/\bat .+:\d+:\d+|ECONNREFUSED|127\.0\.0\.1|redis:\/\/|Error:/);
      for (const s of secrets) expect(text).not.toContain(s);
      expect(Object.keys(res.body as object).sort()).toEqual([
        'detail',
        'error',
        'instance',
        'status',
        'title',
        'type',
      ]);
    } finally {
      await redis.restart();
    }
    await eventually(
      async () => ((await get('/partners/p-1/scores', withKey)).status === 404 ? true : undefined),
      30_000,
      'api answering again',
    );
    const stackLines = stack.api!.output.filter((line) => /^\s+at .+(\(|\s)\S+:\d+:\d+\)?$/.test(line));
    expect(stackLines.slice(0, 5)).toEqual([]);
  });

  it('reaches Redis over TLS with AUTH (rediss://) when the CA is trusted', async () => {
    const tlsRedis = new PrivateRedis(await freePort(), {
      password: redisPassword,
      tls: { cert: certs.cert, key: certs.key, ca: certs.ca },
    });
    await tlsRedis.start();
    const tlsStack = new Stack(ns, {
      API_KEY: apiKey,
      REDIS_URL: tlsRedis.url,
      NODE_EXTRA_CA_CERTS: certs.ca,
    });
    try {
      processes.push(await tlsStack.startApi());
      expect(tlsRedis.url).toMatch(/^rediss:\/\//);
      expect((await httpJson(`${tlsStack.apiUrl}/partners/p-1/scores`, { headers: withKey })).status).toBe(
        404,
      );
      const ready = await httpJson(`${tlsStack.apiUrl}/health/ready`);
      expect((ready.body as { redis: boolean }).redis).toBe(true);
    } finally {
      await tlsStack.stop();
      await tlsRedis.destroy();
    }
  });

  it('consumes over Kafka SASL_SSL with SCRAM-SHA-256, and will not start with a wrong password', async () => {
    const plainPort = await freePortPair();
    const saslPort = await freePort();
    const broker = new LocalBroker(plainPort, [
      `listeners=PLAINTEXT://127.0.0.1:${plainPort},CONTROLLER://127.0.0.1:${plainPort + 1},SASL_SSL://127.0.0.1:${saslPort}`,
      `advertised.listeners=PLAINTEXT://127.0.0.1:${plainPort},SASL_SSL://127.0.0.1:${saslPort}`,
      'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SASL_SSL:SASL_SSL',
      'sasl.enabled.mechanisms=SCRAM-SHA-256,SCRAM-SHA-512',
      'listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;',
      'listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;',
      'listener.name.sasl_ssl.ssl.keystore.type=PEM',
      `listener.name.sasl_ssl.ssl.keystore.location=${certs.keystore}`,
    ]);
    const savedBrokers = process.env.KAFKA_BROKERS;
    let saslNs: TestNamespace | undefined;
    try {
      await broker.start();
      await broker.addScramUser('capscore', kafkaPassword, 'SCRAM-SHA-256');
      process.env.KAFKA_BROKERS = broker.brokers.join(',');
      saslNs = await createNamespace();
      const secure = {
        ...saslNs.env,
        KAFKA_BROKERS: `127.0.0.1:${saslPort}`,
        KAFKA_SSL: 'true',
        KAFKA_SASL_MECHANISM: 'scram-sha-256',
        KAFKA_SASL_USERNAME: 'capscore',
        NODE_EXTRA_CA_CERTS: certs.ca,
        SCORER_HTTP_PORT: String(await freePort()),
      };

      const refused = new AppProcess('scorer', { ...secure, KAFKA_SASL_PASSWORD: `${kafkaPassword}-wrong` });
      processes.push(refused);
      expect(await refused.exited).not.toBe(0);
      expect(refused.output.join('\n')).toMatch(/SASL|authentication/i);
      expect(refused.output.join('\n')).not.toContain(`${kafkaPassword}-wrong`);

      const scorer = new AppProcess('scorer', { ...secure, KAFKA_SASL_PASSWORD: kafkaPassword });
      processes.push(scorer);
      await eventually(
        async () =>
          (await httpJson(`http://127.0.0.1:${secure.SCORER_HTTP_PORT}/health/ready`)).status === 200
            ? true
            : undefined,
        60_000,
        'scorer ready over SASL_SSL',
      );
      const event = {
        eventId: 'sec-1',
        type: 'certification.earned',
        partnerId: 'sec-partner',
        occurredAt: '2026-03-14T09:30:00Z',
        data: { individualId: 'i-1', certificationId: 'azure-administrator-associate' },
      };
      await produce([
        { topic: saslNs.topics.certifications, key: 'sec-partner', value: JSON.stringify(event) },
      ]);
      const probe = new PipelineProbe(saslNs);
      await probe.connect();
      try {
        await eventually(
          async () =>
            (await probe.partners(['sec-partner'])).get('sec-partner')?.aggregate ? true : undefined,
          60_000,
          'the event applied through SASL_SSL',
        );
      } finally {
        await probe.close();
      }
      await scorer.stop();
    } finally {
      if (saslNs) await dropNamespace(saslNs).catch(() => undefined);
      process.env.KAFKA_BROKERS = savedBrokers;
      await broker.destroy();
    }
  });

  it('printed no secret in any log line of any process above', () => {
    const lines = processes.flatMap((p) => p.output.map((line) => `${p.app}: ${line}`));
    expect(lines.length).toBeGreaterThan(10);
    expect(lines.filter((line) => secrets.some((s) => line.includes(s)))).toEqual([]);
  });
});

/** POSTs `bytes` of JSON with chunked transfer encoding (no Content-Length); returns the status. */
function chunkedPost(url: string, bytes: number, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    let status = 0;
    const req = request(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked', ...headers },
      },
      (res) => {
        status = res.statusCode ?? 0;
        res.resume();
        resolve(status);
      },
    );
    // The server may answer and close while the body is still being written.
    req.on('error', (error) => (status ? resolve(status) : reject(error)));
    req.write('{"pad":"');
    for (let sent = 0; sent < bytes; sent += 1024) req.write('x'.repeat(1024));
    req.end('"}');
  });
}

/** A GET with a 32 KiB header (Node's default limit is 16 KiB); returns the status. */
function hugeHeader(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { 'x-padding': 'x'.repeat(32 * 1024) } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}
