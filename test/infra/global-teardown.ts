import { down } from '../../scripts/infra/index.mjs';

export default async function globalTeardown(): Promise<void> {
  await down('test', { log: (line: string) => process.stderr.write(`[infra] ${line}\n`) });
}
