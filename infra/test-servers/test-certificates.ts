import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runProcess } from './java.ts';

/** PEM files made for one test server: a CA of its own, a server and a client certificate. */
export interface TestCertificates {
  /** The CA certificate, which clients (and the server, for client certificates) trust. */
  readonly caFile: string;
  /** The server's unencrypted PKCS#8 key followed by its certificate, as Kafka's PEM keystore wants. */
  readonly serverKeystoreFile: string;
  readonly clientCertFile: string;
  readonly clientKeyFile: string;
}

const validDays = '2';

/**
 * Makes a throwaway CA with the openssl command line, and with it a certificate for 127.0.0.1 and
 * localhost and a client certificate, all in `dir`. EC P-256 keys: quick to make, which matters on
 * a loaded machine. Rejects with openssl's output when a step fails.
 */
export const makeTestCertificates = async (dir: string): Promise<TestCertificates> => {
  const at = (name: string) => join(dir, name);
  const newKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  await openssl([
    'req', '-x509', ...newKey, '-keyout', at('ca.key'), '-out', at('ca.pem'),
    '-days', validDays, '-subj', '/CN=order-ledger test CA',
    '-addext', 'basicConstraints=critical,CA:TRUE',
    '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
  ]); // prettier-ignore
  await writeFile(at('server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  await writeFile(at('client.ext'), 'extendedKeyUsage=clientAuth\n');
  for (const [name, subject] of [
    ['server', '/CN=localhost'],
    ['client', '/CN=order-ledger'],
  ] as const) {
    await openssl(['req', ...newKey, '-keyout', at(`${name}.key`), '-out', at(`${name}.csr`), '-subj', subject]); // prettier-ignore
    await openssl([
      'x509', '-req', '-in', at(`${name}.csr`), '-CA', at('ca.pem'), '-CAkey', at('ca.key'),
      '-CAcreateserial', '-days', validDays, '-extfile', at(`${name}.ext`), '-out', at(`${name}.pem`),
    ]); // prettier-ignore
  }
  const keystore = at('server-keystore.pem');
  await writeFile(
    keystore,
    (await readFile(at('server.key'), 'utf8')) + (await readFile(at('server.pem'), 'utf8')),
  );
  return {
    caFile: at('ca.pem'),
    serverKeystoreFile: keystore,
    clientCertFile: at('client.pem'),
    clientKeyFile: at('client.key'),
  };
};

const openssl = async (args: readonly string[]): Promise<void> => {
  const { code, output } = await runProcess('openssl', args);
  if (code !== 0) throw new Error(`openssl ${args[0] ?? ''} failed (${code}): ${output}`);
};
