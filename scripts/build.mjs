#!/usr/bin/env node
// Builds the three apps with the Nest CLI (tsc builder: rewrites the @app/* aliases).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './infra/kafka.mjs';

const started = Date.now();
process.stderr.write('building scorer, api, cli, subscriber and bench (nest build)...\n');
execFileSync('node', [join(ROOT, 'scripts', 'gen-lua.mjs')], { stdio: 'inherit' });
execFileSync(join(ROOT, 'node_modules', '.bin', 'nest'), ['build', 'scorer', 'api', 'cli', 'subscriber', 'bench'], { cwd: ROOT, stdio: 'inherit' });
process.stderr.write(`built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
