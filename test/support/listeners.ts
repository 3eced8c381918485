import { execFile } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * Listeners that record what the app sends them, for the outbound tests: a TCP listener that
 * records every connection and byte, and an HTTPS server with a private CA (the app trusts it
 * through XML_CA_FILE). Both listen on loopback, IPv4 and IPv6 alike (`::`, dual stack), so every
 * notation of 127.0.0.1 and ::1 reaches them if the app lets it.
 */

const execFileAsync = promisify(execFile);

/** A private CA and a server certificate for localhost, 127.0.0.1 and ::1 (openssl), in a temporary directory. */
export interface TestCertificates {
  dir: string;
  /** The CA's PEM file: XML_CA_FILE. */
  caFile: string;
  key: Buffer;
  cert: Buffer;
  remove(): void;
}

export async function makeCertificates(): Promise<TestCertificates> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rollcall-outbound-'));
  const openssl = (...args: string[]) => execFileAsync('openssl', args, { cwd: dir });
  const newKey = ['-newkey', 'rsa:2048', '-nodes'];
  await openssl('req', '-x509', ...newKey, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Rollcall Outbound Test CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign');
  await openssl('req', ...newKey, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost');
  fs.writeFileSync(path.join(dir, 'san.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1\n');
  await openssl('x509', '-req', '-in', 'server.csr', '-out', 'server.pem', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-extfile', 'san.ext');
  return {
    dir,
    caFile: path.join(dir, 'ca.pem'),
    key: fs.readFileSync(path.join(dir, 'server.key')),
    cert: fs.readFileSync(path.join(dir, 'server.pem')),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

const listenDualStack = (server: net.Server) => new Promise<number>((resolve) => server.listen({ port: 0, host: '::', ipv6Only: false }, () => resolve((server.address() as net.AddressInfo).port)));

/** A TCP listener recording every connection and what came over it; it closes each connection after the first bytes. */
export interface TcpRecorder {
  port: number;
  connections: number;
  /** Everything received, all connections together. */
  received(): Buffer;
  close(): Promise<void>;
}

export async function tcpRecorder(): Promise<TcpRecorder> {
  const chunks: Buffer[] = [];
  const sockets = new Set<net.Socket>();
  const recorder = { connections: 0 } as TcpRecorder;
  const server = net.createServer((socket) => {
    recorder.connections++;
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    // Keeps what arrives, then hangs up: the client fails fast instead of waiting for an answer.
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      setTimeout(() => socket.destroy(), 50);
    });
  });
  recorder.port = await listenDualStack(server);
  recorder.received = () => Buffer.concat(chunks);
  recorder.close = async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  };
  return recorder;
}

/** An HTTPS server answering every GET with `body`, recording each request's path and Authorization header. */
export interface HttpsRecorder {
  port: number;
  requests: Array<{ path: string; authorization?: string }>;
  close(): Promise<void>;
}

export async function httpsRecorder(certificates: TestCertificates, body: Buffer): Promise<HttpsRecorder> {
  const requests: HttpsRecorder['requests'] = [];
  const server = https.createServer({ key: certificates.key, cert: certificates.cert }, (req, res) => {
    requests.push({ path: req.url ?? '', authorization: req.headers.authorization });
    res.writeHead(200, { 'Content-Type': 'application/xml' }).end(body);
  });
  const port = await listenDualStack(server);
  return {
    port,
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
