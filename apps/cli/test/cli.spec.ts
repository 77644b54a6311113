import { DesignationEvent } from '@app/contracts';
import { runCli } from '../src/cli.js';
import type { CliIo } from '../src/io.js';

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).pathname;
const EVENTS = fixture('events.ndjson');
const PROGRAM = fixture('people-program.yaml');
const PROGRAM_V2 = fixture('people-program-v2.yaml');

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t) };
  const code = await runCli(argv, io);
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('capscore dispatcher', () => {
  it('prints usage for --help and exits 0', async () => {
    const r = await run('--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('usage: capscore <command> [options]');
    expect(r.stdout).toMatch(/score\s+score partners/);
    expect(r.stdout).toMatch(/backtest\s+replay events/);
  });

  it('rejects an unknown command with usage on stderr and exit 2', async () => {
    const r = await run('frobnicate');
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toContain('unknown command "frobnicate"');
    expect(r.stderr).toContain('usage: capscore <command> [options]');
  });

  it('reports option mistakes with the command usage and exit 2', async () => {
    expect(await run('score', '--events', EVENTS)).toMatchObject({ code: 2 });
    expect((await run('score', '--events', EVENTS, '--as-of', 'yesterday')).stderr).toContain(
      '--as-of expects an ISO-8601 instant',
    );
    const impossible = await run('score', '--events', EVENTS, '--as-of', '2026-02-30T00:00:00Z');
    expect(impossible.code).toBe(2);
    expect(impossible.stderr).toContain(
      '--as-of expects an ISO-8601 instant such as 2026-06-15T00:00:00Z, got "2026-02-30T00:00:00Z"',
    );
    expect(impossible.stderr).toContain('usage: capscore score');
    const from = await run(
      'backtest',
      '--events',
      EVENTS,
      '--from',
      '2026-02-29T00:00:00Z',
      '--to',
      '2026-06-01T00:00:00Z',
    );
    expect(from.code).toBe(2);
    expect(from.stderr).toContain('--from expects an ISO-8601 instant');
    const to = await run(
      'backtest',
      '--events',
      EVENTS,
      '--from',
      '2026-01-01T00:00:00Z',
      '--to',
      '2026-04-31T00:00:00Z',
    );
    expect(to.code).toBe(2);
    expect(to.stderr).toContain('--to expects an ISO-8601 instant');
    expect((await run('score', '--bogus')).stderr).toContain("Unknown option '--bogus'");
    expect(
      (
        await run(
          'backtest',
          '--events',
          EVENTS,
          '--from',
          '2026-02-01T00:00:00Z',
          '--to',
          '2026-01-01T00:00:00Z',
        )
      ).code,
    ).toBe(2);
  });

  it('exits 1 when the command cannot run', async () => {
    const missing = await run('score', '--events', fixture('nope.ndjson'), '--as-of', '2026-02-01T00:00:00Z');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('cannot read events file');
    const invalid = await run(
      'score',
      '--events',
      EVENTS,
      '--as-of',
      '2026-02-01T00:00:00Z',
      '--program',
      fixture('invalid-program.yaml'),
    );
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain(
      'designations.0.tracks.0.metrics.0.components.0.fullAt: expected a positive number',
    );
    expect(invalid.stderr).toContain(
      'designations.0.tracks.0.metrics.0.components.0.certifications.0: unknown certification cert-b',
    );
  });
});

describe('capscore score', () => {
  it('scores every partner of the file at as-of and reports invalid lines', async () => {
    const r = await run(
      'score',
      '--events',
      EVENTS,
      '--as-of',
      '2026-02-01T00:00:00Z',
      '--program',
      PROGRAM,
      '--format',
      'json',
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([
      // acme: 7 people since 2026-01-15 → 7 × 10 = 70
      {
        partnerId: 'acme',
        designations: [
          {
            designationId: 'd',
            track: 't',
            score: 70,
            qualified: true,
            metrics: [{ id: 'people', points: 70, maxPoints: 100, value: 7 }],
          },
        ],
      },
      // beta: its events occur on 2026-03-01, after as-of
      {
        partnerId: 'beta',
        designations: [
          {
            designationId: 'd',
            track: 't',
            score: 0,
            qualified: false,
            metrics: [{ id: 'people', points: 0, maxPoints: 100, value: 0 }],
          },
        ],
      },
    ]);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/events\.ndjson:8: skipped \(invalid-json\)/);
    expect(lines[1]).toMatch(
      /events\.ndjson:17: skipped \(invalid-schema\): invalid revenue\.recorded: data\.amountUsd/,
    );
    expect(lines[2]).toMatch(/events\.ndjson:18: skipped \(unknown-type\)/);
  });

  it('uses the bundled MCPP program by default', async () => {
    const r = await run('score', '--events', EVENTS, '--as-of', '2026-06-25T00:00:00Z');
    const [acme] = JSON.parse(r.stdout) as { designations: { designationId: string }[] }[];
    expect(acme!.designations.map((d) => d.designationId)).toEqual([
      'data-ai-azure',
      'infrastructure-azure',
      'digital-app-innovation-azure',
      'business-applications',
      'modern-work',
      'security',
    ]);
  });
});

describe('capscore backtest', () => {
  it('prints the transitions of all partners in time order as designation events', async () => {
    const r = await run(
      'backtest',
      '--events',
      EVENTS,
      '--from',
      '2026-01-01T00:00:00Z',
      '--to',
      '2027-02-01T00:00:00Z',
      '--program',
      PROGRAM,
    );
    expect(r.code).toBe(0);
    const events = (JSON.parse(r.stdout) as unknown[]).map((e) => DesignationEvent.parse(e));
    expect(events.map((e) => [e.partnerId, e.type, e.occurredAt, e.data.score, e.data.cause.kind])).toEqual([
      ['acme', 'designation.granted', '2026-01-15T10:00:00.000Z', 70, 'event'],
      ['beta', 'designation.granted', '2026-03-01T00:00:00.000Z', 70, 'event'],
      // p7 expires: 60 points; acme never qualifies again inside its window (2026-08-01 … 2027-01-15).
      ['acme', 'designation.at-risk', '2026-08-01T00:00:00.000Z', 60, 'expiry'],
      ['acme', 'designation.lost', '2027-01-15T10:00:00.000Z', 60, 'anniversary'],
    ]);
  });

  it('replays across program versions: each instant under the version in force, each event naming it', async () => {
    const args = [
      'backtest',
      '--events',
      EVENTS,
      '--from',
      '2026-01-01T00:00:00Z',
      '--to',
      '2027-02-01T00:00:00Z',
    ];
    const repeated = await run(...args, '--program', PROGRAM_V2, '--program', PROGRAM);
    expect(repeated.code).toBe(0);
    const events = (JSON.parse(repeated.stdout) as unknown[]).map((e) => DesignationEvent.parse(e));
    expect(
      events.map((e) => [
        e.partnerId,
        e.type,
        e.occurredAt,
        e.data.score,
        e.programVersion,
        e.data.threshold,
      ]),
    ).toEqual([
      ['acme', 'designation.granted', '2026-01-15T10:00:00.000Z', 70, '1', 70],
      ['beta', 'designation.granted', '2026-03-01T00:00:00.000Z', 70, '1', 70],
      // From 2026-07-01 six people qualify: p7's expiry leaves acme qualified (no at-risk), so
      // qualifying inside the window under version 2 renews it.
      ['acme', 'designation.renewed', '2027-01-15T10:00:00.000Z', 60, '2', 60],
    ]);
    const commaSeparated = await run(...args, '--program', `${PROGRAM},${PROGRAM_V2}`);
    expect(commaSeparated.stdout).toBe(repeated.stdout);
  });

  it('refuses versions that do not make a schedule, naming the file and field', async () => {
    const r = await run(
      'backtest',
      '--events',
      EVENTS,
      '--from',
      '2026-01-01T00:00:00Z',
      '--to',
      '2026-02-01T00:00:00Z',
      '--program',
      PROGRAM,
      '--program',
      PROGRAM,
    );
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(`${PROGRAM}: version: version 1 is listed twice`);
  });
});
