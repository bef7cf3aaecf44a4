import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const openssl = (cwd: string, args: string[]) =>
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });

/** A CA, a server certificate for 127.0.0.1 and a client certificate, in DOCKER_CERT_PATH layout. */
export function makeCerts(root: string): { server: string; client: string; wrongCa: string } {
  const ca = join(root, 'ca');
  const client = join(root, 'client');
  const wrong = join(root, 'wrong');
  [ca, client, wrong].forEach((d) => mkdirSync(d, { recursive: true }));
  openssl(ca, ['genrsa', '-out', 'ca-key.pem', '2048']);
  openssl(ca, [
    'req',
    '-x509',
    '-new',
    '-key',
    'ca-key.pem',
    '-days',
    '2',
    '-subj',
    '/CN=simscope-test-ca',
    '-out',
    'ca.pem',
  ]);
  openssl(ca, ['genrsa', '-out', 'server-key.pem', '2048']);
  openssl(ca, [
    'req',
    '-new',
    '-key',
    'server-key.pem',
    '-subj',
    '/CN=127.0.0.1',
    '-out',
    'server.csr',
  ]);
  writeFileSync(
    join(ca, 'server.ext'),
    'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n',
  );
  openssl(ca, [
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca-key.pem',
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    'server.ext',
    '-out',
    'server-cert.pem',
  ]);
  openssl(client, ['genrsa', '-out', 'key.pem', '2048']);
  openssl(client, [
    'req',
    '-new',
    '-key',
    'key.pem',
    '-subj',
    '/CN=simscope',
    '-out',
    'client.csr',
  ]);
  writeFileSync(join(client, 'client.ext'), 'extendedKeyUsage=clientAuth\n');
  openssl(client, [
    'x509',
    '-req',
    '-in',
    'client.csr',
    '-CA',
    '../ca/ca.pem',
    '-CAkey',
    '../ca/ca-key.pem',
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    'client.ext',
    '-out',
    'cert.pem',
  ]);
  execFileSync('cp', [join(ca, 'ca.pem'), join(client, 'ca.pem')]);
  // The same client identity, but trusting another CA: the engine's certificate cannot be verified.
  openssl(wrong, ['genrsa', '-out', 'other-key.pem', '2048']);
  openssl(wrong, [
    'req',
    '-x509',
    '-new',
    '-key',
    'other-key.pem',
    '-days',
    '2',
    '-subj',
    '/CN=another-ca',
    '-out',
    'ca.pem',
  ]);
  execFileSync('cp', [join(client, 'cert.pem'), join(client, 'key.pem'), wrong]);
  return { server: ca, client, wrongCa: wrong };
}
