import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
/** What the build is made of: the front-end's sources and config, and the installed packages. */
const INPUTS = [path.join(ROOT, 'frontend'), path.join(ROOT, 'package-lock.json')];
/** Each build (Connect's pages, Forge's Custom UI) and the Vite manifest that says when it was made. */
const BUILDS = [
  { config: 'frontend/vite.config.mts', manifest: path.join(ROOT, 'dist/frontend/.vite/manifest.json') },
  { config: 'frontend/vite.forge.config.mts', manifest: path.join(ROOT, 'forge/dist/forge/.vite/manifest.json') },
];

/** The newest modification time under `file` (a file or a folder, recursively). */
function newest(file: string): number {
  const stat = fs.statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs.readdirSync(file).reduce((latest, name) => Math.max(latest, newest(path.join(file, name))), stat.mtimeMs);
}

/**
 * Builds the front-end (`vite build`, a few seconds each) when `dist/frontend` (Connect's pages) or
 * `forge/dist/forge` (the Forge Custom UI) is missing or older than its sources, so that `npm test`
 * on a clean clone serves the pages the browser tests open.
 */
export function ensureFrontendBuilt(): void {
  const latest = Math.max(...INPUTS.map(newest));
  for (const build of BUILDS) {
    const built = fs.existsSync(build.manifest) ? fs.statSync(build.manifest).mtimeMs : 0;
    if (built && latest <= built) continue;
    execFileSync(process.execPath, [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', build.config, '--logLevel', 'warn'], {
      cwd: ROOT,
      stdio: 'inherit',
      // Jest sets NODE_ENV=test, which Vite would follow into React's development build.
      env: { ...process.env, NODE_ENV: 'production' },
    });
  }
}
