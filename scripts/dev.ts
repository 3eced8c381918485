/**
 * `npm run dev`: the app (embedded database unless DATABASE_URL is set) and Vite's dev server for
 * the front-end, together. Pages moved onto the front-end load their sources from Vite
 * (FRONTEND_DEV_SERVER), so an edit under frontend/ shows on reload at once (Vite reloads the page
 * itself); server code restarts with tsx watch. Ctrl-C stops both.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const VITE_PORT = Number(process.env.VITE_PORT ?? 5173);
const devServer = `http://localhost:${VITE_PORT}`;

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): ChildProcess {
  return spawn(command, args, { cwd: ROOT, env, stdio: 'inherit' });
}

const vite = run(process.execPath, [path.join(ROOT, 'node_modules/vite/bin/vite.js'), '--config', 'frontend/vite.config.mts', '--port', String(VITE_PORT), '--strictPort']);
const app = run(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'watch', 'src/main.ts'], { ...process.env, FRONTEND_DEV_SERVER: devServer });
console.log(`Rollcall in development: the app as configured (PORT, default 3000); the front-end from ${devServer}`);

function stop(code: number): void {
  for (const child of [vite, app]) if (child.exitCode === null) child.kill('SIGTERM');
  process.exitCode = code;
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
vite.on('exit', (code) => stop(code ?? 1));
app.on('exit', (code) => stop(code ?? 1));
