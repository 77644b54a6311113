import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The checkout's root: the nearest directory above this file that holds nest-cli.json. This file
 * runs from libs/testkit/src under jest and from dist/apps/bench/libs/testkit/src in the bench,
 * so a fixed number of `..` would be right for one of them only.
 */
export function repoRoot(from: string = import.meta.dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'nest-cli.json'))) return dir;
    if (dirname(dir) === dir) {
      throw new Error(`no nest-cli.json above ${from}: not inside a capscore checkout`);
    }
  }
}

export type BuiltApp = 'scorer' | 'api' | 'cli' | 'subscriber' | 'bench';

/**
 * Where `node scripts/build.mjs` puts an app's entry file: Nest's tsc builder keeps the source
 * tree (apps/ and libs/) under each app's outDir, dist/apps/<app>. (scripts/built-app.mjs says
 * the same for the plain-JavaScript scripts, which cannot import TypeScript.)
 */
export function builtAppPath(app: BuiltApp, entry = 'main', root: string = repoRoot()): string {
  return join(root, 'dist', 'apps', app, 'apps', app, 'src', `${entry}.js`);
}

/** builtAppPath, or an error that says how to build it. */
export function requireBuiltApp(app: BuiltApp, entry = 'main'): string {
  const path = builtAppPath(app, entry);
  if (!existsSync(path)) {
    throw new Error(`${path} is missing: build first (node scripts/build.mjs; npm test builds it)`);
  }
  return path;
}
