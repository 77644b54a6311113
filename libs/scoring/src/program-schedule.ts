import { parseProgramText, ProgramValidationError, type ProgramIssue } from './program.js';
import type { Program } from './program-schema.js';

/**
 * Several versions of one program, each in force from its `effectiveFrom` until the next one's
 * (issue 16 item 2). The earliest version is also in force before its own effectiveFrom: there is
 * nothing else to score with, and a single program file with an effectiveFrom then behaves as
 * one without. Pure: every question takes the instant as a parameter.
 */
export interface ProgramSchedule {
  /** In effective order. */
  readonly versions: readonly Program[];
  /** starts[i]: the instant versions[i] takes effect; -Infinity for the earliest, in force before its own. */
  readonly starts: readonly number[];
}

/** A schedule of one version, in force at every instant. */
export function singleVersion(program: Program): ProgramSchedule {
  return { versions: [program], starts: [-Infinity] };
}

/** Accepts a schedule or a lone program (the callers that know only one). */
export function asSchedule(programs: Program | ProgramSchedule): ProgramSchedule {
  return 'versions' in programs ? programs : singleVersion(programs);
}

/**
 * Validates and orders versions of one program: one program id, distinct version names, distinct
 * effectiveFrom instants, and at most one version without effectiveFrom (the earliest).
 * @param sources - names of the versions' files, for the messages (same order as programs)
 * @throws ProgramValidationError naming the file and field of each problem
 */
export function scheduleOf(programs: readonly Program[], sources: readonly string[] = []): ProgramSchedule {
  if (programs.length === 0) {
    throw new ProgramValidationError([
      { path: '(root)', message: 'a schedule needs at least one program version' },
    ]);
  }
  const source = (i: number) => sources[i] ?? `version ${i + 1}`;
  const issues: ProgramIssue[] = [];
  const first = programs[0] as Program;
  const undated = programs.map((p, i) => ({ p, i })).filter(({ p }) => p.effectiveFrom === undefined);
  programs.forEach((p, i) => {
    if (p.id !== first.id) {
      issues.push({
        path: `${source(i)}: id`,
        message: `every version must be of program ${first.id}, found ${p.id}`,
      });
    }
    const sameVersion = programs.findIndex((q) => q.version === p.version);
    if (sameVersion < i) {
      issues.push({
        path: `${source(i)}: version`,
        message: `version ${p.version} is listed twice (also ${source(sameVersion)})`,
      });
    }
  });
  for (const { i } of undated.slice(1)) {
    issues.push({
      path: `${source(i)}: effectiveFrom`,
      message: `required: only one version may omit it (${source(undated[0]?.i ?? 0)}, in force from the start)`,
    });
  }
  const dated = programs.map((p, i) => ({
    p,
    i,
    at: p.effectiveFrom === undefined ? -Infinity : Date.parse(p.effectiveFrom),
  }));
  dated.forEach(({ at, i }) => {
    const clash = dated.findIndex((d) => d.at === at);
    if (clash < i && Number.isFinite(at)) {
      issues.push({ path: `${source(i)}: effectiveFrom`, message: `the same instant as ${source(clash)}` });
    }
  });
  if (issues.length > 0) throw new ProgramValidationError(issues);
  dated.sort((a, b) => a.at - b.at);
  return { versions: dated.map((d) => d.p), starts: dated.map((d, i) => (i === 0 ? -Infinity : d.at)) };
}

/** Index of the version in force at `at`: the latest that took effect at or before it, else the earliest. */
function indexAt(schedule: ProgramSchedule, at: number): number {
  let index = 0;
  for (let i = 1; i < schedule.starts.length; i++) if ((schedule.starts[i] as number) <= at) index = i;
  return index;
}

/** The version in force at `at`. */
export function programAt(schedule: ProgramSchedule, at: number): Program {
  return schedule.versions[indexAt(schedule, at)] as Program;
}

/** The first instant strictly after `after` at which another version takes effect; null when none does. */
export function nextVersionStart(schedule: ProgramSchedule, after: number): number | null {
  for (let i = 1; i < schedule.starts.length; i++) {
    const start = schedule.starts[i] as number;
    if (start > after) return start;
  }
  return null;
}

/**
 * The version that took effect in (after, at], if one did: the one whose onVersionChange applies
 * to an evaluation at `at` of a partner last evaluated at `after`. When several did (a partner
 * not evaluated across two cut-overs), the latest, whose rules are the ones in force at `at`.
 */
export function versionTakingEffect(schedule: ProgramSchedule, after: number, at: number): Program | null {
  const index = indexAt(schedule, at);
  const start = schedule.starts[index] as number;
  return index > 0 && start > after && start <= at ? (schedule.versions[index] as Program) : null;
}

/**
 * Parses and validates program files (JSON or YAML, as parseProgramText) into a schedule. Pure:
 * the caller reads the files.
 * @throws ProgramValidationError naming the file and field of every problem found
 */
export function scheduleFromTexts(files: readonly { name: string; text: string }[]): ProgramSchedule {
  const programs = files.map((f) => parseProgramText(f.text, f.name));
  return scheduleOf(
    programs,
    files.map((f) => f.name),
  );
}
