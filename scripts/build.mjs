#!/usr/bin/env node
// Builds the apps with the Nest CLI (tsc builder: rewrites the @app/* aliases), then copies the
// dashboard's browser files next to the api.
import { execFileSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './infra/kafka.mjs';

const started = Date.now();
process.stderr.write('building scorer, api, cli, subscriber and bench (nest build)...\n');
execFileSync('node', [join(ROOT, 'scripts', 'gen-lua.mjs')], { stdio: 'inherit' });
execFileSync(
  join(ROOT, 'node_modules', '.bin', 'nest'),
  ['build', 'scorer', 'api', 'cli', 'subscriber', 'bench'],
  { cwd: ROOT, stdio: 'inherit' },
);
// The dashboard's browser files are not TypeScript: tsc leaves them, so they go beside the
// compiled dashboard module that serves them (apps/api/src/dashboard/dashboard-files.ts).
const dashboard = join('apps', 'api', 'src', 'dashboard', 'public');
const dashboardOut = join(ROOT, 'dist', 'apps', 'api', dashboard);
rmSync(dashboardOut, { recursive: true, force: true });
cpSync(join(ROOT, dashboard), dashboardOut, { recursive: true });
process.stderr.write(`built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
