import { ProgressReporter } from '../src/online/progress.js';
import { parseCsv } from '../src/online/csv.js';

function capture(tty: boolean) {
  const err: string[] = [];
  return { err, io: { stdout: () => undefined, stderr: (t: string) => void err.push(t), stderrIsTty: tty } };
}

describe(ProgressReporter.name, () => {
  it('prints one line per 10 % step when stderr is not a terminal', () => {
    const { err, io } = capture(false);
    const progress = new ProgressReporter(io, 'send', 1000);
    for (let done = 50; done <= 1000; done += 50) progress.update(done);
    progress.finish();
    expect(err).toHaveLength(10);
    expect(err.every((l) => l.endsWith('\n') && !l.includes('\r'))).toBe(true);
    expect(err[0]).toMatch(/^send \[##\.{22}\] {2}10% 100\/1000 records \d+\/s\n$/);
    expect(err[9]).toMatch(/^send \[#{24}\] 100% 1000\/1000 records/);
  });

  it('redraws a single line in place on a terminal and ends it with a newline', () => {
    const { err, io } = capture(true);
    const progress = new ProgressReporter(io, 'send', 3);
    progress.update(1); // first draw
    progress.update(3); // the end is always drawn
    progress.finish();
    expect(err[0]).toMatch(/^\rsend \[#{8}\.{16}\] {2}33% 1\/3 records \d+\/s/);
    expect(err[0]?.endsWith('\u001b[K')).toBe(true);
    expect(err.at(-2)).toMatch(/^\rsend \[#{24}\] 100% 3\/3 records/);
    expect(err.at(-1)).toBe('\n');
    expect(err.join('').split('\n')).toHaveLength(2);
  });
});

describe('parseCsv', () => {
  it('handles quotes, escaped quotes, commas and line breaks inside quotes, CRLF, and reports starting lines', () => {
    const { rows, error } = parseCsv('a,b,c\r\n"x, y","say ""hi""",\n"multi\nline",2,3\n\n4,5,6');
    expect(error).toBeUndefined();
    expect(rows).toEqual([
      { line: 1, cells: ['a', 'b', 'c'] },
      { line: 2, cells: ['x, y', 'say "hi"', ''] },
      { line: 3, cells: ['multi\nline', '2', '3'] },
      { line: 6, cells: ['4', '5', '6'] },
    ]);
  });

  it('reports an unterminated quote with its line', () => {
    expect(parseCsv('a,b\n1,"open\n').error).toEqual({ line: 2, message: 'unterminated quoted field' });
  });
});
