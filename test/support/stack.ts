import { freePort } from '@app/testkit';
import { AppProcess, httpJson, eventually } from './processes.js';
import type { TestNamespace } from './infra.js';

/** A scorer (and optionally an api) of one namespace, as real processes. */
export class Stack {
  scorer?: AppProcess;
  api?: AppProcess;
  apiUrl = '';
  scorerUrl = '';

  constructor(
    readonly ns: TestNamespace,
    readonly extraEnv: Record<string, string> = {},
  ) {}

  async startScorer(): Promise<AppProcess> {
    const port = await freePort();
    this.scorerUrl = `http://127.0.0.1:${port}`;
    this.scorer = new AppProcess('scorer', {
      ...this.ns.env,
      ...this.extraEnv,
      SCORER_HTTP_PORT: String(port),
    });
    await eventually(
      async () => ((await httpJson(`${this.scorerUrl}/health/ready`)).status === 200 ? true : undefined),
      60_000,
      'scorer ready',
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${this.scorer?.output.slice(-20).join('\n')}`);
    });
    return this.scorer;
  }

  async startApi(): Promise<AppProcess> {
    const port = await freePort();
    this.apiUrl = `http://127.0.0.1:${port}`;
    this.api = new AppProcess('api', { ...this.ns.env, ...this.extraEnv, HTTP_PORT: String(port) });
    await eventually(
      async () => ((await httpJson(`${this.apiUrl}/health/live`)).status === 200 ? true : undefined),
      60_000,
      'api live',
    );
    return this.api;
  }

  async stop(): Promise<void> {
    await Promise.all([this.scorer?.stop(), this.api?.stop()]);
  }
}
