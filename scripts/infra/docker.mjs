import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** True when a Docker engine (not just the client) answers within a few seconds. */
export async function dockerAnswers() {
  if (process.env.CAPSCORE_NO_DOCKER === '1') return false;
  try {
    await run('docker', ['info', '--format', '{{.ServerVersion}}'], { timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}
