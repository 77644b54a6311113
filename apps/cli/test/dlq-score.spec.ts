import { parseOffsets, toDeadLetter } from '../src/online/dead-letters.js';
import { scoresTable } from '../src/online/score-online.js';
import { run } from './support.js';

describe('capscore dlq (offline parts)', () => {
  it('requires a known subcommand, a known code and partition:offset pairs (exit 2)', async () => {
    expect((await run(['dlq'])).code).toBe(2);
    expect((await run(['dlq', 'purge'])).stderr).toContain('unknown subcommand "purge"');
    expect((await run(['dlq', 'list', '--code', 'oops'])).stderr).toContain('--code oops is not a DLQ code');
    expect((await run(['dlq', 'redrive', '--offsets', '3'])).stderr).toContain(
      '--offsets takes DLQ partition:offset pairs',
    );
    expect((await run(['dlq', 'list', '--dry-run'])).code).toBe(2);
    expect((await run(['dlq', '--help'])).stdout).toContain('capscore dlq redrive');
  });

  it('parses --offsets, repeated or comma-separated', () => {
    expect([...(parseOffsets(['0:12,1:003', '2:7']) ?? [])]).toEqual(['0:12', '1:3', '2:7']);
    expect(parseOffsets([])).toBeUndefined();
  });

  it('reads a DLQ message into its record, or says why it is not one', () => {
    const record = {
      code: 'invalid-json',
      message: 'value is not JSON',
      issues: [],
      original: {
        topic: 'capscore.revenue.v1',
        partition: 1,
        offset: '42',
        key: 'p',
        value: 'nope',
        valueEncoding: 'utf8',
      },
      rejectedAt: '2026-06-15T00:00:00Z',
    };
    const base = { topic: 'capscore.dlq.v1', partition: 2, offset: '5', key: null, timestamp: '0' };
    expect(toDeadLetter({ ...base, value: Buffer.from(JSON.stringify(record)) })).toEqual({
      at: '2:5',
      partition: 2,
      offset: '5',
      record,
    });
    expect(toDeadLetter({ ...base, value: Buffer.from('{"code":1}') }).unreadable).toMatch(
      /^not a DLQ record: /,
    );
  });
});

describe('capscore score --partner (options, table)', () => {
  it('tells offline and online scoring apart by their flags', async () => {
    expect((await run(['score'])).stderr).toContain(
      '--events FILE (offline) or --partner ID (from the running api) is required',
    );
    expect((await run(['score', '--partner', 'p', '--events', 'x.ndjson'])).code).toBe(2);
    expect((await run(['score', '--events', 'x.ndjson', '--api', 'http://x'])).code).toBe(2);
    expect(
      (
        await run([
          'score',
          '--partner',
          'p',
          '--as-of',
          'soon',
          '--api',
          'http://127.0.0.1:1',
          '--api-key',
          'k',
        ])
      ).stderr,
    ).toContain('--as-of expects an ISO-8601 instant');
    const impossible = await run([
      'score',
      '--partner',
      'p',
      '--as-of',
      '2026-02-30T00:00:00Z',
      '--api',
      'http://127.0.0.1:1',
      '--api-key',
      'k',
    ]);
    expect(impossible.code).toBe(2);
    expect(impossible.stderr).toContain('--as-of expects an ISO-8601 instant');
    expect(
      (
        await run([
          'score',
          '--partner',
          'p',
          '--format',
          'csv',
          '--api',
          'http://127.0.0.1:1',
          '--api-key',
          'k',
        ])
      ).code,
    ).toBe(2);
  });

  it('renders the api answer as a table with every metric and what it lacks', () => {
    const text = scoresTable({
      partnerId: 'contoso',
      asOf: '2026-06-15T00:00:00.000Z',
      programId: 'mcpp',
      programVersion: '2026.1',
      threshold: 70,
      partialHistory: false,
      designations: [
        {
          designationId: 'security',
          track: 'smb',
          score: 72.5,
          qualified: true,
          metrics: [
            {
              id: 'net-customer-adds',
              category: 'performance',
              points: 20,
              maxPoints: 20,
              value: 11,
              missing: [],
            },
            {
              id: 'intermediate-certifications',
              category: 'skilling',
              points: 5,
              maxPoints: 10,
              value: 1,
              missing: ['1 more certified person'],
            },
          ],
          lifecycle: {
            held: true,
            grantedAt: '2026-03-14T09:30:00.000Z',
            anniversary: '2027-03-14T09:30:00.000Z',
            atRisk: false,
          },
        },
      ],
      projectedTransitions: [],
    });
    expect(text).toBe(
      [
        'partner contoso as of 2026-06-15T00:00:00.000Z (program mcpp 2026.1, threshold 70)',
        '',
        'designation  track  score  qualified  held  at-risk  granted     anniversary',
        'security     smb    72.50  yes        yes   no       2026-03-14  2027-03-14',
        '',
        'security (smb): 72.50 / 100',
        '  net-customer-adds            performance  20/20  value 11',
        '  intermediate-certifications  skilling      5/10  value 1   1 more certified person',
        '',
      ].join('\n'),
    );
  });
});
