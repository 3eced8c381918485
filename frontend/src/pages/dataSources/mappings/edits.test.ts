import type { SavedMapping } from '../../../api/mappings';
import type { Source } from '../../../api/sources';
import { editsOf, hasChanges, mappingChanges, mappingsToSend, matchByOf, pendingFieldsOf, pictureAttributeOf, problemsByRow, rowProblems, savedStatus, writeBackUpdate } from './edits';

const FIELDS = [
  { key: 'phone', type: 'phone', label: 'Phone' },
  { key: 'position', type: 'text', label: 'Position' },
  { key: 'office', type: 'select', label: 'Office' },
  { key: 'manager', type: 'user', label: 'Manager' },
];

const saved = (fieldKey: string, attribute: string, writeBack = false) => ({ fieldKey, attribute, writeBack }) as unknown as SavedMapping;

/** A source as the server presents it, with what a test needs changed. */
function buildSource(overrides: Record<string, unknown> = {}): Source {
  return {
    id: '7',
    kind: 'ldap',
    name: 'Corp LDAP',
    writeBack: false,
    settings: { url: 'ldap://x', bindDn: 'cn=w', pictureAttribute: 'jpegPhoto', pictureWriteBack: false },
    incremental: { enabled: true, pendingFields: ['department'] },
    ...overrides,
  } as unknown as Source;
}

describe('the mappings the form sends', () => {
  it('sends each field with an attribute, trimmed, in the fields’ order; write-back only where the field and the source allow it', () => {
    const edits = { ...editsOf([saved('office', 'l', true), saved('phone', 'telephoneNumber')]), phone: { attribute: ' telephoneNumber ', writeBack: true }, position: { attribute: '', writeBack: true } };
    expect(mappingsToSend(FIELDS, edits, 'ldap')).toEqual([
      { fieldKey: 'phone', attribute: 'telephoneNumber', writeBack: true },
      { fieldKey: 'office', attribute: 'l', writeBack: false },
    ]);
    expect(mappingsToSend(FIELDS, edits, 'xml').every((m) => m.writeBack === false)).toBe(true);
  });

  it('tells what changed against what was loaded: added, changed (attribute in another case does not count), removed', () => {
    const loaded = [saved('phone', 'telephoneNumber'), saved('position', 'title'), saved('manager', 'manager')];
    const sent = [
      { fieldKey: 'phone', attribute: 'TelephoneNumber', writeBack: false },
      { fieldKey: 'position', attribute: 'title', writeBack: true },
      { fieldKey: 'office', attribute: 'l', writeBack: false },
    ];
    const changes = mappingChanges(loaded, sent);
    expect(changes).toEqual({ added: ['office'], changed: ['position'], removed: ['manager'] });
    expect(hasChanges(changes)).toBe(true);
    expect(hasChanges(mappingChanges(loaded, mappingsToSend(FIELDS, editsOf(loaded), 'ldap')))).toBe(false);
  });

  it('finds bad attribute names before sending, by row', () => {
    expect(rowProblems(FIELDS, { phone: { attribute: 'tele phone', writeBack: false }, position: { attribute: 'title', writeBack: false } }, 'ldap')).toEqual({
      phone: '"tele phone" must be an LDAP attribute name like mail or telephoneNumber',
    });
  });

  it("puts the server's problems next to the row they name, and the rest on the form", () => {
    const sent = [
      { fieldKey: 'phone', attribute: 'uid', writeBack: true },
      { fieldKey: 'position', attribute: 'title', writeBack: false },
    ];
    const problems = [
      { path: 'mappings.0.writeBack', message: '"Phone" cannot be written back to uid: it names the entry.' },
      { path: 'mappings.0.attribute', message: 'Another.' },
      { path: 'mappings.5.attribute', message: 'No such row.' },
      { path: 'mappings', message: 'Too many.' },
    ];
    expect(problemsByRow(problems, sent)).toEqual({ rows: { phone: '"Phone" cannot be written back to uid: it names the entry. Another.' }, form: ['No such row.', 'Too many.'] });
  });
});

describe("the source's write-back settings saved with the mappings", () => {
  it('sends nothing when the switch and the picture tick are as stored', () => {
    expect(writeBackUpdate(buildSource(), { writeBack: false, pictureWriteBack: false })).toBeNull();
  });

  it('sends the switch, and the whole settings with the picture tick', () => {
    expect(writeBackUpdate(buildSource(), { writeBack: true, pictureWriteBack: true })).toEqual({
      writeBack: true,
      settings: { url: 'ldap://x', bindDn: 'cn=w', pictureAttribute: 'jpegPhoto', pictureWriteBack: true },
    });
  });

  it('never sends a picture tick for a source without a picture attribute', () => {
    const source = buildSource({ settings: { url: 'ldap://x' } });
    expect(pictureAttributeOf(source)).toBeNull();
    expect(writeBackUpdate(source, { writeBack: false, pictureWriteBack: true })).toBeNull();
  });
});

describe('what the tab says', () => {
  const labels = { phone: 'Phone', position: 'Position' };
  it('counts the fields saved and names those written back while write-back is on', () => {
    const sent = [
      { fieldKey: 'phone', attribute: 'telephoneNumber', writeBack: true },
      { fieldKey: 'position', attribute: 'title', writeBack: false },
    ];
    expect(savedStatus(sent, labels, true)).toBe('2 fields mapped. Saved. Writes back to LDAP: Phone.');
    expect(savedStatus(sent, labels, false)).toBe('2 fields mapped. Saved.');
    expect(savedStatus([sent[1]], labels, true)).toBe('1 field mapped. Saved. Write-back is on, but no field is ticked.');
    expect(savedStatus([], labels, false)).toBe('Saved: no field is mapped.');
  });

  it('names the fields pending for the next incremental run only while incremental sync is on', () => {
    expect(pendingFieldsOf(buildSource())).toEqual(['department']);
    expect(pendingFieldsOf(buildSource({ incremental: { enabled: false, pendingFields: ['department'] } }))).toEqual([]);
    expect(pendingFieldsOf(buildSource({ kind: 'xml', incremental: undefined }))).toEqual([]);
  });

  it('reads how an XML source matches people', () => {
    expect([matchByOf(buildSource({ kind: 'xml', settings: { matchBy: 'accountId' } })), matchByOf(buildSource({ kind: 'xml', settings: {} }))]).toEqual(['accountId', 'email']);
  });
});
