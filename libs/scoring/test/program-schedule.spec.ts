import {
  nextVersionStart,
  programAt,
  ProgramValidationError,
  scheduleOf,
  singleVersion,
  versionTakingEffect,
} from '../src/index.js';
import { ms } from './support/events.js';
import { peopleProgram } from './support/lifecycle-program.js';

const v1 = peopleProgram('anniversary', { version: '1' });
const v2 = peopleProgram('anniversary', {
  version: '2',
  threshold: 90,
  effectiveFrom: '2026-09-01T00:00:00Z',
});
const v3 = peopleProgram('anniversary', {
  version: '3',
  threshold: 80,
  effectiveFrom: '2027-03-01T00:00:00+01:00',
});

describe('scheduleOf', () => {
  it('orders versions by effectiveFrom, whatever the order listed', () => {
    const schedule = scheduleOf([v3, v1, v2]);
    expect(schedule.versions.map((p) => p.version)).toEqual(['1', '2', '3']);
    expect(schedule.starts).toEqual([-Infinity, ms('2026-09-01T00:00:00Z'), ms('2027-02-28T23:00:00Z')]);
  });

  it('accepts a dated earliest version beside later ones', () => {
    const dated = peopleProgram('anniversary', { version: '0', effectiveFrom: '2026-01-01T00:00:00Z' });
    expect(scheduleOf([v2, dated]).versions.map((p) => p.version)).toEqual(['0', '2']);
  });

  const problems = (run: () => unknown): string[] => {
    try {
      run();
    } catch (error) {
      if (error instanceof ProgramValidationError) return error.issues.map((i) => `${i.path}: ${i.message}`);
      throw error;
    }
    throw new Error('expected a ProgramValidationError');
  };

  it('names the file and field of every problem', () => {
    const other = { ...v2, id: 'other', version: '9', effectiveFrom: '2028-01-01T00:00:00Z' };
    const twice = { ...v2, effectiveFrom: '2029-01-01T00:00:00Z' };
    const sameInstant = { ...v3, version: '4', effectiveFrom: '2026-09-01T00:00:00Z' };
    const undatedToo = peopleProgram('anniversary', { version: '5' });
    expect(
      problems(() =>
        scheduleOf(
          [v1, v2, other, twice, sameInstant, undatedToo],
          ['a.json', 'b.json', 'c.json', 'd.json', 'e.json', 'f.json'],
        ),
      ),
    ).toEqual([
      'c.json: id: every version must be of program people, found other',
      'd.json: version: version 2 is listed twice (also b.json)',
      'f.json: effectiveFrom: required: only one version may omit it (a.json, in force from the start)',
      'e.json: effectiveFrom: the same instant as b.json',
    ]);
  });

  it('refuses an empty list', () => {
    expect(problems(() => scheduleOf([]))).toEqual(['(root): a schedule needs at least one program version']);
  });

  it('reads effectiveFrom as a field of the program file, validated like the other instants', () => {
    expect(() => peopleProgram('anniversary', { effectiveFrom: '2026-02-30T00:00:00Z' })).toThrow(
      /effectiveFrom: impossible date or time/,
    );
    expect(v1.onVersionChange).toBe('grandfather');
  });
});

describe('programAt and the version instants', () => {
  const schedule = scheduleOf([v1, v2, v3]);
  const B2 = ms('2026-09-01T00:00:00Z');
  const B3 = ms('2027-02-28T23:00:00Z');

  it('is the version whose effectiveFrom is the latest at or before the instant', () => {
    expect(programAt(schedule, B2 - 1).version).toBe('1');
    expect(programAt(schedule, B2).version).toBe('2');
    expect(programAt(schedule, B3 - 1).version).toBe('2');
    expect(programAt(schedule, B3).version).toBe('3');
  });

  it('is the earliest version before any effectiveFrom', () => {
    const dated = scheduleOf([v2, v3]);
    expect(programAt(dated, ms('2020-01-01T00:00:00Z')).version).toBe('2');
    expect(programAt(singleVersion(v2), ms('2020-01-01T00:00:00Z')).version).toBe('2');
  });

  it('names the next version start strictly after an instant', () => {
    expect(nextVersionStart(schedule, B2 - 1)).toBe(B2);
    expect(nextVersionStart(schedule, B2)).toBe(B3);
    expect(nextVersionStart(schedule, B3)).toBeNull();
    expect(nextVersionStart(singleVersion(v1), 0)).toBeNull();
  });

  it('finds the version that took effect in (after, at], the latest when two did', () => {
    expect(versionTakingEffect(schedule, B2 - 1, B2)?.version).toBe('2');
    expect(versionTakingEffect(schedule, B2, B2 + 1)).toBeNull();
    expect(versionTakingEffect(schedule, B2 - 1, B3)?.version).toBe('3');
    expect(versionTakingEffect(schedule, 0, B2 - 1)).toBeNull();
  });
});
