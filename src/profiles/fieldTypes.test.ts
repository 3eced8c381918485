import { convertValue, convertibleTypes, validateValue } from './fieldTypes';

const options = [
  { id: 'o1', label: 'Red', retired: false },
  { id: 'o2', label: 'Blue', retired: true },
];

describe('validateValue', () => {
  it.each([
    ['text', '  Platform team  ', 'Platform team'],
    ['multiline', 'line 1\r\nline 2 https://example.com', 'line 1\nline 2 https://example.com'],
    ['email', 'ada@example.com', 'ada@example.com'],
    ['phone', '+41 (0)44 123 45 67 ext. 12', '+41 (0)44 123 45 67 ext. 12'],
    ['url', 'https://example.com/team?x=1', 'https://example.com/team?x=1'],
    ['number', '42.5', 42.5],
    ['number', -3, -3],
    ['date', '2024-02-29', '2024-02-29'],
    ['select', 'o1', 'o1'],
    ['multiselect', ['o1', 'o1'], ['o1']],
    ['user', '557058:f0e1d2c3', '557058:f0e1d2c3'],
    ['multiuser', ['a-1', 'b-2', 'a-1'], ['a-1', 'b-2']],
  ] as const)('accepts a %s value and normalises it', (type, raw, expected) => {
    expect(validateValue(type, raw, { options })).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['text', 'two\nlines', 'must be a single line'],
    ['text', 'x'.repeat(1001), 'must be at most 1000 characters'],
    ['email', 'ada@', 'must be an email address like name@example.com'],
    ['phone', 'call me', 'must be a phone number (digits, spaces, + - ( ) . /)'],
    ['url', 'javascript:alert(1)', 'must be a web address starting with http:// or https://'],
    ['url', 'example.com', 'must be a web address starting with http:// or https://'],
    ['number', 'twelve', 'must be a number'],
    ['date', '2023-02-29', 'must be a date as YYYY-MM-DD'],
    ['date', '29.02.2024', 'must be a date as YYYY-MM-DD'],
    ['select', 'o9', 'has no option "o9"'],
    ['select', 'o2', 'option "Blue" is retired'],
    ['multiselect', 'o1', 'must be a list of option ids'],
    ['user', 'not an id!', 'must be an Atlassian account id'],
    ['multiuser', 'a-1', 'must be a list of Atlassian account ids'],
  ] as const)('refuses a bad %s value: %j', (type, raw, message) => {
    expect(validateValue(type, raw, { options })).toEqual({ ok: false, message });
  });

  it('clears a field with an empty value', () => {
    for (const empty of [null, '', '   ', []]) expect(validateValue('text', empty)).toEqual({ ok: true, value: null });
  });

  it('keeps a retired option when re-checking a stored value', () => {
    expect(validateValue('select', 'o2', { options, allowRetired: true })).toEqual({ ok: true, value: 'o2' });
  });
});

describe('type changes', () => {
  it('allow text-like types among each other, and single/multi pairs', () => {
    expect(convertibleTypes('text')).toEqual(['multiline', 'email', 'phone', 'url', 'number', 'date']);
    expect(convertibleTypes('select')).toEqual(['multiselect']);
    expect(convertibleTypes('multiuser')).toEqual(['user']);
  });

  it('convert values that fit and say why others do not', () => {
    expect(convertValue('text', 'multiline', 'a')).toEqual({ ok: true, value: 'a' });
    expect(convertValue('multiline', 'text', 'a\nb')).toEqual({ ok: false, message: 'must be a single line' });
    expect(convertValue('number', 'text', 12)).toEqual({ ok: true, value: '12' });
    expect(convertValue('select', 'multiselect', 'o2', options)).toEqual({ ok: true, value: ['o2'] });
    expect(convertValue('multiselect', 'select', ['o1', 'o2'])).toEqual({ ok: false, message: 'holds more than one value' });
    expect(convertValue('multiuser', 'user', ['a-1'])).toEqual({ ok: true, value: 'a-1' });
    expect(convertValue('select', 'text', 'o1')).toEqual({ ok: false, message: 'a Single select field cannot become a Text field' });
  });
});
