import { readFileSync } from 'node:fs';
import {
  MCPP_PROGRAM,
  type Program,
  ProgramValidationError,
  parseProgram,
  parseProgramText,
} from '../src/index.js';

/** A deep copy of MCPP_PROGRAM as a plain document, edited by `edit`. */
function mcppWith(edit: (doc: Program) => void): unknown {
  const doc = structuredClone(MCPP_PROGRAM);
  edit(doc);
  return doc;
}
/** Field access that lets a spec write values the types forbid. */
const raw = (x: object): Record<string, unknown> => x as Record<string, unknown>;
const metric = (d: Program, designation: number, index: number, track = 0) =>
  d.designations[designation]!.tracks[track]!.metrics[index]!;
const component = (d: Program, designation: number, index: number, c = 0, track = 0) =>
  raw(metric(d, designation, index, track).components[c]!);

function issuesOf(input: unknown): { path: string; message: string }[] {
  try {
    parseProgram(input);
  } catch (error) {
    if (error instanceof ProgramValidationError) return error.issues;
    throw error;
  }
  throw new Error('expected a ProgramValidationError');
}

describe('program validation', () => {
  it('names the path of a non-positive fullAt', () => {
    const doc = mcppWith((d) => (component(d, 2, 1).fullAt = 0));
    expect(() => parseProgram(doc)).toThrow(
      'designations.2.tracks.0.metrics.1.components.0.fullAt: expected a positive number',
    );
  });

  it('rejects an unknown component kind', () => {
    const doc = mcppWith((d) => (component(d, 0, 0).kind = 'netAdds'));
    expect(issuesOf(doc)[0]?.path).toBe('designations.0.tracks.0.metrics.0.components.0.kind');
  });

  it('rejects a measure that does not belong to the source, and ttm on usage', () => {
    const doc = mcppWith((d) => {
      component(d, 4, 0).measure = 'amount'; // modern-work usage
      component(d, 4, 3).window = 'ttm';
    });
    expect(issuesOf(doc)).toEqual([
      {
        path: 'designations.4.tracks.0.metrics.0.components.0.measure',
        message: 'amount is not a usage measure (expected activeUsers, paidLicenses, activeRatio, mcv)',
      },
      {
        path: 'designations.4.tracks.0.metrics.3.components.0.window',
        message: 'ttm is only defined for source revenue',
      },
    ]);
  });

  it('rejects a window the kind does not support', () => {
    const doc = mcppWith((d) => (component(d, 0, 2).window = 'twoMonths')); // growth
    expect(issuesOf(doc)[0]?.path).toBe('designations.0.tracks.0.metrics.2.components.0.window');
  });

  it('rejects tracks whose maxPoints do not sum to the same total', () => {
    const doc = mcppWith((d) => (metric(d, 5, 0, 1).maxPoints = 25));
    expect(issuesOf(doc)).toEqual([
      {
        path: 'designations.5.tracks.1',
        message:
          "metrics' maxPoints sum to 105 but track 0 sums to 100: every track must have the same total",
      },
    ]);
  });

  it('rejects a certification the program does not list, in a gate or a component', () => {
    const doc = mcppWith((d) => {
      metric(d, 0, 1).gates[1]!.certifications = ['azure-solutions-architect'];
      (component(d, 3, 1).certifications as string[]).push('d365-unknown');
    });
    expect(issuesOf(doc).map((i) => i.path)).toEqual([
      'designations.0.tracks.0.metrics.1.gates.1.certifications.0',
      'designations.3.tracks.0.metrics.1.components.0.certifications.10',
    ]);
  });

  it('rejects floors that contradict each other or are missing', () => {
    const doc = mcppWith((d) => {
      const c = component(d, 4, 0, 0, 1); // atLeast 11, atMost 300
      c.atMost = 10;
      const e = component(d, 0, 0);
      delete e.atLeast;
      const g = component(d, 5, 0, 1); // greaterThan 300
      g.atLeast = 301;
    });
    expect(issuesOf(doc)).toEqual([
      {
        path: 'designations.0.tracks.0.metrics.0.components.0',
        message: 'needs a floor: atLeast, greaterThan and/or atMost',
      },
      {
        path: 'designations.4.tracks.1.metrics.0.components.0.atMost',
        message: 'must be at least the lower floor 11',
      },
      {
        path: 'designations.5.tracks.0.metrics.0.components.1.greaterThan',
        message: 'use either atLeast or greaterThan, not both',
      },
    ]);
  });

  it('names unknown fields, bad workload patterns, duplicate ids and lifecycle bounds together', () => {
    const doc = mcppWith((d) => {
      component(d, 0, 0).fullat = 3;
      component(d, 1, 0).workloads = ['azure*'];
      d.designations[2]!.id = 'data-ai-azure';
    });
    expect(issuesOf(doc).map((i) => `${i.path}: ${i.message}`)).toEqual([
      'designations.0.tracks.0.metrics.0.components.0.fullat: unknown field',
      'designations.1.tracks.0.metrics.0.components.0.workloads.0: expected a workload id, a prefix glob such as azure.*, or *',
      'designations.2.id: duplicate designation id data-ai-azure',
    ]);
    expect(issuesOf(mcppWith((d) => (d.lifecycle.renewalWindowMonths = 13)))).toEqual([
      { path: 'lifecycle.renewalWindowMonths', message: 'must be at most termMonths (12)' },
    ]);
  });

  it('rejects a threshold no track can reach', () => {
    expect(issuesOf(mcppWith((d) => (d.threshold = 101)))[0]).toEqual({
      path: 'designations.0.tracks',
      message: 'maxPoints total 100 is below the program threshold 101: it could never qualify',
    });
  });

  it('accepts customerSuccess and customer-success, and workload shorthand lists', () => {
    const doc = mcppWith((d) => {
      raw(metric(d, 0, 2)).category = 'customer-success';
      raw(metric(d, 0, 3)).category = 'customerSuccess';
    });
    const program = parseProgram(doc);
    expect(program.designations[0]!.tracks[0]!.metrics[2]!.category).toBe(
      program.designations[0]!.tracks[0]!.metrics[3]!.category,
    );
    expect(program.designations[0]!.tracks[0]!.metrics[0]!.components[0]).toMatchObject({
      workloads: { include: ['azure.*'], exclude: [] },
    });
  });
});

describe('parseProgramText', () => {
  it('reads JSON by extension and YAML otherwise, prefixing errors with the file name', () => {
    expect(parseProgramText(JSON.stringify(MCPP_PROGRAM), 'x.json')).toEqual(MCPP_PROGRAM);
    expect(() => parseProgramText('{ "id": ', 'broken.json')).toThrow(
      /^broken\.json: invalid program: \(root\): not valid JSON/,
    );
    expect(() => parseProgramText('id: [unclosed', 'broken.yaml')).toThrow(
      /^broken\.yaml: invalid program: \(root\): not valid YAML/,
    );
    expect(() => parseProgramText('id: x\nid: y\n', 'dup.yml')).toThrow(/Map keys must be unique/);
    expect(() => parseProgramText('id: x\n', 'p.yaml')).toThrow(
      'p.yaml: invalid program: version: Invalid input',
    );
  });

  it('loads the example custom program', () => {
    const text = readFileSync(new URL('../programs/example-custom.yaml', import.meta.url), 'utf8');
    const program = parseProgramText(text, 'example-custom.yaml');
    expect(program).toMatchObject({
      id: 'acme-cloud',
      threshold: 60,
      dataLagDays: 5,
      lifecycle: { renewalWindowMonths: 3 },
    });
    expect(program.designations.map((d) => [d.id, d.tracks.map((t) => t.id)])).toEqual([
      ['acme-cloud', ['standard']],
      ['acme-crm', ['large', 'small']],
    ]);
  });
});
