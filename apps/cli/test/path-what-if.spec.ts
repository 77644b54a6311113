import { InputEvent, type InputEvent as Event } from '@app/contracts';
import { MCPP_PROGRAM, applyEvent, emptyAggregate, scorePartner } from '@app/scoring';
import { readFileSync } from 'node:fs';
import { fixture, run } from './support.js';

// contoso at 2026-06-25 (L = 2026-05): data-ai-azure 22 points (growth full, one workload, one
// administrator: the certification gates are not met).
const asOf = '2026-06-25T00:00:00Z';
const history = fixture('path-history.ndjson');
const CONTOSO_DATA_AI = [
  'path',
  '--partner',
  'contoso',
  '--designation',
  'data-ai-azure',
  '--history',
  history,
  '--as-of',
  asOf,
];

describe('capscore path (offline)', () => {
  it('prints the additions one per line, with the points each adds', async () => {
    const { code, stdout, stderr } = await run(CONTOSO_DATA_AI);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toContain('contoso · data-ai-azure at 2026-06-25T00:00:00.000Z: 22 (threshold 70)');
    expect(stdout).toContain('path on track enterprise: 9 addition(s) → 70');
    expect(stdout).toMatch(/\+ 36\.00 {2}net-customer-adds +3 new customers in 2026-05/);
    expect(stdout).toContain('1 more person certified in azure-administrator-associate for the gate');
  });

  it('prints json whose events, added to the history, make the partner qualify', async () => {
    const { code, stdout } = await run([...CONTOSO_DATA_AI, '--format', 'json']);
    expect(code).toBe(0);
    const path = JSON.parse(stdout) as {
      at: string;
      additions: number;
      suggestions: { events: unknown[] }[];
    };
    expect(path).toMatchObject({ at: '2026-06-25T00:00:00.000Z', reachable: true, additions: 9 });
    const agg = emptyAggregate('contoso');
    const lines = readFileSync(history, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Event);
    for (const e of lines.filter((l) => l.partnerId === 'contoso')) applyEvent(agg, e);
    for (const e of path.suggestions.flatMap((s) => s.events)) applyEvent(agg, InputEvent.parse(e));
    expect(
      scorePartner(MCPP_PROGRAM, agg, Date.parse(asOf)).designations.find(
        (d) => d.designationId === 'data-ai-azure',
      )?.qualified,
    ).toBe(true);
  });

  it('says why when no addition can help', async () => {
    // At 2025-07-25 (L = 2025-06) data-ai-azure's usage-growth has no baseline a year earlier.
    const blocked = await run([
      'path',
      '--partner',
      'contoso',
      '--designation',
      'data-ai-azure',
      '--history',
      history,
      '--as-of',
      '2025-07-25T00:00:00Z',
    ]);
    expect(blocked.stdout).toContain(
      'no path by additions:\n  enterprise: usage-growth: percent growth needs a baseline',
    );
  });

  it('checks its options (exit 2)', async () => {
    expect((await run(['path', '--designation', 'security'])).stderr).toContain('--partner is required');
    expect(
      (
        await run([
          'path',
          '--partner',
          'contoso',
          '--designation',
          'nope',
          '--history',
          history,
          '--as-of',
          asOf,
        ])
      ).stderr,
    ).toContain('--designation nope is not a designation of program mcpp');
    expect(
      (await run(['path', '--partner', 'contoso', '--designation', 'security', '--history', history])).stderr,
    ).toContain('--as-of is required');
    expect(
      (await run(['path', '--partner', 'contoso', '--designation', 'security', '--program', 'x.yaml']))
        .stderr,
    ).toContain('--program goes with --history');
    expect(
      (
        await run([
          'path',
          '--partner',
          'nobody',
          '--designation',
          'security',
          '--history',
          history,
          '--as-of',
          asOf,
        ])
      ).stderr,
    ).toContain('no events of partner nobody');
    expect((await run(['path', '--help'])).stdout).toContain('capscore path --partner ID --designation ID');
  });
});

describe('capscore what-if (offline)', () => {
  const events = fixture('what-if-events.ndjson');

  it('shows each designation before and after, and the transitions the events would cause', async () => {
    // One more net customer (+10, and a new workload: +2) and one certified person (the gates still fail: 0).
    const { code, stdout } = await run([
      'what-if',
      '--partner',
      'contoso',
      '--events',
      events,
      '--history',
      history,
      '--as-of',
      asOf,
    ]);
    expect(code).toBe(0);
    expect(stdout).toContain('contoso at 2026-06-25T00:00:00.000Z with 2 hypothetical event(s):');
    expect(stdout).toMatch(/data-ai-azure +22 → +34 {2}\(not qualified → not qualified\)/);
    expect(stdout).toContain('transitions: none');
  });

  it('json: the same as the api answers', async () => {
    const { stdout } = await run([
      'what-if',
      '--partner',
      'contoso',
      '--events',
      events,
      '--history',
      history,
      '--as-of',
      asOf,
      '--format',
      'json',
    ]);
    const view = JSON.parse(stdout) as {
      designations: { designationId: string; before: { score: number }; after: { score: number } }[];
      transitions: unknown[];
    };
    expect(view.designations.find((d) => d.designationId === 'data-ai-azure')).toMatchObject({
      before: { score: 22 },
      after: { score: 34 },
    });
    expect(view.transitions).toEqual([]);
  });

  it('refuses events of another partner', async () => {
    const { code, stderr } = await run([
      'what-if',
      '--partner',
      'fabrikam',
      '--events',
      events,
      '--history',
      history,
      '--as-of',
      asOf,
    ]);
    expect(code).toBe(1);
    expect(stderr).toContain('event hypo-1 is of partner contoso, not fabrikam');
  });
});
