import type { z } from 'zod';
import type { Component, Program } from './program-schema.js';
import { MEASURES_BY_SOURCE } from './program-schema.js';

type Path = (string | number)[];
type Report = (path: Path, message: string) => void;

/**
 * Cross-field rules of a program (spec §1): each failure names the path of the offending field so
 * start-up stops with a message an operator can act on.
 */
export function checkProgram(program: Program, ctx: z.RefinementCtx): void {
  const report: Report = (path, message) => ctx.addIssue({ code: 'custom', path, message });
  const known = new Set(program.certifications);
  duplicates(program.certifications, (i, v) => report(['certifications', i], `duplicate certification ${v}`));
  const { termMonths, renewalWindowMonths } = program.lifecycle;
  if (renewalWindowMonths > termMonths) {
    report(['lifecycle', 'renewalWindowMonths'], `must be at most termMonths (${termMonths})`);
  }
  duplicates(
    program.designations.map((d) => d.id),
    (i, v) => report(['designations', i, 'id'], `duplicate designation id ${v}`),
  );
  program.designations.forEach((designation, d) => {
    const at: Path = ['designations', d];
    duplicates(
      designation.tracks.map((t) => t.id),
      (i, v) => report([...at, 'tracks', i, 'id'], `duplicate track id ${v}`),
    );
    const totals = designation.tracks.map((t) => round2(t.metrics.reduce((sum, m) => sum + m.maxPoints, 0)));
    const first = totals[0] ?? 0;
    totals.forEach((total, t) => {
      if (total !== first) {
        report(
          [...at, 'tracks', t],
          `metrics' maxPoints sum to ${total} but track 0 sums to ${first}: every track must have the same total`,
        );
      }
    });
    if (first < program.threshold) {
      report(
        [...at, 'tracks'],
        `maxPoints total ${first} is below the program threshold ${program.threshold}: it could never qualify`,
      );
    }
    designation.tracks.forEach((track, t) => {
      duplicates(
        track.metrics.map((m) => m.id),
        (i, v) => report([...at, 'tracks', t, 'metrics', i, 'id'], `duplicate metric id ${v}`),
      );
      track.metrics.forEach((metric, m) => {
        const mPath: Path = [...at, 'tracks', t, 'metrics', m];
        metric.gates.forEach((gate, g) =>
          checkCertifications(gate.certifications, known, [...mPath, 'gates', g], report),
        );
        metric.components.forEach((c, i) =>
          checkComponent(program, c, known, [...mPath, 'components', i], report),
        );
      });
    });
  });
}

function checkComponent(program: Program, c: Component, known: Set<string>, at: Path, report: Report): void {
  if (c.kind === 'certifiedPeople') {
    checkCertifications(c.certifications, known, at, report);
    return;
  }
  const measures: readonly string[] = MEASURES_BY_SOURCE[c.source];
  if (!measures.includes(c.measure)) {
    report([...at, 'measure'], `${c.measure} is not a ${c.source} measure (expected ${measures.join(', ')})`);
  }
  // Summing usage over twelve months has no meaning (active users are a monthly headcount).
  if (c.window === 'ttm' && c.source !== 'revenue') {
    report([...at, 'window'], 'ttm is only defined for source revenue');
  }
  if (c.measure === 'mcv') {
    c.workloads.include.forEach((w, i) => {
      if (!w.endsWith('*') && program.workloadRates[w] === undefined) {
        report(
          [...at, 'workloads', 'include', i],
          `workload ${w} has no workloadRates entry (its mcv would always be 0)`,
        );
      }
    });
  }
  if (c.kind === 'netQualifying' || c.kind === 'distinctWorkloads') {
    if (c.atLeast === undefined && c.greaterThan === undefined && c.atMost === undefined) {
      report(at, 'needs a floor: atLeast, greaterThan and/or atMost');
    }
    if (c.atLeast !== undefined && c.greaterThan !== undefined) {
      report([...at, 'greaterThan'], 'use either atLeast or greaterThan, not both');
    }
    const lower = c.atLeast ?? c.greaterThan;
    if (lower !== undefined && c.atMost !== undefined && c.atMost < lower) {
      report([...at, 'atMost'], `must be at least the lower floor ${lower}`);
    }
  }
}

function checkCertifications(certifications: string[], known: Set<string>, at: Path, report: Report): void {
  certifications.forEach((cert, i) => {
    if (!known.has(cert)) {
      report(
        [...at, 'certifications', i],
        `unknown certification ${cert} (not in the program's certifications)`,
      );
    }
  });
}

function duplicates(values: string[], onDuplicate: (index: number, value: string) => void): void {
  const seen = new Set<string>();
  values.forEach((v, i) => {
    if (seen.has(v)) onDuplicate(i, v);
    seen.add(v);
  });
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
