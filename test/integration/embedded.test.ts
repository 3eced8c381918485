import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

/** Starts `src/main.ts` as `npm run dev` would, with no DATABASE_URL, and waits for it to listen. */
function startMain(env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(ROOT, 'src/main.ts')], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const listening = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "listening" line within 60 s:\n${output}`)), 60_000);
    child.stdout.on('data', () => {
      const line = output.split('\n').find((l) => l.includes('"Rollcall is listening"'));
      if (line) {
        clearTimeout(timer);
        resolve(JSON.parse(line).url);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}:\n${output}`));
    });
  });
  return { child, listening, exited, output: () => output };
}

function baseEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { DATABASE_URL: _db, ENCRYPTION_KEY: _key, ...rest } = process.env;
  return { ...rest, NODE_ENV: 'development', LOG_LEVEL: 'info', ...extra };
}

describe('the embedded start (no DATABASE_URL)', () => {
  it('starts PGlite in DATA_DIR, migrates, serves the descriptor and health, and keeps data across restarts', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rollcall-embedded-'));
    const env = baseEnv({ PORT: '0', AC_LOCAL_BASE_URL: 'http://127.0.0.1:0', DATA_DIR: dataDir });
    try {
      for (const round of [1, 2]) {
        const app = startMain(env);
        try {
          const url = await app.listening;
          const descriptor = await (await fetch(`${url}/atlassian-connect.json`)).json();
          expect(descriptor).toMatchObject({ key: 'rollcall', baseUrl: url });
          const health = await fetch(`${url}/healthz`);
          expect(health.status).toBe(200);
          expect(await health.json()).toMatchObject({ status: 'ok', migrations: { current: true } });
          if (round === 1) {
            expect(app.output()).toContain('"migrations applied"');
            expect(app.output()).toContain('ENCRYPTION_KEY is not set: generated a key');
          } else {
            // Same data directory: nothing left to migrate, the generated key is reused.
            expect(app.output()).not.toContain('"migrations applied"');
            expect(app.output()).not.toContain('generated a key');
          }
        } finally {
          app.child.kill('SIGTERM');
          expect(await app.exited).toBe(0);
        }
      }
      expect(fs.existsSync(path.join(dataDir, 'pgdata'))).toBe(true);
      expect(fs.existsSync(path.join(dataDir, 'encryption.key'))).toBe(true);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);

  it('refuses to start on bad configuration, naming every problem', async () => {
    const app = startMain(baseEnv({ PORT: 'x', DATABASE_URL: 'postgres://127.0.0.1:1/none', LOG_LEVEL: 'chatty' }));
    await expect(app.listening).rejects.toThrow(/exited with 2/);
    expect(app.output()).toContain('Rollcall cannot start.');
    expect(app.output()).toMatch(/PORT /);
    expect(app.output()).toMatch(/LOG_LEVEL /);
    expect(app.output()).toMatch(/ENCRYPTION_KEY is required when DATABASE_URL is set/);
  }, 60_000);
});
