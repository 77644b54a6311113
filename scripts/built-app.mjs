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
