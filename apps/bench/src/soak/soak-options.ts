import { join } from 'node:path';

export const SOAK_USAGE =
  'usage: npm run soak -- [--minutes 30] [--rate 1000] [--partners 1000] [--sample 10] [--out DIR] [--keep]';

export interface SoakOptions {
  minutes: number;
  /** Events per second offered. */
  rate: number;
  partners: number;
  sampleSeconds: number;
  /** Leave the run's topics and Redis keys in place at the end. */
  keep: boolean;
  outDir: string;
  /** Redis is the launcher's private redis-server: its key count is capscore's alone. */
  privateRedis: boolean;
}

export class SoakUsageError extends Error {}

/** `--name value` options; every number positive. */
export function parseSoakOptions(argv: readonly string[], root: string, now = new Date()): SoakOptions {
  const value = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i < 0 ? undefined : argv[i + 1];
  };
  const positive = (name: string, fallback: number): number => {
    const text = value(name);
    const n = text === undefined ? fallback : Number(text);
    if (!Number.isFinite(n) || n <= 0) {
      throw new SoakUsageError(
        `--${name} must be a positive number, got ${text ?? '(nothing)'}\n${SOAK_USAGE}`,
      );
    }
    return n;
  };
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  return {
    minutes: positive('minutes', 30),
    rate: positive('rate', 1000),
    partners: positive('partners', 1000),
    sampleSeconds: positive('sample', 10),
    keep: argv.includes('--keep'),
    outDir: value('out') ?? join(root, '.run', 'soak', stamp),
    privateRedis: argv.includes('--private-redis'),
  };
}
