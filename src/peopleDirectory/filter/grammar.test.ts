import fs from 'node:fs';
import { generatedParser, PARSER_FILE } from '../../../scripts/build-grammar';

it('the committed parser is the one filter.peggy gives (run `npm run build:grammar`)', () => {
  expect(fs.readFileSync(PARSER_FILE, 'utf8')).toBe(generatedParser());
});
