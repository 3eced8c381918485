import type { Source } from '../../../../api/sources';
import { activeDirectoryPreset, collectLdap, ldapInitial, selectedPattern } from './ldapValues';

const source = {
  id: '7',
  kind: 'ldap',
  name: 'Corp',
  priority: 2,
  enabled: true,
  schedule: null,
  settings: { url: 'ldap://ldap', baseDn: 'dc=x', accountMatch: { kind: 'email', attribute: 'mail' }, pictureAttribute: 'photo', pictureWriteBack: true },
  incremental: { enabled: true, lastSyncDate: '23-05-2016 15:00:00', timestampPattern: 'yyyyMMddHHmmss.SSSZ', timestampAttribute: 'modifyTimestamp', overlapMinutes: 5, schedule: '*/15 * * * *', pendingFields: [] },
  hasBindPassword: true,
} as unknown as Source;

describe('the LDAP settings form', () => {
  it("starts from a new source's defaults", () => {
    const v = ldapInitial(null);
    expect(v).toMatchObject({ userFilter: '(objectClass=inetOrgPerson)', matchAttribute: 'mail', schedule: '0 */3 * * *', incSchedule: '*/15 * * * *', incEnabled: false, pageSize: '500', enabled: true, patternChoice: 'yyyyMMddHHmmssZ' });
  });

  it("starts from a saved source: another picture attribute and another pattern are 'other'", () => {
    const v = ldapInitial(source);
    expect(v).toMatchObject({ pictureChoice: 'other', pictureOther: 'photo', patternChoice: 'other', patternOther: 'yyyyMMddHHmmss.SSSZ', schedule: '', priority: '2' });
    expect(selectedPattern(v)).toBe('yyyyMMddHHmmss.SSSZ');
  });

  it('sends the whole settings, keeps the picture write-back and leaves a kept password out', () => {
    const { body, problems } = collectLdap(ldapInitial(source), { mode: 'keep', value: '' }, source);
    expect(problems).toEqual([]);
    expect(body).not.toHaveProperty('bindPassword');
    expect(body).not.toHaveProperty('kind');
    expect(body.settings).toMatchObject({ url: 'ldap://ldap', pictureAttribute: 'photo', pictureWriteBack: true, pageSize: 500 });
    expect(body.incremental).toMatchObject({ enabled: true, lastSyncDate: '23-05-2016 15:00:00', overlapMinutes: 5 });
  });

  it('sends null to remove the password, and says what is missing', () => {
    expect(collectLdap(ldapInitial(source), { mode: 'remove', value: '' }, source).body.bindPassword).toBeNull();
    const { problems } = collectLdap({ ...ldapInitial(null), name: ' ', pageSize: 'many', pictureChoice: 'other' }, { mode: 'change', value: '' }, null);
    expect(problems.map((p) => p.path)).toEqual(['settings.pictureAttribute', 'settings.pageSize', 'bindPassword', 'name']);
  });

  it('the Active Directory preset sends the AD filter, objectGUID, whenChanged with its pattern and thumbnailPhoto', () => {
    const v = { ...ldapInitial(source), incEnabled: true, ...activeDirectoryPreset() };
    const { body, problems } = collectLdap(v, { mode: 'keep', value: '' }, source);
    expect(problems).toEqual([]);
    expect(body.settings).toMatchObject({
      userFilter: '(&(objectCategory=person)(objectClass=user)(!(userAccountControl:1.2.840.113556.1.4.803:=2)))',
      idAttribute: 'objectGUID',
      pictureAttribute: 'thumbnailPhoto',
      url: 'ldap://ldap',
    });
    expect(body.incremental).toMatchObject({ timestampAttribute: 'whenChanged', timestampPattern: 'yyyyMMddHHmmss.Z' });
  });
});
