import fs from 'node:fs';
import path from 'node:path';

/** One entry of Vite's manifest (`dist/frontend/.vite/manifest.json`): a chunk and what it needs. */
export interface ManifestChunk {
  file: string;
  src?: string;
  name?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}

export type Manifest = Record<string, ManifestChunk>;

/** What a page's shell loads: its entry script, its stylesheets, and the chunks to preload. */
export interface PageAssets {
  entry: string;
  /** Development only: Vite's client (hot reload), run before the entry. */
  client?: string;
  css: string[];
  preloads: string[];
}

/** From this file to the repository root, in the sources (src/http/frontend) and in the build (dist/src/http/frontend). */
const ROOT_FROM_HERE = __dirname.includes(`${path.sep}dist${path.sep}`) ? '../../../..' : '../../..';

/** The URL prefix of the built assets (Vite's `base` in frontend/vite.config.mts). */
export const ASSET_BASE = '/frontend/';

/**
 * The assets of the entry named `name` (frontend/entries.json): the entry and,
 * through its static imports (recursively), every chunk the first load needs and their CSS.
 * Dynamic imports (another host's bridge, the other theme) load when needed and are left out.
 */
export function pageAssets(manifest: Manifest, name: string): PageAssets {
  const key = Object.keys(manifest).find((k) => manifest[k].isEntry && manifest[k].name === name);
  if (!key) throw new Error(`The front-end build has no entry "${name}": run npm run build`);
  const seen = new Set<string>();
  const css: string[] = [];
  const preloads: string[] = [];
  const visit = (k: string, isEntry: boolean) => {
    if (seen.has(k)) return;
    seen.add(k);
    const chunk = manifest[k];
    if (!isEntry) preloads.push(ASSET_BASE + chunk.file);
    for (const file of chunk.css ?? []) if (!css.includes(ASSET_BASE + file)) css.push(ASSET_BASE + file);
    for (const imported of chunk.imports ?? []) visit(imported, false);
  };
  visit(key, true);
  return { entry: ASSET_BASE + manifest[key].file, css, preloads };
}

/** The files of a page's first load (the entry and its static imports), relative to the build folder. */
export function firstLoadFiles(manifest: Manifest, name: string): string[] {
  const assets = pageAssets(manifest, name);
  return [assets.entry, ...assets.preloads].map((url) => url.slice(ASSET_BASE.length));
}

/**
 * Reads the manifest of the build in `dir` once, on first use (the app starts without a build;
 * only a page moved onto the front-end then fails, saying what to run).
 */
export class FrontendBuild {
  private manifest: Manifest | null = null;

  /**
   * @param dir the build (`dist/frontend`)
   * @param devServer `npm run dev`'s Vite server (FRONTEND_DEV_SERVER): pages then load their
   *   sources from it, with hot reload, instead of the build.
   */
  constructor(
    readonly dir: string,
    readonly devServer?: string,
  ) {}

  assets(name: string): PageAssets {
    if (this.devServer) return devAssets(this.devServer, name);
    this.manifest ??= readManifest(this.dir);
    return pageAssets(this.manifest, name);
  }
}

/** The entries' sources by name (frontend/entries.json, which the Vite config reads too). */
export function entrySources(): Record<string, string> {
  return JSON.parse(fs.readFileSync(path.resolve(__dirname, ROOT_FROM_HERE, 'frontend/entries.json'), 'utf8')) as Record<string, string>;
}

/** A page from Vite's dev server: its client, then the entry's source (CSS comes with the modules). */
function devAssets(devServer: string, name: string): PageAssets {
  const source = entrySources()[name];
  if (!source) throw new Error(`frontend/entries.json has no entry "${name}"`);
  const base = `${devServer.replace(/\/$/, '')}${ASSET_BASE}`;
  return { client: `${base}@vite/client`, entry: base + source, css: [], preloads: [] };
}

export function readManifest(dir: string): Manifest {
  const file = path.join(dir, '.vite', 'manifest.json');
  if (!fs.existsSync(file)) throw new Error(`The front-end is not built (${file} is missing): run npm run build`);
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Manifest;
}
