/**
 * The XML upload benchmark: `npm run bench:upload` (see docs/PERFORMANCE.md, "XML upload memory").
 *
 * Generates an XML export of --megabytes MB (default 200, 10^6 bytes) into a temporary file, starts
 * Rollcall as `npm start` runs it (src/main.ts in a process of its own, `--max-semi-space-size=4`)
 * on a throwaway PostgreSQL database, installs a test Confluence site into it (test/support's host),
 * makes an XML source and uploads the file through the real route, `PUT /rest/v1/sources/{id}/file`,
 * streamed from disk with its Content-Length. While the upload runs it samples the server's RSS
 * (/proc/<pid>/status every 10 ms) and the answer time of `GET /healthz` (every 100 ms: a stalled
 * event loop shows there). It prints the RSS growth during the upload (the target is ≤ 64 MB) and
 * the time, checks the stored file's size and sha256, and exits 1 when the target is missed or the
 * upload fails. The server's XML_MAX_BYTES and XML_SITE_QUOTA_BYTES are raised above the file's size
 * (the default limit, 100 MB, would refuse it).
 *
 * Options: --megabytes N (default 200). DATABASE_URL names the PostgreSQL server (default
 * postgres://postgres@127.0.0.1:5432/postgres); the benchmark creates its own database there and
 * drops it at the end.
 */
import crypto from 'node:crypto';
import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { startTestHost } from '../test/support/confluenceHost';
import { baseEnv, startMain } from '../test/support/mainProcess';
import { ADMIN } from '../test/support/sites';
import { mb, runWithCleanups, sec, throwawayDatabase, type Cleanups } from './benchSupport';

const TARGET_BYTES = 64 * 1024 * 1024;

function parseOptions(argv: string[]): { megabytes: number; adminUrl: string } {
  const options = { megabytes: 200, adminUrl: process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres' };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    if (flag === '--megabytes') {
      const v = inline ?? argv[++i];
      if (!/^\d+$/.test(v ?? '') || Number(v) < 1) throw new Error('--megabytes needs a whole number ≥ 1');
      options.megabytes = Number(v);
    } else throw new Error(`unknown option ${argv[i]} (options: --megabytes N)`);
  }
  return options;
}

/** An HR export of about `bytes` bytes: identity records with non-ASCII names. */
async function writeExport(file: string, bytes: number): Promise<number> {
  const out = createWriteStream(file);
  const names = ['Zoë Åström', 'Łukasz Wójcik', 'Ødegaard Ørsted', 'Ada Lovelace', 'José Núñez', 'Þóra Jónsdóttir'];
  let written = 0;
  const write = async (text: string) => {
    written += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  };
  await write('<?xml version="1.0" encoding="UTF-8"?>\n<identities>\n');
  const closing = '</identities>\n';
  for (let i = 0; written + 400 + closing.length < bytes; i++) {
    const name = names[i % names.length];
    await write(
      `  <identity><uid>p${i}</uid><mail>person.${i}@example.com</mail><displayName>${name} ${i}</displayName>` +
        `<title>Engineer</title><department>Research &amp; Development ${i % 97}</department><phone>+41 44 000 ${String(i % 10000).padStart(4, '0')}</phone>` +
        `<city>Zürich</city><manager>person.${Math.floor(i / 8)}@example.com</manager></identity>\n`,
    );
  }
  await write(closing);
  out.end();
  await once(out, 'finish');
  return written;
}

const rssOf = async (pid: number, field = 'VmRSS') => Number((await fs.readFile(`/proc/${pid}/status`, 'utf8')).match(new RegExp(`${field}:\\s+(\\d+) kB`))![1]) * 1024;

async function bench(cleanups: Cleanups): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'rollcall-bench-upload-'));
  cleanups.push(() => fs.rm(workDir, { recursive: true, force: true }));
  console.log(`Rollcall XML upload benchmark: ${options.megabytes} MB through PUT /rest/v1/sources/{id}/file`);
  console.log(`machine: ${os.cpus()[0]?.model ?? '?'} × ${os.availableParallelism()}; Node ${process.version}; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}; ${new Date().toISOString()}`);

  // ---- Set-up (not measured) -------------------------------------------------------------------
  const file = path.join(workDir, 'export.xml');
  const size = await writeExport(file, options.megabytes * 1_000_000);
  const sha256 = crypto.createHash('sha256');
  for await (const piece of createReadStream(file)) sha256.update(piece as Buffer);
  const digest = sha256.digest('hex');
  console.log(`\nfile: ${size.toLocaleString('en-US')} bytes (${mb(size)})`);

  const database = await throwawayDatabase(options.adminUrl, cleanups);
  const host = await startTestHost({ users: [ADMIN] });
  cleanups.push(() => host.close());
  const server = startMain(
    {
      ...baseEnv({
        PORT: '0',
        AC_LOCAL_BASE_URL: 'http://127.0.0.1:0',
        AC_HOST_WHITELIST: '127.0.0.1,localhost',
        CONNECT_KEYS_CDN_URL: host.keysUrl,
        LOG_LEVEL: 'warn',
        XML_MAX_BYTES: String(size + 1_000_000),
        XML_SITE_QUOTA_BYTES: String(2 * size),
      }),
      DATABASE_URL: database.url,
      ENCRYPTION_KEY: crypto.randomBytes(32).toString('base64'),
      // Its own log line says where it listens: keep that line at any LOG_LEVEL of the caller.
      LOG_LEVEL: 'info',
    },
    { nodeArgs: ['--max-semi-space-size=4'] },
  );
  cleanups.push(async () => {
    server.child.kill('SIGTERM');
    await server.exited;
  });
  const url = await server.listening;
  const pid = server.child.pid!;
  const installed = await host.install(url);
  if (installed.status !== 204) throw new Error(`install failed: ${installed.status} ${installed.body}`);
  const auth = () => ({ Authorization: `JWT ${host.contextToken(ADMIN.accountId)}` });
  const created = await fetch(`${url}/rest/v1/sources`, {
    method: 'POST',
    headers: { ...auth(), 'Content-Type': 'application/json' },
    body: JSON.stringify({ kind: 'xml', name: 'HR export', settings: { location: { kind: 'upload' }, recordPath: 'identities/identity', matchPath: 'mail' } }),
  });
  if (created.status !== 201) throw new Error(`creating the source: ${created.status} ${await created.text()}`);
  const sourceId = ((await created.json()) as { id: string }).id;

  const upload = (body: NodeJS.ReadableStream | Buffer, length: number) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = http.request(`${url}/rest/v1/sources/${sourceId}/file?name=export.xml`, {
        method: 'PUT',
        headers: { ...auth(), 'Content-Type': 'application/xml', 'Content-Length': String(length) },
      });
      req.on('error', reject);
      req.on('response', (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode!, text }));
      });
      if (Buffer.isBuffer(body)) req.end(body);
      else body.pipe(req);
    });
  // A first small upload, so that what the first request of a route loads is not counted.
  const warm = Buffer.from('<identities><identity><mail>a@example.com</mail></identity></identities>');
  if ((await upload(warm, warm.length)).status !== 200) throw new Error('the warm-up upload failed');
  await new Promise((r) => setTimeout(r, 1000));

  // ---- The upload (measured) -------------------------------------------------------------------
  const before = await rssOf(pid);
  let peak = before;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      peak = Math.max(peak, await rssOf(pid));
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  let slowestHealth = 0;
  const prober = (async () => {
    while (sampling) {
      const started = performance.now();
      await fetch(`${url}/healthz`).then((r) => r.arrayBuffer());
      slowestHealth = Math.max(slowestHealth, performance.now() - started);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  const started = performance.now();
  const answer = await upload(createReadStream(file, { highWaterMark: 1024 * 1024 }), size);
  const ms = performance.now() - started;
  sampling = false;
  await Promise.all([sampler, prober]);
  const after = await rssOf(pid);
  const hwm = await rssOf(pid, 'VmHWM');

  const stored = answer.status === 200 ? (JSON.parse(answer.text) as { file?: { size: number; sha256?: string } }).file : undefined;
  const growth = peak - before;
  console.log(`\nupload: HTTP ${answer.status} in ${sec(ms)} (${(size / 1e6 / (ms / 1000)).toFixed(1)} MB/s)`);
  console.log(`server RSS: ${mb(before)} before, ${mb(peak)} peak during the upload, ${mb(after)} after; growth during the upload +${mb(growth)} (${(growth / 1e6).toFixed(1)} × 10^6 bytes); process peak (VmHWM) ${mb(hwm)}`);
  console.log(`slowest GET /healthz during the upload: ${slowestHealth.toFixed(0)} ms`);
  const problems: string[] = [];
  if (answer.status !== 200) problems.push(`the upload answered ${answer.status}: ${answer.text}`);
  else if (stored?.size !== size || (stored.sha256 !== undefined && stored.sha256 !== digest)) problems.push(`stored ${JSON.stringify(stored)}, sent ${size} bytes with sha256 ${digest}`);
  if (growth > TARGET_BYTES) problems.push(`RSS grew by ${mb(growth)} during the upload, above the target of ${mb(TARGET_BYTES)}`);
  console.log(`target: RSS growth ≤ ${mb(TARGET_BYTES)}: ${growth <= TARGET_BYTES ? 'met' : 'missed'}`);
  if (problems.length > 0) {
    console.log(`\nFAILED:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    return 1;
  }
  return 0;
}

runWithCleanups(bench).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
