import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DlqRecord } from '@app/contracts';
import { createNamespace, dropNamespace, type TestNamespace } from '../support/infra.js';
import { produce, TopicCollector } from '../support/kafka-io.js';
import { eventually, httpJson, runCapscore } from '../support/processes.js';
import { Stack } from '../support/stack.js';

const ROOT = join(import.meta.dirname, '..', '..');
const FIXTURES = join(ROOT, 'apps', 'cli', 'test', 'fixtures');

describe('capscore send / score --partner / dlq against a running scorer and api', () => {
  let ns: TestNamespace;
  let stack: Stack;
  let env: Record<string, string>;

  beforeAll(async () => {
    ns = await createNamespace();
    stack = new Stack(ns, { CAPSCORE_CLOCK: '2026-06-15T00:00:00Z' });
    await Promise.all([stack.startScorer(), stack.startApi()]);
    env = { ...ns.env };
  });

  afterAll(async () => {
    await stack.stop();
    await dropNamespace(ns);
  });

  it('send validates a file, produces the valid events to the topics of their types, and the api then scores the partner', async () => {
    const collector = new TopicCollector(ns.topics.revenue);
    await collector.start();
    const file = join(FIXTURES, 'send-events.ndjson');
    const sent = await runCapscore(env, 'send', '--file', file, '--batch-size', '2');
    expect(sent.code).toBe(0);
    // The revenue events, keyed by partnerId, byte for byte as in the file, in file order.
    await eventually(
      () => (collector.messages.length >= 2 ? true : undefined),
      30_000,
      'two revenue records',
    );
    await collector.stop();
    const lines = readFileSync(file, 'utf8').split('\n');
    expect(collector.messages.map((m) => [m.key?.toString(), m.value?.toString()])).toEqual([
      ['contoso', lines[1]],
      ['contoso', lines[7]],
    ]);
    expect(sent.stdout).toBe(
      [
        `sent 4 of 7 records in ${file}; 3 invalid (not sent)`,
        `  ${ns.topics.certifications.padEnd(ns.topics.customerSuccess.length)}        1`,
        `  ${ns.topics.revenue.padEnd(ns.topics.customerSuccess.length)}        2`,
        `  ${ns.topics.customerSuccess}        1`,
        '',
      ].join('\n'),
    );
    const stderr = sent.stderr.trim().split('\n');
    expect(stderr.slice(0, 3).map((l) => l.replace(`${file}:`, ''))).toEqual([
      '3: invalid (invalid-schema): invalid revenue.recorded: data.month: expected a month as YYYY-MM',
      expect.stringMatching(/^5: invalid \(invalid-json\)/),
      '7: invalid (unknown-type): unknown event type "revenue.refunded"',
    ]);
    // Not a terminal: progress as plain lines, the last one at 100 %.
    expect(stderr.at(-1)).toMatch(/^send \[#{24}\] 100% 4\/4 records \d+\/s$/);

    const scores = await eventually(
      async () => {
        const r = await runCapscore(
          env,
          'score',
          '--partner',
          'contoso',
          '--api',
          stack.apiUrl,
          '--format',
          'json',
        );
        return r.code === 0 ? r : undefined;
      },
      60_000,
      'contoso to be scored by the api',
    );
    const body = JSON.parse(scores.stdout) as {
      partnerId: string;
      designations: { designationId: string; metrics: { id: string; value: number }[] }[];
    };
    expect(body.partnerId).toBe('contoso');
    const certs = body.designations
      .find((d) => d.designationId === 'modern-work')
      ?.metrics.find((m) => m.id === 'intermediate-certifications');
    expect(certs?.value).toBe(1);

    const table = await runCapscore(
      env,
      'score',
      '--partner',
      'contoso',
      '--api',
      stack.apiUrl,
      '--as-of',
      '2026-06-15T00:00:00Z',
    );
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^partner contoso as of 2026-06-15T00:00:00.000Z \(program mcpp /);
    expect(table.stdout).toMatch(/\nmodern-work +\w+ +\d+\.\d\d +(yes|no) /);
    expect(table.stdout).toMatch(/\n {2}intermediate-certifications +skilling +[\d.]+\/\d+ +value 1/);

    const unknown = await runCapscore(env, 'score', '--partner', 'nobody', '--api', stack.apiUrl);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('answered 404: unknown partner nobody');
    const down = await runCapscore(env, 'score', '--partner', 'contoso', '--api', 'http://127.0.0.1:9');
    expect(down.code).toBe(1);
    expect(down.stderr).toContain('cannot reach the api at http://127.0.0.1:9');
  });

  it('dlq list shows what the scorer dead-lettered; dlq redrive re-sends only what passes validation now', async () => {
    // Two records the scorer rejects, straight to the input topics (send would refuse them).
    await produce([
      { topic: ns.topics.revenue, key: 'contoso', value: '{"eventId": "broken' },
      {
        topic: ns.topics.certifications,
        key: 'contoso',
        value: JSON.stringify({
          eventId: 'c-bad',
          type: 'certification.earned',
          partnerId: 'contoso',
          occurredAt: '2026-02-30T00:00:00Z',
          data: { individualId: 'x', certificationId: 'y' },
        }),
      },
    ]);
    // And a dead letter as an older, stricter validator would have written it: its value is a
    // valid event today (this is the "after a fix" case redrive exists for).
    const fixed = {
      eventId: 'rev-woodgrove-1',
      type: 'revenue.recorded',
      partnerId: 'woodgrove',
      occurredAt: '2026-06-03T08:00:00Z',
      data: { customerId: 'c-1', workload: 'azure.key-vault', month: '2026-05', amountUsd: -20.5 },
    };
    const letter = DlqRecord.parse({
      code: 'invalid-schema',
      message: 'invalid revenue.recorded: data.amountUsd: negative amounts are not allowed',
      issues: [{ path: 'data.amountUsd', message: 'negative amounts are not allowed' }],
      original: {
        topic: ns.topics.revenue,
        partition: 0,
        offset: '9999',
        key: 'woodgrove',
        value: Buffer.from(JSON.stringify(fixed)).toString('base64'),
        valueEncoding: 'base64',
      },
      rejectedAt: '2026-06-14T00:00:00Z',
    });
    await produce([{ topic: ns.topics.dlq, key: 'woodgrove', value: JSON.stringify(letter) }]);

    const listed = await eventually(
      async () => {
        const r = await runCapscore(env, 'dlq', 'list', '--format', 'json');
        return r.code === 0 && (JSON.parse(r.stdout) as unknown[]).length === 3 ? r : undefined;
      },
      60_000,
      'three dead letters',
    );
    const records = JSON.parse(listed.stdout) as (DlqRecord & {
      dlq: { partition: number; offset: string };
    })[];
    expect(records.map((r) => r.code).sort()).toEqual(['invalid-json', 'invalid-schema', 'invalid-schema']);
    const broken = records.find((r) => r.code === 'invalid-json');
    expect(broken?.original).toMatchObject({
      topic: ns.topics.revenue,
      key: 'contoso',
      value: '{"eventId": "broken',
      valueEncoding: 'utf8',
    });
    expect(listed.stderr).toBe(`dlq: 3 dead letters in ${ns.topics.dlq}, 3 selected, 3 shown\n`);

    const text = await runCapscore(env, 'dlq', 'list', '--code', 'invalid-json');
    expect(text.stdout).toMatch(
      new RegExp(
        `^\\d+:\\d+ +invalid-json +${ns.topics.revenue.replace('.', '\\.')}/\\d@\\d+ +key=contoso  value is not JSON`,
      ),
    );
    expect(text.stdout).toContain('by code: invalid-json 1');
    const limited = await runCapscore(env, 'dlq', 'list', '--limit', '1', '--format', 'json');
    expect(JSON.parse(limited.stdout)).toHaveLength(1);

    const dry = await runCapscore(env, 'dlq', 'redrive', '--dry-run', '--format', 'json');
    expect(dry.code).toBe(0);
    const woodgroveAt = records.find((r) => r.original.key === 'woodgrove')!.dlq;
    expect(JSON.parse(dry.stdout)).toEqual({
      dryRun: true,
      selected: 3,
      redriven: 0,
      redrivable: 1,
      skipped: 2,
      perTopic: { [ns.topics.revenue]: 1 },
      offsets: [`${woodgroveAt.partition}:${woodgroveAt.offset}`],
    });
    expect(dry.stderr).toContain('skipped, still invalid (invalid-json)');
    expect(dry.stderr).toContain(
      'skipped, still invalid (invalid-schema): invalid certification.earned: occurredAt: impossible date or time',
    );
    expect((await httpJson(`${stack.apiUrl}/partners/woodgrove/scores`)).status).toBe(404);

    const collector = new TopicCollector(ns.topics.revenue);
    await collector.start();
    const redrive = await runCapscore(
      env,
      'dlq',
      'redrive',
      '--offsets',
      `${woodgroveAt.partition}:${woodgroveAt.offset}`,
    );
    expect(redrive.code).toBe(0);
    expect(redrive.stdout).toBe(
      `re-sent 1 of 1 selected dead letters; 0 skipped\n  ${ns.topics.revenue}  1\n`,
    );
    await eventually(
      () => (collector.messages.some((m) => m.key?.toString() === 'woodgrove') ? true : undefined),
      30_000,
      'the redriven record',
    );
    await collector.stop();
    const resent = collector.messages.filter((m) => m.key?.toString() === 'woodgrove');
    expect(resent.map((m) => m.value?.toString())).toEqual([JSON.stringify(fixed)]);

    const woodgrove = await eventually(
      async () => {
        const r = await httpJson(`${stack.apiUrl}/partners/woodgrove/scores`);
        return r.status === 200 ? r : undefined;
      },
      60_000,
      'the redriven event to be applied',
    );
    expect(JSON.stringify(woodgrove.body)).toContain('woodgrove');
  });
});
