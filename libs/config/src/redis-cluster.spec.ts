import { ConfigError, parseConfig, redisEnvironment } from './config.js';

function problemsOf(env: Record<string, string>): { variable: string; message: string }[] {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error(`parseConfig accepted ${JSON.stringify(env)}`);
}

describe('REDIS_CLUSTER_NODES', () => {
  it('is unset by default: one server at REDIS_URL', () => {
    expect(parseConfig({}).redis.cluster).toBeUndefined();
    expect(parseConfig({ REDIS_URL: 'redis://10.0.0.1:6380' }).redis).toEqual({
      url: 'redis://10.0.0.1:6380',
      keyPrefix: 'capscore:',
    });
  });

  it('reads host:port seed nodes (spaces and empty entries ignored, IPv6 in brackets)', () => {
    expect(
      parseConfig({ REDIS_CLUSTER_NODES: '127.0.0.1:7100, 127.0.0.1:7101,,redis-2.internal:7102' }).redis
        .cluster,
    ).toEqual({
      nodes: [
        { host: '127.0.0.1', port: 7100 },
        { host: '127.0.0.1', port: 7101 },
        { host: 'redis-2.internal', port: 7102 },
      ],
      username: undefined,
      password: undefined,
      tls: false,
    });
    expect(parseConfig({ REDIS_CLUSTER_NODES: '[::1]:7100' }).redis.cluster?.nodes).toEqual([
      { host: '::1', port: 7100 },
    ]);
  });

  it('takes user, password and TLS as REDIS_URL writes them, for every node', () => {
    const cluster = parseConfig({
      REDIS_CLUSTER_NODES:
        'rediss://capscore:s%40cret%2Fx@10.0.0.1:6379,10.0.0.2:6379,rediss://capscore:s%40cret%2Fx@10.0.0.3:6379/0',
    }).redis.cluster;
    expect(cluster).toEqual({
      nodes: [
        { host: '10.0.0.1', port: 6379 },
        { host: '10.0.0.2', port: 6379 },
        { host: '10.0.0.3', port: 6379 },
      ],
      username: 'capscore',
      password: 's@cret/x',
      tls: true,
    });
    expect(parseConfig({ REDIS_CLUSTER_NODES: 'redis://:only-a-password@h:1' }).redis.cluster).toMatchObject({
      username: undefined,
      password: 'only-a-password',
      tls: false,
    });
  });

  it('gives a child process the same cluster (redisEnvironment round trip)', () => {
    for (const value of [
      '127.0.0.1:7100,127.0.0.1:7101',
      'rediss://u%3Ax:p%40ss@a:1,b:2',
      'rediss://a:1',
      'redis://:pw@[::1]:7100',
    ]) {
      const redis = parseConfig({ REDIS_CLUSTER_NODES: value }).redis;
      const env = redisEnvironment(redis);
      expect(parseConfig(env).redis).toEqual(redis);
    }
    expect(redisEnvironment(parseConfig({}).redis)).toEqual({ REDIS_URL: 'redis://127.0.0.1:6379' });
  });

  it.each([
    ['localhost', /entry 1 of 1: expected host:port/],
    ['127.0.0.1:7100,127.0.0.1', /entry 2 of 2: expected host:port/],
    ['127.0.0.1:0', /port must be 1\.\.65535/],
    ['127.0.0.1:70000', /port must be 1\.\.65535/],
    [' , ', /at least one seed node/],
    ['http://127.0.0.1:7100', /scheme must be redis:\/\/ or rediss:\/\//],
    ['redis://127.0.0.1', /a host and a port are required/],
    ['redis://127.0.0.1:7100/2', /only database 0/],
    ['redis://127.0.0.1:7100?tls=true', /no query/],
    ['redis://:a@h:1,redis://:b@h:2', /entry 2 of 2: its scheme or credentials differ/],
    ['rediss://h:1,redis://h:2', /entry 2 of 2: its scheme or credentials differ/],
  ])('stops start-up naming REDIS_CLUSTER_NODES for %p', (value, message) => {
    const problems = problemsOf({ REDIS_CLUSTER_NODES: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]?.variable).toBe('REDIS_CLUSTER_NODES');
    expect(problems[0]?.message).toMatch(message);
  });

  it('refuses REDIS_URL and REDIS_CLUSTER_NODES together (an empty REDIS_URL counts as unset)', () => {
    expect(
      problemsOf({ REDIS_URL: 'redis://127.0.0.1:6379', REDIS_CLUSTER_NODES: '127.0.0.1:7100' }),
    ).toEqual([
      {
        variable: 'REDIS_CLUSTER_NODES',
        message: 'set either REDIS_URL (one server) or REDIS_CLUSTER_NODES (a cluster), not both',
      },
    ]);
    expect(
      parseConfig({ REDIS_URL: '', REDIS_CLUSTER_NODES: '127.0.0.1:7100' }).redis.cluster?.nodes,
    ).toHaveLength(1);
  });

  it('never repeats the value (it may carry a password) in the error', () => {
    const secret = 'Sup3r-s3cret-value';
    for (const value of [
      `redis://:${secret}@h:1/3`,
      `redis://:${secret}@h:1,redis://:other@h:2`,
      `${secret}`,
      `http://:${secret}@h:1`,
    ]) {
      const message = new ConfigError(problemsOf({ REDIS_CLUSTER_NODES: value })).message;
      expect(message).toContain('REDIS_CLUSTER_NODES');
      expect(message).not.toContain(secret);
    }
  });
});
