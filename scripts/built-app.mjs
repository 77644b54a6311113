// Where `node scripts/build.mjs` puts an app's entry file (Nest's tsc builder keeps the source
// tree under dist/apps/<app>). The TypeScript side (tests, bench) asks libs/testkit builtAppPath.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './infra/kafka.mjs';

export function builtAppPath(app, entry = 'main') {
  return join(ROOT, 'dist', 'apps', app, 'apps', app, 'src', `${entry}.js`);
}

/** builtAppPath, or an error that says how to build it. */
export function requireBuiltApp(app, entry = 'main') {
  const path = builtAppPath(app, entry);
  if (!existsSync(path)) throw new Error(`build output missing: ${path} (run \`npm run build\` first)`);
  return path;
}

/**
 * Node flags the scorer runs with (npm start, the bench; docs/operations.md tells deployments).
 * A larger young generation: the scorer allocates about 9 KB per record, most of it dead within
 * its unit, and the default 16 MiB semi-space promoted much of it to the old generation; with
 * 64 MiB the latency p99 at 2,000 records/s was lower in four runs of four (docs/benchmarks.md,
 * round 8) for no measurable change in peak RSS.
 */
export const SCORER_NODE_FLAGS = ['--max-semi-space-size=64'];
