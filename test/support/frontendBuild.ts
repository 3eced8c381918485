import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
/** What the build is made of: the front-end's sources and config, and the installed packages. */
const INPUTS = [path.join(ROOT, 'frontend'), path.join(ROOT, 'package-lock.json')];
const MANIFEST = path.join(ROOT, 'dist/frontend/.vite/manifest.json');

/** The newest modification time under `file` (a file or a folder, recursively). */
function newest(file: string): number {
  const stat = fs.statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs.readdirSync(file).reduce((latest, name) => Math.max(latest, newest(path.join(file, name))), stat.mtimeMs);
}

/**
 * Builds the front-end (`vite build`, a few seconds) when `dist/frontend` is missing or older
 * than its sources, so that `npm test` on a clean clone serves the pages the browser tests open.
 */
export function ensureFrontendBuilt(): void {
  const built = fs.existsSync(MANIFEST) ? fs.statSync(MANIFEST).mtimeMs : 0;
  if (built && INPUTS.every((input) => newest(input) <= built)) return;
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'frontend/vite.config.mts', '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: 'inherit',
    // Jest sets NODE_ENV=test, which Vite would follow into React's development build.
    env: { ...process.env, NODE_ENV: 'production' },
  });
}
