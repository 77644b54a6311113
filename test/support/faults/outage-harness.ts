import { createNamespace, dropNamespace, type TestNamespace } from '../infra.js';
import { PipelineProbe } from '../pipeline-probe.js';
import { INGESTED_AT } from '../scenario.js';
import { Stack } from '../stack.js';
import { FaultStream } from './fault-stream.js';

/** A server of the test's own that can be taken down and brought back on its data. */
export interface RestartableServer {
  start(): Promise<void>;
  stop(signal: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  restart(): Promise<void>;
  destroy(): Promise<void>;
}

/**
 * The set-up the broker and Redis outage tests share: the server of the test's own, announced to
 * the shared test support through an environment variable; a namespace, a fault stream, the
 * scorer and api as processes, a probe; and `outage()`, which takes the server down and back.
 */
export class OutageHarness<S extends RestartableServer> {
  server!: S;
  ns!: TestNamespace;
  stream!: FaultStream;
  stack!: Stack;
  probe!: PipelineProbe;
  scorerExited = false;
  readonly outages: string[] = [];
  private readonly savedEnv: string | undefined;

  constructor(
    private readonly name: string,
    private readonly createServer: () => Promise<S>,
    /** The variable the shared support reads the server's address from, and its value once started. */
    private readonly env: { variable: 'KAFKA_BROKERS' | 'REDIS_URL'; value: (server: S) => string },
    private readonly seed: number,
  ) {
    this.savedEnv = process.env[env.variable];
  }

  async setUp(): Promise<void> {
    this.server = await this.createServer();
    await this.server.start();
    process.env[this.env.variable] = this.env.value(this.server);
    this.ns = await createNamespace();
    this.stream = new FaultStream(this.ns, 150, this.seed);
    this.stack = new Stack(this.ns, {
      CAPSCORE_CLOCK: new Date(INGESTED_AT).toISOString(),
      SCORER_TIMER_INTERVAL_MS: '200',
      KAFKA_SESSION_TIMEOUT_MS: '10000',
      SCORER_MAX_BATCH_EVENTS: '500',
    });
    const scorer = await this.stack.startScorer();
    void scorer.exited.then(() => (this.scorerExited = true));
    await this.stack.startApi();
    this.probe = new PipelineProbe(this.ns);
    await this.probe.connect();
  }

  async tearDown(): Promise<void> {
    const lines = this.stack?.scorer?.output ?? [];
    const count = (re: RegExp) => lines.filter((l) => re.test(l)).length;
    process.stderr.write(
      `${this.name}: ${this.outages.join('; ')}; scorer log: ${count(/ECONNREFUSED|Connection error|connection lost|Unhandled error event/i)} connection error line(s), ${count(/retrying in/)} chunk retries, ${count(/Restarting the consumer|consumer crashed/i)} consumer restarts; scorer exited: ${this.scorerExited}\n`,
    );
    await this.probe?.close();
    await this.stack?.stop();
    if (this.ns) await dropNamespace(this.ns).catch(() => undefined);
    await this.server?.destroy();
    if (this.savedEnv === undefined) delete process.env[this.env.variable];
    else process.env[this.env.variable] = this.savedEnv;
  }

  /** Stops the server, resumes a frozen scorer (which then finds it gone), restarts it after `downMs`. */
  async outage(signal: 'SIGTERM' | 'SIGKILL', downMs: number, label: string, frozen = false): Promise<void> {
    const started = Date.now();
    await this.server.stop(signal);
    if (frozen) this.stream.resume(this.stack.scorer!);
    await new Promise((r) => setTimeout(r, downMs));
    await this.server.restart();
    this.outages.push(`${label}: ${signal}, back after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}
