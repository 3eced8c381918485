import { checkPatternAgainst, detectPattern, formatDisplayDate, formatTimestamp, parseDisplayDate, parseGeneralizedTime, validatePattern } from './timestamps';

const may23 = new Date(Date.UTC(2016, 4, 23, 15, 0, 7, 250));

describe('timestamp patterns', () => {
  it('write the presets as Active Directory and OpenLDAP do', () => {
    expect(formatTimestamp(may23, 'yyyyMMddHHmmss.Z')).toBe('20160523150007.0Z');
    expect(formatTimestamp(may23, 'yyyyMMddHHmmssZ')).toBe('20160523150007Z');
    expect(formatTimestamp(may23, 'yyyyMMddHHmmss.SSSZ')).toBe('20160523150007.250Z');
  });

  it('refuse patterns that cannot write a timestamp, or would break the filter', () => {
    expect(validatePattern('yyyyMMddZ')).toBe('The timestamp pattern needs HH (e.g. yyyyMMddHHmmssZ)');
    expect(validatePattern('yyyyMMddHHmmss)Z')).toMatch(/reserve/);
    expect(validatePattern('yyyyMMddHHmmssZ')).toBeUndefined();
  });

  it('parse GeneralizedTime with fractions and offsets', () => {
    expect(parseGeneralizedTime('20160523150007Z')).toEqual(new Date(Date.UTC(2016, 4, 23, 15, 0, 7)));
    expect(parseGeneralizedTime('20160523150007.0Z')).toEqual(new Date(Date.UTC(2016, 4, 23, 15, 0, 7)));
    expect(parseGeneralizedTime('20160523170007+0200')).toEqual(new Date(Date.UTC(2016, 4, 23, 15, 0, 7)));
    expect(parseGeneralizedTime('yesterday')).toBeNull();
  });

  it('detect the preset from a real server value, and say when a pattern does not fit', () => {
    expect(detectPattern('20261126215301Z')).toBe('yyyyMMddHHmmssZ');
    expect(detectPattern('20261126215301.0Z')).toBe('yyyyMMddHHmmss.Z');
    expect(checkPatternAgainst('20261126215301Z', 'yyyyMMddHHmmssZ')).toBeUndefined();
    expect(checkPatternAgainst('20261126215301Z', 'yyyyMMddHHmmss.Z')).toBe(
      'The server writes timestamps like 20261126215301Z, but the pattern yyyyMMddHHmmss.Z writes 20261126215301.0Z: choose yyyyMMddHHmmssZ.',
    );
  });
});

describe('the "Last LDAP sync date"', () => {
  it('reads and writes dd-MM-yyyy HH:mm:ss in UTC', () => {
    expect(parseDisplayDate('23-05-2016 15:00:00')).toEqual(new Date(Date.UTC(2016, 4, 23, 15, 0, 0)));
    expect(formatDisplayDate(new Date(Date.UTC(2016, 4, 23, 15, 0, 0)))).toBe('23-05-2016 15:00:00');
  });

  it.each(['2016-05-23 15:00:00', '31-02-2016 10:00:00', '23-05-2016 25:00:00', '23-05-2016', ''])('refuses %j', (text) => {
    expect(parseDisplayDate(text)).toBeNull();
  });
});
