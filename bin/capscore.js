#!/usr/bin/env node
// The `capscore` command (package.json bin): runs the built CLI. Build it first: npm run build.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const main = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  'dist',
  'apps',
  'cli',
  'apps',
  'cli',
  'src',
  'main.js',
);
if (!existsSync(main)) {
  process.stderr.write(`capscore: ${main} is missing: run \`npm run build\` first\n`);
  process.exit(1);
}
await import(pathToFileURL(main).href);
