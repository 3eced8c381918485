import fs from 'node:fs';
import path from 'node:path';

/**
 * Keeps the folder READMEs true, so that a newcomer finds where a thing lives: every folder of
 * src/ and frontend/src/ with TypeScript files (`.ts`, `.tsx`) has a README.md, the README names
 * each of its folder's source files (a test file, `x.test.ts`, need not be named), and every
 * `.ts` / `.tsx` file a README names exists.
 * Pure file reads: no database, no app.
 */
const ROOT = path.resolve(__dirname, '../..');
const SRC = path.join(ROOT, 'src');
const FRONTEND = path.join(ROOT, 'frontend', 'src');

/** Every folder under src/ (src/ included), depth first. */
function folders(dir: string): string[] {
  const children = fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory());
  return [dir, ...children.flatMap((c) => folders(path.join(dir, c.name)))];
}

const tsFiles = (dir: string) => fs.readdirSync(dir).filter((name) => /\.tsx?$/.test(name) && fs.statSync(path.join(dir, name)).isFile());
const isTest = (name: string) => /\.test\.tsx?$/.test(name);
const relative = (file: string) => path.relative(ROOT, file);

/**
 * The `.ts` files a README names: code spans (`` `name.ts` ``, `` `sync/runs/runner.ts` ``) whose
 * text is a file name or path, no wildcard. A bare name is a file of the README's own folder; a
 * path is read from the README's folder, from src/ (`connect/auth.ts`) or from the repository root
 * (`test/integration/fuzz.test.ts`), whichever holds it.
 */
function namedFiles(readme: string): string[] {
  const text = fs.readFileSync(readme, 'utf8');
  return [...text.matchAll(/`([\w./-]+\.tsx?)`/g)].map((m) => m[1]);
}

function exists(folder: string, name: string): boolean {
  if (!name.includes('/')) return fs.existsSync(path.join(folder, name));
  return [folder, SRC, FRONTEND, ROOT].some((base) => fs.existsSync(path.join(base, name)));
}

const allFolders = [...folders(SRC), ...folders(FRONTEND)];
const sourceFolders = allFolders.filter((dir) => tsFiles(dir).length > 0);
const readmes = allFolders
  .map((dir) => path.join(dir, 'README.md'))
  .filter((file) => fs.existsSync(file));

it('finds the source folders it checks (a wrong root would pass everything)', () => {
  expect(sourceFolders.map(relative)).toEqual(
    expect.arrayContaining(['src', path.join('src', 'sync', 'engine'), path.join('src', 'db', 'models'), path.join('frontend', 'src', 'host'), path.join('frontend', 'src', 'pages', 'migration')]),
  );
});

it('gives every folder of src/ and frontend/src/ that holds .ts or .tsx files a README.md', () => {
  const missing = sourceFolders.filter((dir) => !fs.existsSync(path.join(dir, 'README.md'))).map((dir) => `${relative(dir)}/ has .ts files but no README.md`);
  expect(missing).toEqual([]);
});

it("names every source file of a folder in that folder's README.md", () => {
  const unnamed = sourceFolders.flatMap((dir) => {
    const readme = path.join(dir, 'README.md');
    if (!fs.existsSync(readme)) return [];
    const named = new Set(namedFiles(readme));
    return tsFiles(dir)
      .filter((name) => !isTest(name) && !named.has(name))
      .map((name) => `${relative(path.join(dir, name))} is not named in ${relative(readme)} (write \`${name}\` and what it exports)`);
  });
  expect(unnamed).toEqual([]);
});

it('names no .ts file that does not exist (a README left behind by a rename or a move)', () => {
  const stale = readmes.flatMap((readme) => {
    const folder = path.dirname(readme);
    return [...new Set(namedFiles(readme))].filter((name) => !exists(folder, name)).map((name) => `${relative(readme)} names \`${name}\`, which does not exist`);
  });
  expect(stale).toEqual([]);
});
