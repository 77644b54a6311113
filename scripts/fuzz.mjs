#!/usr/bin/env node
// `npm run fuzz -- [--records N] [--seed S] [--no-build]`: the pipeline fuzz test
// (test/integration/fuzz-pipeline.int-spec.ts) at a chosen size. CI runs it with its default
// (20,000 malformed records, to keep `npm test` short); issue #7's full run is 100,000:
//   npm run fuzz -- --records 100000
// Builds first (the test runs the built scorer and api), then runs that one jest file with
// CAPSCORE_FUZZ_RECORDS / CAPSCORE_FUZZ_SEED; the test's own globalSetup starts and stops the
// broker (CAPSCORE_TEST_KAFKA_PORT chooses its port, as for `npm test`).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './infra/kafka.mjs';

const argv = process.argv.slice(2);
function option(name) {
  const i = argv.indexOf(`--${name}`);
  if (i < 0) return undefined;
  const value = argv[i + 1];
  if (value === undefined || !/^\d+$/.test(value)) {
    process.stderr.write(`--${name} needs a whole number\n`);
    process.exit(64);
  }
  return value;
}
const records = option('records') ?? '100000';
const seed = option('seed');

if (!argv.includes('--no-build')) {
  const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const env = {
  ...process.env,
  CAPSCORE_FUZZ_RECORDS: records,
  ...(seed === undefined ? {} : { CAPSCORE_FUZZ_SEED: seed }),
};
const jest = join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js');
const { status } = spawnSync(
  process.execPath,
  [
    '--experimental-vm-modules',
    '--disable-warning=ExperimentalWarning',
    jest,
    '--selectProjects',
    'integration',
    '--runInBand',
    '--testPathPatterns',
    'fuzz-pipeline',
  ],
  { cwd: ROOT, stdio: 'inherit', env },
);
process.exit(status ?? 1);
