import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Attribute, Change, type Client } from 'ldapts';
import { adClient, adFromEnv, guidString, SAMBA_ENV, unicodePwd, type AdAccount, type SambaConnectionInfo } from './samba';

const execFileAsync = promisify(execFile);

/** A person to add to the test domain; attributes as Active Directory names them. */
export interface AdPerson {
  /** sAMAccountName (the pre-Windows 2000 logon name) before the fixture's tag (`zoe` → `zoe.1a2b3c`); the CN too unless `cn` is given. */
  sam: string;
  cn?: string;
  givenName?: string;
  sn?: string;
  displayName?: string;
  mail?: string;
  /** Defaults to `<sam>@<realm>`; null: none. */
  userPrincipalName?: string | null;
  title?: string;
  department?: string;
  telephoneNumber?: string;
  /** The manager's DN. */
  manager?: string;
  thumbnailPhoto?: Buffer;
  /** userAccountControl's ACCOUNTDISABLE bit (2). */
  disabled?: boolean;
  /** Sets unicodePwd and so makes the account one that can bind. */
  password?: string;
}

/**
 * A subtree of the run's Samba DC for one test: its own OU below OU=people (the delegated OU),
 * filled as Administrator over LDAPS, so tests stay independent.
 */
export class AdFixture {
  readonly ad: SambaConnectionInfo = adFromEnv();
  /** sAMAccountName and userPrincipalName are unique in the domain: each fixture's carry its tag. */
  readonly tag = crypto.randomBytes(3).toString('hex');
  readonly ou = `sync-${this.tag}`;
  readonly baseDn = `OU=${this.ou},${this.ad.peopleDn}`;
  /** The additional user DN of a source over this subtree (relative to the domain's DN). */
  readonly additionalUserDn = `OU=${this.ou},${this.ad.peopleDn.slice(0, -this.ad.baseDn.length - 1)}`;

  async withAdmin<T>(use: (client: Client) => Promise<T>): Promise<T> {
    const client = await adClient(this.ad, this.ad.admin);
    try {
      return await use(client);
    } finally {
      await client.unbind().catch(() => undefined);
    }
  }

  /** The source settings of an LDAPS source over this subtree, binding as `who` (`dn`, `upn` or `downLevel` form). */
  settings(as: 'reader' | 'writer' = 'reader', form: 'dn' | 'upn' | 'downLevel' = 'upn', extra: Record<string, unknown> = {}) {
    return {
      url: this.ad.url,
      caCertificate: this.ad.caCertificate,
      bindDn: this.ad[as][form],
      baseDn: this.ad.baseDn,
      additionalUserDn: this.additionalUserDn,
      userFilter: AD_USER_FILTER,
      idAttribute: 'objectGUID',
      ...extra,
    };
  }

  account(as: 'reader' | 'writer'): AdAccount {
    return this.ad[as];
  }

  async create(): Promise<this> {
    await this.withAdmin((c) => c.add(this.baseDn, { objectClass: ['top', 'organizationalUnit'], ou: this.ou }));
    return this;
  }

  async addOu(name: string, parent = this.baseDn): Promise<string> {
    const dn = `OU=${name},${parent}`;
    await this.withAdmin((c) => c.add(dn, { objectClass: ['top', 'organizationalUnit'], ou: name }));
    return dn;
  }

  /** The sAMAccountName a person gets: theirs with the fixture's tag (at most 20 characters in AD). */
  samOf(person: Pick<AdPerson, 'sam'>): string {
    return `${person.sam}.${this.tag}`;
  }

  dnOf(person: Pick<AdPerson, 'sam' | 'cn'>, parent = this.baseDn): string {
    return `CN=${escapeRdnValue(person.cn ?? person.sam)},${parent}`;
  }

  /** Adds a user; AD fills objectGUID, objectSid, whenChanged, uSNChanged. */
  async add(person: AdPerson, parent = this.baseDn, client?: Client): Promise<string> {
    const dn = this.dnOf(person, parent);
    const attributes: Attribute[] = [
      new Attribute({ type: 'objectClass', values: ['top', 'person', 'organizationalPerson', 'user'] }),
      new Attribute({ type: 'sAMAccountName', values: [this.samOf(person)] }),
    ];
    const upn = person.userPrincipalName === undefined ? `${this.samOf(person)}@${this.ad.realm}` : person.userPrincipalName;
    if (upn) attributes.push(new Attribute({ type: 'userPrincipalName', values: [upn] }));
    for (const key of ['givenName', 'sn', 'displayName', 'mail', 'title', 'department', 'telephoneNumber', 'manager'] as const) {
      const value = person[key];
      if (value !== undefined) attributes.push(new Attribute({ type: key, values: [value] }));
    }
    if (person.thumbnailPhoto) attributes.push(new Attribute({ type: 'thumbnailPhoto', values: [person.thumbnailPhoto] }));
    if (person.password) attributes.push(new Attribute({ type: 'unicodePwd', values: [unicodePwd(person.password)] }));
    // NORMAL_ACCOUNT, plus PASSWD_NOTREQD without a password, plus ACCOUNTDISABLE.
    const uac = 0x200 | (person.password ? 0 : 0x20) | (person.disabled ? 0x2 : 0);
    attributes.push(new Attribute({ type: 'userAccountControl', values: [String(uac)] }));
    if (client) await client.add(dn, attributes);
    else await this.withAdmin((c) => c.add(dn, attributes));
    return dn;
  }

  /**
   * Adds many users at once with `ldbadd` on the DC's database (as the DC's own tools do): about
   * 10 ms a user where an LDAP add takes 35. AD fills objectGUID, whenChanged and uSNChanged as for
   * an LDAP add. Text attributes only. Returns the DNs in order.
   */
  async bulkAdd(people: AdPerson[], parent = this.baseDn): Promise<string[]> {
    const dns = people.map((p) => this.dnOf(p, parent));
    const line = (name: string, value: string) => (/^[\x20-\x7e]*$/.test(value) && !/^[ :<]/.test(value) ? `${name}: ${value}` : `${name}:: ${Buffer.from(value, 'utf8').toString('base64')}`);
    const ldif = people
      .map((person, i) => {
        const lines = [line('dn', dns[i]!), 'objectClass: user', line('sAMAccountName', this.samOf(person)), line('userPrincipalName', `${this.samOf(person)}@${this.ad.realm}`)];
        for (const key of ['givenName', 'sn', 'displayName', 'mail', 'title', 'department', 'telephoneNumber', 'manager'] as const) {
          const value = person[key];
          if (value !== undefined) lines.push(line(key, value));
        }
        lines.push(`userAccountControl: ${0x200 | 0x20 | (person.disabled ? 0x2 : 0)}`);
        return `${lines.join('\n')}\n`;
      })
      .join('\n');
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'rollcall-ad-bulk-'));
    try {
      const file = path.join(dir, 'people.ldif');
      await fs.writeFile(file, ldif);
      await execFileAsync('ldbadd', ['-H', this.ad.samLdb, file], { env: SAMBA_ENV, maxBuffer: 64 * 1024 * 1024 });
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
    return dns;
  }

  async modify(dn: string, changes: Record<string, string | string[] | Buffer | null>): Promise<void> {
    await this.withAdmin((c) =>
      c.modify(
        dn,
        Object.entries(changes).map(
          ([type, value]) =>
            new Change({
              operation: value === null ? 'delete' : 'replace',
              modification: new Attribute({ type, values: value === null ? [] : ((Array.isArray(value) ? value : [value]) as string[] | Buffer[]) }),
            }),
        ),
      ),
    );
  }

  /** Sets or clears the ACCOUNTDISABLE bit. */
  async setDisabled(dn: string, disabled: boolean): Promise<void> {
    const uac = Number((await this.read(dn, ['userAccountControl'])).userAccountControl);
    await this.modify(dn, { userAccountControl: String(disabled ? uac | 0x2 : uac & ~0x2) });
  }

  async move(dn: string, newRdn: string, newParent: string): Promise<string> {
    const newDn = `${newRdn},${newParent}`;
    await this.withAdmin((c) => c.modifyDN(dn, newDn));
    return newDn;
  }

  async remove(dn: string): Promise<void> {
    await this.withAdmin((c) => c.del(dn));
  }

  /** One entry's attributes as the administrator reads them (binary ones as Buffers). */
  async read(dn: string, attributes: string[]): Promise<Record<string, string | string[] | Buffer | Buffer[]>> {
    return this.withAdmin(async (c) => {
      const { searchEntries } = await c.search(dn, { scope: 'base', attributes, explicitBufferAttributes: ['objectGUID', 'thumbnailPhoto', 'objectSid'] });
      return searchEntries[0] as Record<string, string | string[] | Buffer | Buffer[]>;
    });
  }

  async guidOf(dn: string): Promise<string> {
    return guidString((await this.read(dn, ['objectGUID'])).objectGUID as Buffer);
  }

  async addGroup(name: string, members: string[], parent = this.baseDn): Promise<string> {
    const dn = `CN=${escapeRdnValue(name)},${parent}`;
    await this.withAdmin((c) =>
      c.add(dn, { objectClass: ['top', 'group'], sAMAccountName: `${name}.${this.tag}`, ...(members.length ? { member: members } : {}) }),
    );
    return dn;
  }
}

/** The filter the "Active Directory" preset fills in: people, and not disabled accounts. */
export const AD_USER_FILTER = '(&(objectCategory=person)(objectClass=user)(!(userAccountControl:1.2.840.113556.1.4.803:=2)))';

function escapeRdnValue(value: string): string {
  return value.replace(/([,+"\\<>;=#])/g, '\\$1').replace(/^ | $/g, '\\ ');
}
