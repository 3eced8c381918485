import fs from 'node:fs';
import path from 'node:path';
import peggy from 'peggy';

/**
 * Compiles the People Directory's filter grammar (src/peopleDirectory/filter/filter.peggy) into
 * `filterParser.generated.ts` (an ES module TypeScript compiles like any other file, so `tsc`,
 * jest and tsx need no build step of their own). Run `npm run build:grammar` after changing the
 * grammar; `grammar.test.ts` fails when the committed parser is not the grammar's.
 */
export const GRAMMAR_FILE = path.join(__dirname, '..', 'src', 'peopleDirectory', 'filter', 'filter.peggy');
export const PARSER_FILE = path.join(__dirname, '..', 'src', 'peopleDirectory', 'filter', 'filterParser.generated.ts');

/** The generated parser's source, as `npm run build:grammar` writes it. */
export function generatedParser(): string {
  const grammar = fs.readFileSync(GRAMMAR_FILE, 'utf8');
  const source = peggy.generate(grammar, { output: 'source', format: 'es', grammarSource: 'filter.peggy' });
  return `// @ts-nocheck\n/* eslint-disable */\n// Generated from filter.peggy by \`npm run build:grammar\` (scripts/build-grammar.ts): do not edit.\n${source}`;
}

if (require.main === module) {
  fs.writeFileSync(PARSER_FILE, generatedParser());
  process.stdout.write(`wrote ${path.relative(process.cwd(), PARSER_FILE)}\n`);
}
