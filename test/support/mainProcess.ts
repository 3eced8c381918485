import { spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

/** `src/main.ts` started in a child process, as `npm run dev` starts it. */
export interface MainProcess {
  child: ReturnType<typeof spawn>;
  /** Resolves to the URL it listens on (its "Rollcall is listening" line). */
  listening: Promise<string>;
  exited: Promise<number | null>;
  output(): string;
}

/**
 * Starts `src/main.ts` with exactly `env` and waits for it to listen. With `nodeArgs` node runs it
 * itself (`--import tsx`), so that `child.pid` is the server's own process (tsx's command line runs
 * the script in a child process of its own); a benchmark reads the server's memory through it.
 */
export function startMain(env: NodeJS.ProcessEnv, options: { nodeArgs?: string[] } = {}): MainProcess {
  const main = path.join(ROOT, 'src/main.ts');
  const args = options.nodeArgs ? [...options.nodeArgs, '--import', 'tsx', main] : [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), main];
  const child = spawn(process.execPath, args, {
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

/** The test process's environment without a database or key (so the app embeds PGlite), plus `extra`. */
export function baseEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { DATABASE_URL: _db, ENCRYPTION_KEY: _key, ...rest } = process.env;
  return { ...rest, NODE_ENV: 'development', LOG_LEVEL: 'info', ...extra };
}
