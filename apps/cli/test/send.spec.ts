import { run, fixture } from './support.js';

describe('capscore send (validation, dry run)', () => {
  it('validates an NDJSON file like the scorer, reports invalid lines by number, and sends nothing on --dry-run', async () => {
    const r = await run(['send', '--file', fixture('send-events.ndjson'), '--dry-run', '--format', 'json']);
    expect(r.code).toBe(0);
    const path = fixture('send-events.ndjson');
    expect(r.stderr.trim().split('\n')).toEqual([
      `${path}:3: invalid (invalid-schema): invalid revenue.recorded: data.month: expected a month as YYYY-MM`,
      expect.stringMatching(new RegExp(`^${path}:5: invalid \\(invalid-json\\): value is not JSON`)),
      `${path}:7: invalid (unknown-type): unknown event type "revenue.refunded"`,
    ]);
    expect(JSON.parse(r.stdout)).toEqual({
      file: path,
      format: 'ndjson',
      dryRun: true,
      records: 7,
      valid: 4,
      sent: 0,
      invalid: 3,
      perTopic: {
        'capscore.certifications.v1': 1,
        'capscore.revenue.v1': 2,
        'capscore.customer-success.v1': 1,
      },
    });
  });

  it('reads the CSV layout: envelope columns, one column per data field, empty cells absent, numbers typed', async () => {
    const path = fixture('send-events.csv');
    const r = await run(['send', '--file', path, '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stderr.trim().split('\n')).toEqual([
      `${path}:4: invalid (invalid-schema): invalid revenue.recorded: data.amountUsd: Invalid input: expected number, received string`,
      `${path}:6: invalid (invalid-schema): invalid usage.reported: data: Unrecognized key: "individualId"`,
      `${path}:8: invalid (invalid-csv): 3 cells, the header has 14`,
    ]);
    expect(r.stdout).toBe(
      [
        `dry run: 7 records in ${path}: 4 valid (would be sent, nothing sent), 3 invalid`,
        '  capscore.certifications.v1          1',
        '  capscore.revenue.v1                 2',
        '  capscore.customer-success.v1        1',
        '',
      ].join('\n'),
    );
  });

  it('accepts a CSV with one data column of JSON', async () => {
    const path = fixture('send-events-data-column.csv');
    const r = await run(['send', '--file', path, '--dry-run', '--format', 'json']);
    expect(r.stderr).toBe(
      `${path}:4: invalid (invalid-csv): the data column is not JSON: ${errorOf('{not json}')}\n`,
    );
    expect(JSON.parse(r.stdout)).toMatchObject({
      format: 'csv',
      valid: 2,
      invalid: 1,
      perTopic: { 'capscore.certifications.v1': 1, 'capscore.revenue.v1': 1 },
    });
  });

  it('refuses a CSV whose header is not the documented layout (exit 1), and bad options (exit 2)', async () => {
    const bad = await run(['send', '--file', fixture('bad-header.csv'), '--dry-run']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('missing: partnerId');
    expect(bad.stderr).toContain('unknown: partner');
    expect((await run(['send'])).stderr).toContain('--file is required');
    expect((await run(['send', '--file', fixture('events.txt')])).code).toBe(2);
    expect(
      (await run(['send', '--file', fixture('send-events.csv'), '--topic-for-type', 'revenue'])).code,
    ).toBe(2);
    expect((await run(['send', '--file', fixture('send-events.csv'), '--batch-size', '0'])).code).toBe(2);
    const missing = await run(['send', '--file', fixture('nope.ndjson'), '--dry-run']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('cannot read events file');
  });
});

function errorOf(text: string): string {
  try {
    JSON.parse(text);
    return '';
  } catch (error) {
    return (error as Error).message;
  }
}
