#!/usr/bin/env node
// `npm test`: every check CI runs, in order of cost: generated files, types, lint (ESLint, prettier, knip), unit tests,
// then integration tests against a real Kafka broker and Redis (started by jest's globalSetup
// when none is configured, and stopped again at the end).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { down } from './infra/index.mjs';
import { ROOT } from './infra/kafka.mjs';

const node = process.execPath;
const jest = [join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js')];
const jestFlags = ['--experimental-vm-modules', '--disable-warning=ExperimentalWarning'];
const extra = process.argv.slice(2);
const steps = [
  ['lua scripts up to date', node, [join(ROOT, 'scripts', 'gen-lua.mjs'), '--check']],
  ['no import cycles', node, [join(ROOT, 'scripts', 'check-cycles.mjs')]],
  [
    'typecheck',
    node,
    [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', 'tsconfig.json'],
  ],
  ['lint', node, [join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js'), '.']],
  [
    'format (prettier --check; `npm run format` fixes it)',
    node,
    [join(ROOT, 'node_modules', 'prettier', 'bin', 'prettier.cjs'), '--check', '--log-level', 'warn', '.'],
  ],
  [
    'no unused files, exports or dependencies (knip)',
    node,
    [join(ROOT, 'node_modules', 'knip', 'bin', 'knip.js')],
  ],
  ['unit tests', node, [...jestFlags, ...jest, '--selectProjects', 'unit', '--maxWorkers=2', ...extra]],
  [
    'build (the integration tests run the built apps as processes)',
    node,
    [join(ROOT, 'scripts', 'build.mjs')],
  ],
  [
    'integration tests (real Kafka + Redis)',
    node,
    [...jestFlags, ...jest, '--selectProjects', 'integration', '--runInBand', ...extra],
  ],
];

const results = [];
let failed = false;
for (const [name, cmd, args] of steps) {
  const started = Date.now();
  process.stderr.write(`\n=== ${name} ===\n`);
  const { status } = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', env: process.env });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  results.push(`${status === 0 ? 'ok  ' : 'FAIL'} ${name} (${seconds} s)`);
  if (status !== 0) {
    failed = true;
    break;
  }
}
// jest's globalTeardown stops the broker; this covers a jest that died before teardown ran.
await down('test', { log: () => undefined }).catch(() => undefined);
process.stderr.write(`\n${results.join('\n')}\n`);
process.exit(failed ? 1 : 0);
