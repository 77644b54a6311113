import { readFileSync, writeFileSync } from 'node:fs';
import { MCPP_PROGRAM, parseProgramText } from '../src/index.js';

const FILE = new URL('../programs/mcpp.json', import.meta.url);

describe('MCPP_PROGRAM', () => {
  // programs/mcpp.json is MCPP_PROGRAM as a file. After changing mcpp-program.ts, regenerate it with
  //   UPDATE_PROGRAMS=1 npm run test:unit -- --testPathPatterns mcpp-program
  if (process.env.UPDATE_PROGRAMS === '1') writeFileSync(FILE, `${JSON.stringify(MCPP_PROGRAM, null, 2)}\n`);

  it('equals programs/mcpp.json, and the file loads to the same program', () => {
    const text = readFileSync(FILE, 'utf8');
    // Compared as data, not bytes, so formatting the file (prettier) does not matter.
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(MCPP_PROGRAM)));
    expect(parseProgramText(text, 'mcpp.json')).toEqual(MCPP_PROGRAM);
  });

  it('has the spec §4 frame: threshold 70, lag 19 days, anniversary 12/6, six designations of 100 points', () => {
    expect(MCPP_PROGRAM).toMatchObject({
      id: 'mcpp',
      threshold: 70,
      dataLagDays: 19,
      lifecycle: { mode: 'anniversary', termMonths: 12, renewalWindowMonths: 6 },
    });
    expect(MCPP_PROGRAM.version).toMatch(/\S/);
    const shape = MCPP_PROGRAM.designations.map((d) => [
      d.id,
      d.tracks.map((t) => [t.id, t.metrics.map((m) => `${m.id}:${m.maxPoints}`).join(' ')]),
    ]);
    expect(shape).toEqual([
      [
        'data-ai-azure',
        [
          [
            'enterprise',
            'net-customer-adds:30 intermediate-certifications:40 usage-growth:20 deployments:10',
          ],
        ],
      ],
      [
        'infrastructure-azure',
        [
          [
            'enterprise',
            'net-customer-adds:30 intermediate-certifications:20 advanced-certifications:20 usage-growth:20 deployments:10',
          ],
        ],
      ],
      [
        'digital-app-innovation-azure',
        [
          [
            'enterprise',
            'net-customer-adds:30 intermediate-certifications:20 advanced-certifications:20 usage-growth:20 deployments:10',
          ],
        ],
      ],
      [
        'business-applications',
        [
          [
            'enterprise',
            'net-customer-adds:15 intermediate-certifications:20 advanced-certifications:15 usage-growth:30 deployments:20',
          ],
        ],
      ],
      [
        'modern-work',
        [
          [
            'enterprise',
            'net-customer-adds:20 intermediate-certifications:10 advanced-certifications:15 usage-growth:30 deployments:25',
          ],
          [
            'smb',
            'net-customer-adds:20 intermediate-certifications:10 advanced-certifications:15 usage-growth:30 deployments:25',
          ],
        ],
      ],
      [
        'security',
        [
          [
            'enterprise',
            'net-customer-adds:20 intermediate-certifications:40 deployments:20 usage-growth:20',
          ],
          ['smb', 'net-customer-adds:20 intermediate-certifications:40 deployments:20 usage-growth:20'],
        ],
      ],
    ]);
  });

  it('encodes the fullAt values of spec §4', () => {
    const fullAts = (designationId: string, trackId: string) =>
      MCPP_PROGRAM.designations
        .find((d) => d.id === designationId)!
        .tracks.find((t) => t.id === trackId)!
        .metrics.map((m) => m.components.map((c) => c.fullAt).join('+'));
    expect(fullAts('data-ai-azure', 'enterprise')).toEqual(['3', '10', '20', '5']);
    expect(fullAts('business-applications', 'enterprise')).toEqual(['5', '20', '7', '30', '5']);
    expect(fullAts('modern-work', 'enterprise')).toEqual(['5', '4', '2', '1000', '5']);
    expect(fullAts('modern-work', 'smb')).toEqual(['10', '2', '1', '500', '10']);
    expect(fullAts('security', 'enterprise')).toEqual(['10+10', '6', '6+6', '25000+2500']);
    expect(fullAts('security', 'smb')).toEqual(['5+5', '10+10+5', '6+6', '15000+1000']);
  });
});
