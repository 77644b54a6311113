import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..', '..');
const KAFKA_SCRIPT = join(ROOT, 'scripts', 'kafka', 'kafka-local.sh');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitGone(pid: number, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (alive(pid)) {
    if (Date.now() > deadline) throw new Error(`${what} (pid ${pid}) still alive after ${timeoutMs} ms`);
    await sleep(100);
  }
}

/**
 * A Kafka broker of one test, on its own ports. `start` uses scripts/kafka/kafka-local.sh (fresh
 * cluster); `stop`/`kill` end the JVM and `restart` launches the very same command line again on
 * the same data directory: the same cluster, its topics, offsets and consumer groups, as after a
 * real broker restart (the script's own `start` would wipe the data).
 */
export class LocalBroker {
  readonly runDir: string;
  private argv: string[] = [];
  private pid = 0;

  constructor(
    readonly port: number,
    /** Extra server.properties lines (later lines override the script's defaults). */
    private readonly extraProps: string[] = [],
  ) {
    this.runDir = join('/tmp', `capscore-fault-kafka-${port}`);
  }

  get brokers(): string[] {
    return [`127.0.0.1:${this.port}`];
  }

  private get env(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      KAFKA_PORT: String(this.port),
      KAFKA_RUN_DIR: this.runDir,
      KAFKA_HEAP_OPTS: '-Xms256m -Xmx384m',
      KAFKA_EXTRA_PROPS: this.extraProps.join('\n'),
    };
  }

  /** Creates (or replaces) a SCRAM credential through the PLAINTEXT listener, as kafka-configs.sh does. */
  async addScramUser(
    user: string,
    password: string,
    mechanism: 'SCRAM-SHA-256' | 'SCRAM-SHA-512',
  ): Promise<void> {
    const cp = this.argv[this.argv.indexOf('-cp') + 1];
    if (!cp) throw new Error('broker command line has no -cp');
    await run(
      this.argv[0] as string,
      [
        '-Xmx128m',
        '-cp',
        cp,
        'kafka.admin.ConfigCommand',
        '--bootstrap-server',
        `127.0.0.1:${this.port}`,
        '--alter',
        '--add-config',
        `${mechanism}=[iterations=4096,password=${password}]`,
        '--entity-type',
        'users',
        '--entity-name',
        user,
      ],
      { timeout: 120_000 },
    );
  }

  private get logFile(): string {
    return join(this.runDir, 'logs', 'kafka.log');
  }

  async start(): Promise<void> {
    await run('bash', [KAFKA_SCRIPT, 'start'], {
      env: this.env,
      timeout: 10 * 60_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    this.pid = Number(readFileSync(join(this.runDir, 'kafka.pid'), 'utf8').trim());
    this.argv = readFileSync(`/proc/${this.pid}/cmdline`, 'utf8')
      .split('\0')
      .filter((a) => a.length > 0);
    if (!this.argv.includes('kafka.Kafka')) {
      throw new Error(`pid ${this.pid} is not the broker: ${this.argv.join(' ')}`);
    }
  }

  /** SIGTERM (controlled shutdown) or SIGKILL (crash); returns once the JVM is gone. */
  async stop(signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
    process.kill(this.pid, signal);
    await waitGone(this.pid, 'kafka broker');
  }

  /** The same broker again, on the same data; resolves when it serves requests. */
  async restart(timeoutMs = 120_000): Promise<void> {
    const startedBefore = existsSync(this.logFile)
      ? readFileSync(this.logFile, 'utf8').split('Kafka Server started').length
      : 1;
    const log = openSync(this.logFile, 'a');
    const child: ChildProcess = spawn(this.argv[0] as string, this.argv.slice(1), {
      detached: true,
      stdio: ['ignore', log, log],
    });
    closeSync(log);
    child.unref();
    if (!child.pid) throw new Error('could not relaunch the broker');
    this.pid = child.pid;
    writeFileSync(join(this.runDir, 'kafka.pid'), `${this.pid}\n`);
    const deadline = Date.now() + timeoutMs;
    while (readFileSync(this.logFile, 'utf8').split('Kafka Server started').length <= startedBefore) {
      if (!alive(this.pid)) {
        throw new Error(
          `restarted broker exited:\n${readFileSync(this.logFile, 'utf8').split('\n').slice(-40).join('\n')}`,
        );
      }
      if (Date.now() > deadline) throw new Error(`restarted broker not ready after ${timeoutMs} ms`);
      await sleep(200);
    }
  }

  /** Stops the broker for good and removes its data. */
  async destroy(): Promise<void> {
    await run('bash', [KAFKA_SCRIPT, 'stop'], { env: this.env, timeout: 120_000 }).catch(() => undefined);
    rmSync(this.runDir, { recursive: true, force: true });
  }
}

/**
 * A private redis-server of one test, never the shared one: its own port and directory, AOF on
 * (fsync every second, the Redis default for AOF), so a restart finds the data again as it
 * would on a production server with persistence.
 */
export class PrivateRedis {
  readonly dir: string;
  private child?: ChildProcess;
  private exited?: Promise<void>;

  constructor(
    readonly port: number,
    private readonly options: { password?: string; tls?: { cert: string; key: string; ca: string } } = {},
  ) {
    this.dir = join('/tmp', `capscore-fault-redis-${port}`);
  }

  /** The REDIS_URL of this server (rediss:// and the password when configured). */
  get url(): string {
    const auth = this.options.password ? `:${encodeURIComponent(this.options.password)}@` : '';
    return `${this.options.tls ? 'rediss' : 'redis'}://${auth}127.0.0.1:${this.port}`;
  }

  private get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  async start(fresh = true): Promise<void> {
    if (this.running) throw new Error(`redis-server on ${this.port} is already running`);
    if (fresh) rmSync(this.dir, { recursive: true, force: true });
    mkdirSync(this.dir, { recursive: true });
    const args = [
      '--bind',
      '127.0.0.1',
      '--dir',
      this.dir,
      '--appendonly',
      'yes',
      '--appendfsync',
      'everysec',
      '--save',
      '',
      '--daemonize',
      'no',
      '--logfile',
      join(this.dir, 'redis.log'),
    ];
    const { password, tls } = this.options;
    if (password) args.push('--requirepass', password);
    if (tls) {
      args.push(
        '--port',
        '0',
        '--tls-port',
        String(this.port),
        '--tls-cert-file',
        tls.cert,
        '--tls-key-file',
        tls.key,
        '--tls-ca-cert-file',
        tls.ca,
        '--tls-auth-clients',
        'no',
      );
    } else args.push('--port', String(this.port));
    const child = spawn('redis-server', args, { stdio: 'ignore' });
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    const deadline = Date.now() + 30_000;
    for (;;) {
      const client = new Redis(this.url, {
        lazyConnect: true,
        maxRetriesPerRequest: 0,
        retryStrategy: () => null,
        connectTimeout: 1000,
        tls: this.options.tls ? { ca: readFileSync(this.options.tls.ca) } : undefined,
      });
      client.on('error', () => undefined);
      try {
        await client.connect();
        // PING answers while the AOF is still loading; wait until the data is there.
        const info = await client.info('persistence');
        if (/loading:0/.test(info)) return;
      } catch {
        /* not up yet */
      } finally {
        client.disconnect();
      }
      if (child.exitCode !== null) {
        throw new Error(`redis-server exited with ${child.exitCode}; see ${this.dir}/redis.log`);
      }
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`redis-server on ${this.port} not ready; see ${this.dir}/redis.log`);
      }
      await sleep(100);
    }
  }

  async stop(signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
    if (!this.running) return;
    this.child?.kill(signal);
    await this.exited;
  }

  /** Starts the server again on its data; nothing to do when it is running. */
  async restart(): Promise<void> {
    if (!this.running) await this.start(false);
  }

  async destroy(): Promise<void> {
    await this.stop('SIGTERM');
    rmSync(this.dir, { recursive: true, force: true });
  }
}
