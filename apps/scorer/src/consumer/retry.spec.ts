import { backoffDelayMs, retryWithBackoff, whileHeartbeating } from './retry.js';

describe('backoffDelayMs', () => {
  it('doubles from the initial step up to the cap, waiting between half the step and the whole step', () => {
    const low = () => 0;
    const high = () => 1;
    expect([1, 2, 3, 4].map((a) => backoffDelayMs(a, {}, low))).toEqual([100, 200, 400, 800]);
    expect([1, 2, 3, 4].map((a) => backoffDelayMs(a, {}, high))).toEqual([200, 400, 800, 1600]);
    expect(backoffDelayMs(10, {}, low)).toBe(5000);
    expect(backoffDelayMs(10, {}, high)).toBe(10_000);
    expect(backoffDelayMs(10_000, { initialMs: 1, maxMs: 50 }, high)).toBe(50);
  });

  it('spreads instances that failed together', () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelayMs(5)));
    expect(delays.size).toBeGreaterThan(1);
    for (const d of delays) expect(d >= 1600 && d <= 3200).toBe(true);
  });
});

describe('whileHeartbeating', () => {
  it('heartbeats while the work is pending, and stops when it settles', async () => {
    let heartbeats = 0;
    let finish: (value: string) => void = () => undefined;
    const pending = whileHeartbeating(
      () => Promise.resolve(void heartbeats++),
      () => new Promise<string>((resolve) => (finish = resolve)),
      5,
    );
    // Wait until three heartbeats went out (however long that takes), then settle the work.
    while (heartbeats < 3) await new Promise((r) => setTimeout(r, 5));
    finish('done');
    expect(await pending).toBe('done');
    const after = heartbeats;
    await new Promise((r) => setTimeout(r, 30));
    expect(heartbeats).toBe(after);
  });
});

describe('retryWithBackoff', () => {
  it('retries until the work passes, reporting each failure', async () => {
    let calls = 0;
    const seen: number[] = [];
    const result = await retryWithBackoff(
      () => (++calls < 3 ? Promise.reject(new Error(`failure ${calls}`)) : Promise.resolve('done')),
      () => true,
      (_error, attempt) => seen.push(attempt),
      { initialMs: 1, maxMs: 2 },
    );
    expect({ result, calls, seen }).toEqual({ result: 'done', calls: 3, seen: [1, 2] });
  });

  it('heartbeats while it waits, so a short session timeout survives the retries', async () => {
    let heartbeats = 0;
    let calls = 0;
    await retryWithBackoff(
      () => (++calls < 2 ? Promise.reject(new Error('LOADING')) : Promise.resolve()),
      () => true,
      () => undefined,
      // One wait of exactly 40 ms (random 1: the whole step), in 10 ms steps: a heartbeat after each of the first three.
      {
        initialMs: 40,
        maxMs: 40,
        heartbeatEveryMs: 10,
        random: () => 1,
        heartbeat: () => Promise.resolve(void heartbeats++),
      },
    );
    expect(heartbeats).toBe(3);
  });

  it('gives up with the error onFailure throws (a fatal failure), and when told to stop', async () => {
    const fatal = new Error('fatal');
    await expect(
      retryWithBackoff(
        () => Promise.reject(new Error('NOAUTH')),
        () => true,
        () => {
          throw fatal;
        },
      ),
    ).rejects.toBe(fatal);
    const original = new Error('revoked');
    await expect(
      retryWithBackoff(
        () => Promise.reject(original),
        () => false,
        () => undefined,
      ),
    ).rejects.toBe(original);
  });
});
