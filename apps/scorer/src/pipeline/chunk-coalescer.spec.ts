import { ChunkCoalescer } from './chunk-coalescer.js';

interface Chunk {
  name: string;
  records: number[];
}
const chunk = (name: string, size: number): Chunk => ({
  name,
  records: Array.from({ length: size }, (_, i) => i),
});

/** A unit processor that records its units and finishes each one only when told to. */
function gatedProcessor() {
  const units: string[][] = [];
  const gates: (() => void)[] = [];
  let failNext: Error | null = null;
  const process = (chunks: Chunk[]) => {
    units.push(chunks.map((c) => c.name));
    const error = failNext;
    failNext = null;
    return new Promise<void>((resolve, reject) => gates.push(() => (error ? reject(error) : resolve())));
  };
  const openNext = async () => {
    while (gates.length === 0) await new Promise((r) => setImmediate(r));
    gates.shift()?.();
    await new Promise((r) => setImmediate(r));
  };
  return { units, process, openNext, failNextUnit: (e: Error) => (failNext = e) };
}

describe('ChunkCoalescer', () => {
  it('puts chunks submitted together into one unit', async () => {
    const p = gatedProcessor();
    const coalescer = new ChunkCoalescer(p.process, 100);
    const done = [
      coalescer.submit(chunk('a', 10)),
      coalescer.submit(chunk('b', 10)),
      coalescer.submit(chunk('c', 10)),
    ];
    await p.openNext();
    await Promise.all(done);
    expect(p.units).toEqual([['a', 'b', 'c']]);
  });

  it('makes the next unit of everything that queued while a unit ran, up to the cap', async () => {
    const p = gatedProcessor();
    const coalescer = new ChunkCoalescer(p.process, 25);
    const first = coalescer.submit(chunk('a', 10));
    await new Promise((r) => setImmediate(r));
    const later = ['b', 'c', 'd'].map((name) => coalescer.submit(chunk(name, 10)));
    expect(coalescer.waiting).toBe(3);
    await p.openNext();
    await first;
    await p.openNext();
    await p.openNext();
    await Promise.all(later);
    // b + c = 20 fit under 25; d would make 30 and goes to the unit after.
    expect(p.units).toEqual([['a'], ['b', 'c'], ['d']]);
  });

  it('takes a chunk larger than the cap on its own rather than never', async () => {
    const p = gatedProcessor();
    const coalescer = new ChunkCoalescer(p.process, 5);
    const done = [coalescer.submit(chunk('big', 50)), coalescer.submit(chunk('small', 1))];
    await p.openNext();
    await p.openNext();
    await Promise.all(done);
    expect(p.units).toEqual([['big'], ['small']]);
  });

  it("fills a unit with the oldest chunk's kin first, then the rest in arrival order", async () => {
    const p = gatedProcessor();
    const partitionOf = (c: Chunk) => c.name.split('-')[1] ?? '';
    const coalescer = new ChunkCoalescer(p.process, 30, partitionOf);
    const names = ['certs-0', 'certs-1', 'revenue-0', 'revenue-1', 'usage-0', 'usage-1'];
    const done = names.map((name) => coalescer.submit(chunk(name, 10)));
    await p.openNext();
    await p.openNext();
    await Promise.all(done);
    // Without affinity the first unit would be certs-0, certs-1, revenue-0: partners of two partitions.
    expect(p.units).toEqual([
      ['certs-0', 'revenue-0', 'usage-0'],
      ['certs-1', 'revenue-1', 'usage-1'],
    ]);
  });

  it('rejects every chunk of a failed unit and keeps serving later ones', async () => {
    const p = gatedProcessor();
    const coalescer = new ChunkCoalescer(p.process, 100);
    p.failNextUnit(new Error('redis went away'));
    const failed = [coalescer.submit(chunk('a', 1)), coalescer.submit(chunk('b', 1))];
    await p.openNext();
    await expect(failed[0]).rejects.toThrow('redis went away');
    await expect(failed[1]).rejects.toThrow('redis went away');
    const retried = coalescer.submit(chunk('a', 1));
    await p.openNext();
    await expect(retried).resolves.toBeUndefined();
    expect(p.units).toEqual([['a', 'b'], ['a']]);
  });

  it('starts the next unit once the running one hands off, with at most two units unsettled', async () => {
    const started: string[][] = [];
    const gates: (() => void)[] = [];
    const coalescer = new ChunkCoalescer<Chunk>((chunks, handOff) => {
      started.push(chunks.map((c) => c.name));
      // Scored and committed at once; only the publish (the gate) is left to wait for.
      handOff();
      return new Promise<void>((resolve) => gates.push(resolve));
    }, 10);
    const tick = () => new Promise((r) => setImmediate(r));
    const settled: string[] = [];
    for (const name of ['a', 'b', 'c']) {
      void coalescer.submit(chunk(name, 10)).then(() => settled.push(name));
    }
    await tick();
    await tick();
    // a publishes while b scores; c waits for one of them to settle.
    expect(started).toEqual([['a'], ['b']]);
    expect(coalescer.waiting).toBe(1);
    gates.shift()?.();
    await tick();
    await tick();
    expect(settled).toEqual(['a']);
    expect(started).toEqual([['a'], ['b'], ['c']]);
    gates.splice(0).forEach((open) => open());
    await tick();
    expect(settled).toEqual(['a', 'b', 'c']);
  });

  it('frees the loop when a unit fails before handing off', async () => {
    const started: string[][] = [];
    let fail = true;
    const coalescer = new ChunkCoalescer<Chunk>((chunks) => {
      started.push(chunks.map((c) => c.name));
      const error = fail ? new Error('redis went away') : null;
      fail = false;
      return error ? Promise.reject(error) : Promise.resolve();
    }, 10);
    const first = coalescer.submit(chunk('a', 10));
    const second = coalescer.submit(chunk('b', 10));
    await expect(first).rejects.toThrow('redis went away');
    await expect(second).resolves.toBeUndefined();
    expect(started).toEqual([['a'], ['b']]);
  });
});
