import { decodeXml, detachedString, XmlFormatError, xmlRecords } from './xml';

const doc = `<?xml version="1.0" encoding="UTF-8"?>
<identities>
  <identity id="1"><mail>ada@example.com</mail><department>IT</department><team/><phone>1</phone><phone>2</phone></identity>
  <identity id="2"><mail>zoë@example.com</mail><address><city>Zürich</city></address><note><![CDATA[a < b]]></note></identity>
</identities>`;

describe('xmlRecords', () => {
  it('cuts the document into records with every element and attribute by relative path', () => {
    const records = [...xmlRecords(decodeXml(Buffer.from(doc)), 'identities/identity')];
    expect(records.map((r) => r.index)).toEqual([1, 2]);
    expect(Object.fromEntries(records[0].values)).toEqual({ '@id': ['1'], mail: ['ada@example.com'], department: ['IT'], team: [''], phone: ['1', '2'] });
    expect(Object.fromEntries(records[1].values)).toMatchObject({ mail: ['zoë@example.com'], 'address/city': ['Zürich'], note: ['a < b'] });
    expect(records[1].line).toBe(4);
    expect([...xmlRecords(doc, 'identity')]).toHaveLength(2);
  });

  it('reports malformed XML with its line and column', () => {
    const broken = '<identities>\n  <identity><mail>x</identity>\n</identities>';
    expect(() => [...xmlRecords(broken, 'identity')]).toThrow(XmlFormatError);
    expect(() => [...xmlRecords(broken, 'identity')]).toThrow(/line 2, column \d+/);
  });

  it('refuses any DTD: external entities (XXE) and entity expansion never happen', () => {
    const xxe = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><identities><identity><mail>&e;</mail></identity></identities>';
    expect(() => [...xmlRecords(xxe, 'identity')]).toThrow(/A DTD .* is not allowed/);
    const laughs = '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><a><identity><mail>&lol2;</mail></identity></a>';
    expect(() => [...xmlRecords(laughs, 'identity')]).toThrow(/DTD/);
    expect(() => [...xmlRecords('<a><identity><mail>&undefined;</mail></identity></a>', 'identity')]).toThrow(XmlFormatError);
  });

  it('bounds nesting depth and size', () => {
    const deep = '<a>'.repeat(70) + '</a>'.repeat(70);
    expect(() => [...xmlRecords(deep, 'identity')]).toThrow(/nested deeper than 64 levels/);
    expect(() => decodeXml(Buffer.alloc(2048), { maxBytes: 1024 })).toThrow(/above the limit/);
  });
});

describe('decodeXml', () => {
  it('drops a UTF-8 byte-order mark', () => {
    expect(decodeXml(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<a>ü</a>')]))).toBe('<a>ü</a>');
  });

  it('honours the encoding declaration', () => {
    const latin1 = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><a>Zürich</a>', 'latin1');
    expect(decodeXml(latin1)).toContain('Zürich');
  });

  it('refuses bytes that are not valid in the encoding', () => {
    expect(() => decodeXml(Buffer.from([0x3c, 0x61, 0x3e, 0xff, 0xfe, 0x3c, 0x2f, 0x61, 0x3e]))).toThrow(/not valid UTF-8/);
  });
});

describe('detachedString', () => {
  it('copies any text unchanged: Latin-1, wider characters, surrogate pairs, the empty string', () => {
    const text = `${'x'.repeat(300_000)}ada@example.com|Zoë Åström|Łukasz 😀 Đorđe|`;
    for (const value of ['ada@example.com', 'Zoë Åström', 'Łukasz 😀 Đorđe', '']) {
      const start = text.indexOf(value);
      expect(detachedString(text.slice(start, start + value.length))).toBe(value);
    }
  });
});
