import { PartnerLocks } from './partner-locks.js';

describe(PartnerLocks.name, () => {
  it('runs holders of a common partner one after the other, in arrival order', async () => {
    const locks = new PartnerLocks();
    const log: string[] = [];
    const run = async (name: string, keys: string[], ms: number) => {
      const release = await locks.acquire(keys);
      log.push(`${name}:start`);
      await new Promise((r) => setTimeout(r, ms));
      log.push(`${name}:end`);
      release();
    };
    await Promise.all([run('a', ['p1', 'p2'], 20), run('b', ['p2', 'p3'], 5), run('c', ['p9'], 1)]);
    expect(log.indexOf('b:start')).toBeGreaterThan(log.indexOf('a:end'));
    expect(log.indexOf('c:end')).toBeLessThan(log.indexOf('a:end'));
    expect(locks.held).toBe(0);
  });

  it('does not deadlock when two acquirers name the same keys in opposite orders', async () => {
    const locks = new PartnerLocks();
    const first = locks.acquire(['x', 'y']);
    const second = locks.acquire(['y', 'x']);
    (await first)();
    (await second)();
    expect(locks.held).toBe(0);
  });
});
