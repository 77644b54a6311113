import { readFileSync } from 'node:fs';
import { type InputEvent } from '@app/contracts';
import { MCPP_PROGRAM, type Program, parseProgramText } from '@app/scoring';
import {
  type ImpactReport as Report,
  offlineImpact,
} from '../../../libs/scoring/test/support/impact-oracle.js';
import { fixture, run } from './support.js';

const example = (name: string) => new URL(`../../../docs/examples/${name}`, import.meta.url).pathname;
/** Ten simulated partners (two of each archetype, seed 1, history up to 2026-05) and a proposed MCPP. */
const EVENTS = example('demo-partners.ndjson');
const PROPOSED = example('mcpp-2027-proposed.json');
const AS_OF = '2026-06-20T00:00:00Z';
/** The bundled MCPP program (MCPP_PROGRAM) as a file. */
const MCPP_FILE = new URL('../../../libs/scoring/programs/mcpp.json', import.meta.url).pathname;
// The active program when --active is not given: here the proposed one, so that the default is seen.
process.env.CAPSCORE_PROGRAM = PROPOSED;

/** The offline engine's answer: `capscore score --events` under each program, compared by qualification. */
function expectedFromScoreEvents(active: Program, proposed: Program): Report {
  const events = readFileSync(EVENTS, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as InputEvent);
  return offlineImpact(active, proposed, events, Date.parse(AS_OF));
}

// The offline impact of the proposed program over the fixture's events; each test adds its format.
const IMPACT = [
  'program',
  'impact',
  '--program',
  PROPOSED,
  '--active',
  MCPP_FILE,
  '--events',
  EVENTS,
  '--as-of',
  AS_OF,
];

describe('capscore program impact (offline, --events)', () => {
  const proposed = parseProgramText(readFileSync(PROPOSED, 'utf8'), PROPOSED);

  it('prints exactly the offline engine scores of both programs as gains, losses and unchanged (json)', async () => {
    const r = await run([...IMPACT, '--format', 'json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(report).toEqual(expectedFromScoreEvents(MCPP_PROGRAM, proposed));
    // Both directions occur (threshold 80 loses, absolute MCV growth gains), so the comparison above is not vacuous.
    expect(report.designations.flatMap((d) => d.gains).length).toBeGreaterThan(0);
    expect(report.designations.flatMap((d) => d.losses).length).toBeGreaterThan(0);
    expect(Object.keys(report)).toEqual(['designations']);
    expect(r.stderr).toBe(
      'program impact at 2026-06-20T00:00:00.000Z on 10 partner(s): mcpp 2026.05.0 -> mcpp 2027.01.0\n',
    );
  });

  it('text: a summary row per designation, then every gain and loss with both totals', async () => {
    const r = await run(IMPACT);
    expect(r.code).toBe(0);
    const report = expectedFromScoreEvents(MCPP_PROGRAM, proposed);
    expect(r.stdout).toContain(
      'program impact at 2026-06-20T00:00:00.000Z on 10 partner(s): active mcpp 2026.05.0 (threshold 70) -> proposed mcpp 2027.01.0 (threshold 80)',
    );
    for (const d of report.designations) {
      expect(r.stdout).toMatch(
        new RegExp(`\\n${d.designationId} +${d.gains.length} +${d.losses.length} +${d.unchanged}\\n`),
      );
      for (const e of d.gains) {
        expect(r.stdout).toMatch(
          new RegExp(`\\n  gain +${e.partnerId} +${e.before!.toFixed(2)} +${e.after!.toFixed(2)}\\n`),
        );
      }
      for (const e of d.losses) {
        expect(r.stdout).toMatch(
          new RegExp(`\\n  loss +${e.partnerId} +${e.before!.toFixed(2)} +${e.after!.toFixed(2)}\\n`),
        );
      }
    }
  });

  it('csv: one row per gain or loss', async () => {
    const r = await run([...IMPACT, '--format', 'csv']);
    expect(r.code).toBe(0);
    const report = expectedFromScoreEvents(MCPP_PROGRAM, proposed);
    const expected = report.designations.flatMap((d) => [
      ...d.gains.map((e) => `${d.designationId},gain,${e.partnerId},${e.before},${e.after}`),
      ...d.losses.map((e) => `${d.designationId},loss,${e.partnerId},${e.before},${e.after}`),
    ]);
    expect(r.stdout).toBe(['designationId,change,partnerId,before,after', ...expected, ''].join('\n'));
  });

  it('the active program defaults to CAPSCORE_PROGRAM: the same program on both sides changes nothing', async () => {
    const r = await run([
      'program',
      'impact',
      '--program',
      PROPOSED,
      '--events',
      EVENTS,
      '--as-of',
      AS_OF,
      '--format',
      'json',
    ]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.designations).toEqual(
      proposed.designations.map((d) => ({ designationId: d.id, gains: [], losses: [], unchanged: 10 })),
    );
  });

  it('a designation of one program only: its qualifiers are losses with after null', async () => {
    const r = await run([
      'program',
      'impact',
      '--program',
      fixture('people-program.yaml'),
      '--active',
      MCPP_FILE,
      '--events',
      EVENTS,
      '--as-of',
      AS_OF,
      '--format',
      'json',
    ]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.designations.map((d) => d.designationId)).toEqual([
      ...MCPP_PROGRAM.designations.map((d) => d.id),
      'd',
    ]);
    const dataAi = report.designations.find((d) => d.designationId === 'data-ai-azure')!;
    expect(dataAi.losses.length).toBeGreaterThan(0);
    for (const loss of dataAi.losses) expect(loss.after).toBeNull();
  });

  it('an invalid proposed program fails with the offending field (exit 1); option mistakes are usage errors (exit 2)', async () => {
    const bad = await run([
      'program',
      'impact',
      '--program',
      fixture('invalid-program.yaml'),
      '--events',
      EVENTS,
      '--as-of',
      AS_OF,
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(
      'invalid-program.yaml: invalid program: designations.0.tracks.0.metrics.0.components.0',
    );
    expect(bad.stdout).toBe('');
    expect((await run(['program', 'impact', '--events', EVENTS])).stderr).toContain('--program is required');
    expect((await run(['program', 'impact', '--program', PROPOSED, '--format', 'xml'])).code).toBe(2);
    expect((await run(['program', 'impact', '--program', PROPOSED, '--as-of', 'tomorrow'])).stderr).toContain(
      '--as-of expects an ISO-8601 instant',
    );
    expect((await run(['program', 'compare'])).code).toBe(2);
  });
});
