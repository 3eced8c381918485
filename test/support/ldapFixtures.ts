import crypto from 'node:crypto';
import { Attribute, Change, Client } from 'ldapts';
import { ldapFromEnv, type SlapdConnectionInfo } from './slapd';

/** A person to add to the test directory; attributes as LDAP names them. */
export interface LdapPerson {
  uid: string;
  cn: string;
  sn: string;
  mail?: string;
  title?: string;
  telephoneNumber?: string | string[];
  departmentNumber?: string;
  businessCategory?: string[];
  employeeType?: string;
  manager?: string;
  jpegPhoto?: Buffer;
  /** RDN attribute value override (defaults to `cn=<cn>`); give the escaped RDN, e.g. `cn=Doe\\, Jane`. */
  rdn?: string;
}

/**
 * A directory subtree of the run's slapd for one test: its own OU under ou=people, filled as the
 * admin (the rootdn), so tests stay independent.
 */
export class LdapFixture {
  readonly ldap: SlapdConnectionInfo = ldapFromEnv();
  readonly ou = `sync-${crypto.randomBytes(4).toString('hex')}`;
  readonly baseDn = `ou=${this.ou},${this.ldap.peopleDn}`;

  private async withAdmin<T>(use: (client: Client) => Promise<T>): Promise<T> {
    const client = new Client({ url: this.ldap.url });
    try {
      await client.bind(this.ldap.admin.dn, this.ldap.admin.password);
      return await use(client);
    } finally {
      await client.unbind();
    }
  }

  /** A `POST /rest/v1/sources` body for an LDAP source over this subtree, binding as `as`. */
  sourceBody(as: 'reader' | 'writer' = 'reader', name = 'Corp LDAP', settings: Record<string, unknown> = {}) {
    const creds = this.ldap[as];
    return {
      kind: 'ldap',
      name,
      settings: { url: this.ldap.url, bindDn: creds.dn, baseDn: this.ldap.baseDn, additionalUserDn: `ou=${this.ou},ou=people`, ...settings },
      bindPassword: creds.password,
    };
  }

  async create(): Promise<this> {
    await this.withAdmin((c) => c.add(this.baseDn, { objectClass: ['organizationalUnit'], ou: this.ou }));
    return this;
  }

  async addOu(name: string): Promise<string> {
    const dn = `ou=${name},${this.baseDn}`;
    await this.withAdmin((c) => c.add(dn, { objectClass: ['organizationalUnit'], ou: name }));
    return dn;
  }

  dnOf(person: Pick<LdapPerson, 'cn' | 'rdn'>, parent = this.baseDn): string {
    return `${person.rdn ?? `cn=${person.cn}`},${parent}`;
  }

  async add(person: LdapPerson, parent = this.baseDn): Promise<string> {
    const dn = this.dnOf(person, parent);
    const attributes = [new Attribute({ type: 'objectClass', values: ['inetOrgPerson'] })];
    for (const key of ['uid', 'cn', 'sn', 'mail', 'title', 'telephoneNumber', 'departmentNumber', 'businessCategory', 'employeeType', 'manager', 'jpegPhoto'] as const) {
      const value = person[key];
      if (value !== undefined) attributes.push(new Attribute({ type: key, values: (Array.isArray(value) ? value : [value]) as string[] | Buffer[] }));
    }
    await this.withAdmin((c) => c.add(dn, attributes));
    return dn;
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

  async move(dn: string, newRdn: string, newParent: string): Promise<string> {
    const newDn = `${newRdn},${newParent}`;
    await this.withAdmin((c) => c.modifyDN(dn, newDn));
    return newDn;
  }

  async remove(dn: string): Promise<void> {
    await this.withAdmin((c) => c.del(dn));
  }
}
