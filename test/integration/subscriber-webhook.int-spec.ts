import { createServer, type Server } from 'node:http';
import { createRedis } from '@app/redis';
import { DesignationEvent } from '@app/contracts';
import { consumerLag, createKafka } from '@app/kafka';
import { createLogger } from '@app/logging';
import { brokers, createNamespace, dropNamespace, redisUrl, type TestNamespace } from '../support/infra.js';
import { produce } from '../support/kafka-io.js';
import { AppProcess, eventually } from '../support/processes.js';

/** A webhook receiver: answers 500 to the first `failFirst` requests, then 200; records everything. */
class Webhook {
  readonly requests: { eventId: string; headerId: string | undefined; status: number; body: string }[] = [];
  private server?: Server;
  url = '';

  constructor(private failFirst: number) {}

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const status = this.failFirst-- > 0 ? 500 : 200;
        const eventId = (JSON.parse(body) as { eventId: string }).eventId;
        const header = req.headers['idempotency-key'];
        this.requests.push({
          eventId,
          headerId: typeof header === 'string' ? header : undefined,
          status,
          body,
        });
        res
          .writeHead(status, { 'content-type': 'application/json' })
          .end(JSON.stringify({ ok: status === 200 }));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    if (typeof address !== 'object' || address === null) throw new Error('no address');
    this.url = `http://127.0.0.1:${address.port}/hooks/capscore`;
  }

  delivered(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const r of this.requests) {
      if (r.status === 200) counts.set(r.eventId, (counts.get(r.eventId) ?? 0) + 1);
    }
    return counts;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

function designation(
  n: number,
  partnerId: string,
  type: DesignationEvent['type'] = 'designation.granted',
): DesignationEvent {
  return DesignationEvent.parse({
    eventId: `dsg-${partnerId}-${n}`,
    type,
    partnerId,
    designationId: 'security',
    occurredAt: `2026-06-${String(10 + n).padStart(2, '0')}T00:00:00Z`,
    programId: 'mcpp',
    programVersion: '2026.1',
    data: {
      score: 70 + n,
      threshold: 70,
      track: 'smb',
      qualified: type !== 'designation.at-risk' && type !== 'designation.lost',
      anniversary:
        type === 'designation.granted' ? `2027-06-${String(10 + n).padStart(2, '0')}T00:00:00Z` : null,
      metrics: [{ id: 'net-customer-adds', category: 'performance', points: 20, maxPoints: 20, value: 11 }],
      cause: { kind: 'event', eventId: `cause-${n}` },
    },
  });
}

describe('example subscriber: webhook notifier on the designations topic', () => {
  let ns: TestNamespace;
  let webhook: Webhook;
  const processes: AppProcess[] = [];

  beforeAll(async () => {
    ns = await createNamespace();
    webhook = new Webhook(3);
    await webhook.start();
  });

  afterAll(async () => {
    for (const p of processes) await p.stop();
    await webhook.stop();
    await dropNamespace(ns);
  });

  const env = () => ({
    ...ns.env,
    SUBSCRIBER_WEBHOOK_URL: webhook.url,
    SUBSCRIBER_GROUP_ID: `${ns.groupId}-webhook`,
    // Under the test namespace's prefix, so dropNamespace removes the delivery log too.
    SUBSCRIBER_KEY_PREFIX: `${ns.keyPrefix}subscriber:`,
    SUBSCRIBER_RETRY_INITIAL_MS: '20',
    SUBSCRIBER_RETRY_MAX_MS: '200',
  });

  /** Every record of the topic is committed by the subscriber's group: it has handled them all. */
  async function drained(subscriber: AppProcess): Promise<void> {
    const kafka = createKafka(
      { brokers: brokers(), clientId: 'subscriber-test', ssl: false },
      createLogger({ app: 'test', level: 'error', format: 'json', destination: 2 }),
    );
    let lag: unknown;
    await eventually(
      async () => {
        const partitions = await consumerLag(kafka, `${ns.groupId}-webhook`, [ns.topics.designations]);
        lag = partitions;
        return partitions.every((p) => p.lag === 0) ? true : undefined;
      },
      60_000,
      'the subscriber to commit every record',
    ).catch((error: Error) => {
      throw new Error(`${error.message}\nlag: ${JSON.stringify(lag)}\n${subscriber.output.join('\n')}`);
    });
  }

  const record = (e: DesignationEvent) => ({
    topic: ns.topics.designations,
    key: e.partnerId,
    value: JSON.stringify(e),
  });

  it('delivers every distinct event exactly once through 500s, a duplicate re-publish and a restart', async () => {
    const a = [
      designation(1, 'contoso'),
      designation(2, 'contoso', 'designation.at-risk'),
      designation(3, 'contoso', 'designation.renewed'),
    ];
    const b = [designation(1, 'fabrikam'), designation(2, 'fabrikam', 'designation.lost')];
    const c = [designation(1, 'northwind')];
    // contoso's first event is re-published (same key, same bytes) before contoso's last one, as
    // the scorer does after a crash between publishing and acknowledging its outbox.
    const firstPass = [
      record(a[0]!),
      record(b[0]!),
      record(a[1]!),
      record(a[0]!),
      record(c[0]!),
      record(b[1]!),
      record(a[2]!),
    ];
    await produce(firstPass);

    const first = new AppProcess('subscriber', env());
    processes.push(first);
    await eventually(
      () => (webhook.delivered().size === 6 ? true : undefined),
      60_000,
      'six distinct deliveries',
    );
    await drained(first);
    expect(await first.stop()).toBe(0);

    expect(webhook.requests.filter((r) => r.status === 500)).toHaveLength(3);
    expect(
      first.output.some((l) => /attempt 1 for dsg-.* failed \(HTTP 500\); retrying in \d+ ms/.test(l)),
    ).toBe(true);
    expect(first.output.some((l) => l.includes('duplicate dsg-contoso-1'))).toBe(true);

    // A later re-publish, after the subscriber restarted: the delivery log in Redis still knows it.
    const d = designation(4, 'contoso', 'designation.at-risk');
    await produce([record(a[0]!), record(b[1]!), record(d)]);
    const second = new AppProcess('subscriber', env());
    processes.push(second);
    await eventually(
      () => (webhook.delivered().has(d.eventId) ? true : undefined),
      60_000,
      'the new event to be delivered',
    );
    await drained(second);
    expect(await second.stop()).toBe(0);
    const skipped = second.output
      .filter((l) => l.includes('duplicate dsg-'))
      .map((l) => /duplicate (\S+)/.exec(l)?.[1]);
    expect(skipped.sort()).toEqual(['dsg-contoso-1', 'dsg-fabrikam-2']);

    const all = [...a, ...b, ...c, d];
    expect(Object.fromEntries(webhook.delivered())).toEqual(
      Object.fromEntries(all.map((e) => [e.eventId, 1])),
    );
    // The body is the event as published, and the idempotency key is its eventId.
    for (const r of webhook.requests) {
      expect(r.headerId).toBe(r.eventId);
      expect(all.map((e) => JSON.stringify(e))).toContain(r.body);
    }
    // Per-partner order of first successful deliveries follows the topic.
    const contosoOrder = webhook.requests
      .filter((r) => r.status === 200 && r.eventId.startsWith('dsg-contoso'))
      .map((r) => r.eventId);
    expect(contosoOrder).toEqual(['dsg-contoso-1', 'dsg-contoso-2', 'dsg-contoso-3', 'dsg-contoso-4']);

    // Delivered eventIds are remembered under the subscriber's prefix, with a TTL (7 days by default).
    const redis = createRedis(redisUrl(), { lazyConnect: false });
    try {
      const ttl = await redis.ttl(`${ns.keyPrefix}subscriber:delivered:dsg-contoso-1`);
      expect(ttl).toBeGreaterThan(6 * 24 * 3600);
      expect(ttl).toBeLessThanOrEqual(7 * 24 * 3600);
    } finally {
      await redis.quit();
    }
  });

  it('refuses to start without a webhook URL (exit 78, naming the variable)', async () => {
    const { SUBSCRIBER_WEBHOOK_URL: _omit, ...rest } = env();
    const p = new AppProcess('subscriber', rest);
    processes.push(p);
    expect(await p.exited).toBe(78);
    expect(p.output.join('\n')).toContain('SUBSCRIBER_WEBHOOK_URL');
  });
});
