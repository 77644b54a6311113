import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TestCertificates {
  /** CA certificate (PEM) that signed the server certificate: what clients must trust. */
  ca: string;
  cert: string;
  key: string;
  /** Private key and certificate chain in one PEM file (Kafka's `ssl.keystore.type=PEM`). */
  keystore: string;
}

/** A throwaway CA and a server certificate for 127.0.0.1 (openssl), in `dir`. */
export async function makeCertificates(dir: string): Promise<TestCertificates> {
  mkdirSync(dir, { recursive: true });
  const f = (name: string) => join(dir, name);
  await run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    f('ca.key'),
    '-out',
    f('ca.pem'),
    '-days',
    '2',
    '-subj',
    '/CN=capscore test CA',
  ]);
  await run('openssl', [
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    f('server.key'),
    '-out',
    f('server.csr'),
    '-subj',
    '/CN=127.0.0.1',
  ]);
  writeFileSync(f('san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  await run('openssl', [
    'x509',
    '-req',
    '-in',
    f('server.csr'),
    '-CA',
    f('ca.pem'),
    '-CAkey',
    f('ca.key'),
    '-CAcreateserial',
    '-out',
    f('server.pem'),
    '-days',
    '2',
    '-extfile',
    f('san.ext'),
  ]);
  // openssl 3 writes PKCS#8 keys ("BEGIN PRIVATE KEY"), which Kafka's PEM keystore needs.
  writeFileSync(
    f('keystore.pem'),
    `${readFileSync(f('server.key'), 'utf8')}${readFileSync(f('server.pem'), 'utf8')}${readFileSync(f('ca.pem'), 'utf8')}`,
  );
  return { ca: f('ca.pem'), cert: f('server.pem'), key: f('server.key'), keystore: f('keystore.pem') };
}
