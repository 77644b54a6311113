import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, parseConfig } from '@app/config';
import { MCPP_PROGRAM } from '@app/scoring';
import { loadProgramSchedule } from './program.loader.js';

const dir = mkdtempSync(join(tmpdir(), 'capscore-program-loader-'));
const write = (name: string, program: object): string => {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(program));
  return path;
};
const { id: _id, version: _version, ...mcppBody } = MCPP_PROGRAM;
const version = (v: string, extra: object = {}) => ({ ...mcppBody, id: 'mcpp', version: v, ...extra });

describe(loadProgramSchedule.name, () => {
  it('reads several versions from CAPSCORE_PROGRAM, in effective order', () => {
    const v1 = write('v1.json', version('2026'));
    const v2 = write(
      'v2.json',
      version('2027', { effectiveFrom: '2027-01-01T00:00:00Z', onVersionChange: 'rescore' }),
    );
    const schedule = loadProgramSchedule(parseConfig({ CAPSCORE_PROGRAM: `${v2}, ${v1}` }));
    expect(schedule.versions.map((p) => `${p.version} ${p.onVersionChange}`)).toEqual([
      '2026 grandfather',
      '2027 rescore',
    ]);
    expect(schedule.starts[1]).toBe(Date.parse('2027-01-01T00:00:00Z'));
  });

  it('is the bundled MCPP program without CAPSCORE_PROGRAM', () => {
    expect(loadProgramSchedule(parseConfig({})).versions).toEqual([MCPP_PROGRAM]);
  });

  it('stops start-up naming CAPSCORE_PROGRAM, the file and the field', () => {
    const v1 = write('a.json', version('2026'));
    const undated = write('b.json', version('2027'));
    let error: unknown;
    try {
      loadProgramSchedule(parseConfig({ CAPSCORE_PROGRAM: `${v1},${undated}` }));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(
      `CAPSCORE_PROGRAM: invalid program: ${undated}: effectiveFrom: required: only one version may omit it`,
    );
    expect(() => loadProgramSchedule(parseConfig({ CAPSCORE_PROGRAM: join(dir, 'missing.json') }))).toThrow(
      /CAPSCORE_PROGRAM: cannot read/,
    );
  });
});
