import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { parseConfig, topicEnvironment } from '@app/config';
import { DEFAULT_TOPICS } from '@app/contracts';
import { builtAppPath, freePortPair, namespaceTopics, repoRoot } from './index.js';

const bind = (port: number) =>
  new Promise<() => Promise<void>>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(() => new Promise((done) => server.close(() => done()))));
  });

describe('test kit', () => {
  it('finds the checkout root from any depth below it (source under jest, dist in the bench)', () => {
    const root = repoRoot();
    expect(existsSync(join(root, 'nest-cli.json'))).toBe(true);
    expect(repoRoot(join(root, 'dist', 'apps', 'bench', 'libs', 'testkit', 'src'))).toBe(root);
    expect(() => repoRoot('/')).toThrow(/no nest-cli.json above \//);
  });

  it('names the built entry file where the Nest tsc builder writes it', () => {
    expect(builtAppPath('scorer', 'main', '/r')).toBe('/r/dist/apps/scorer/apps/scorer/src/main.js');
    expect(builtAppPath('bench', 'soak/soak-main', '/r')).toBe(
      '/r/dist/apps/bench/apps/bench/src/soak/soak-main.js',
    );
  });

  it('gives a run six topics of its own that the configuration accepts as they are', () => {
    const topics = namespaceTopics('t-1234');
    expect(Object.keys(topics).sort()).toEqual(Object.keys(DEFAULT_TOPICS).sort());
    expect(new Set(Object.values(topics)).size).toBe(6);
    for (const name of Object.values(topics)) expect(name.startsWith('t-1234.')).toBe(true);
    expect(namespaceTopics('t-5678').revenue).not.toBe(topics.revenue);
    expect(parseConfig(topicEnvironment(topics)).topics).toEqual(topics);
  });

  it('finds two consecutive ports that can both be bound', async () => {
    const port = await freePortPair();
    const closeFirst = await bind(port);
    const closeSecond = await bind(port + 1);
    await closeFirst();
    await closeSecond();
  });
});
