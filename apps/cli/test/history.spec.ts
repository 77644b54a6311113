import { shardOf } from '../src/commands/history.js';
import { run } from './support.js';

describe('capscore history (offline parts)', () => {
  it('requires the rebuild subcommand and a shard I/N with I < N (exit 2)', async () => {
    expect((await run(['history'])).code).toBe(2);
    expect((await run(['history', 'purge'])).stderr).toContain('unknown subcommand "purge"');
    for (const shard of ['4/4', '1', 'a/b', '0/0']) {
      const result = await run(['history', 'rebuild', '--shard', shard]);
      expect([shard, result.code, result.stderr]).toEqual([
        shard,
        2,
        expect.stringContaining(`--shard ${shard}: expected I/N with 0 <= I < N`),
      ]);
    }
    expect((await run(['history', 'rebuild', '--format', 'yaml'])).stderr).toContain(
      '--format yaml is not supported',
    );
    expect((await run(['history', '--help'])).stdout).toContain('capscore history rebuild');
  });

  it('spreads partner ids over the shards, each id in exactly one, stably', () => {
    const ids = Array.from({ length: 4000 }, (_, i) => `partner-${i}`);
    const counts = [0, 0, 0, 0];
    for (const id of ids) counts[shardOf(id, 4)]!++;
    for (const count of counts) expect(count).toBeGreaterThan(850);
    expect(shardOf('contoso', 4)).toBe(shardOf('contoso', 4));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(ids.length);
  });
});
