import tls from 'node:tls';
import { X509Certificate } from 'node:crypto';
import { ZodError } from 'zod';
import { ldapConnectionSchema, parseLdapConnectionSettings, parseLdapUrl, userSearchBase, validateCaCertificate } from './settings';

/** A real CA certificate that is valid today (Node's bundled store). */
const validCa = tls.rootCertificates.find((pem) => new Date(new X509Certificate(pem).validTo) > new Date()) as string;

describe('userSearchBase', () => {
  it('puts the additional user DN in front of the base DN', () => {
    expect(userSearchBase({ baseDn: 'dc=example,dc=com', additionalUserDn: 'ou=people' })).toBe('ou=people,dc=example,dc=com');
    expect(userSearchBase({ baseDn: 'dc=example,dc=com', additionalUserDn: ' ou=people, ' })).toBe('ou=people,dc=example,dc=com');
  });

  it('is the base DN when there is no additional user DN', () => {
    expect(userSearchBase({ baseDn: 'dc=example,dc=com' })).toBe('dc=example,dc=com');
    expect(userSearchBase({ baseDn: 'dc=example,dc=com', additionalUserDn: '  ' })).toBe('dc=example,dc=com');
  });
});

describe('validateCaCertificate', () => {
  it('accepts a valid PEM certificate, and a chain of them', () => {
    expect(validateCaCertificate(validCa)).toBeUndefined();
    expect(validateCaCertificate(`${validCa}\n${validCa}`)).toBeUndefined();
  });

  it.each([
    ['', /empty/],
    ['hello', /not a PEM certificate/],
    ['-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----', /not a valid X\.509 certificate/],
    ['-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----', /private key/],
  ])('refuses %j', (pem, message) => {
    expect(validateCaCertificate(pem)).toMatch(message);
  });

  it('says when a certificate has expired', () => {
    expect(validateCaCertificate(validCa, new Date('2300-01-01'))).toMatch(/expired on \d{4}-\d{2}-\d{2}/);
  });
});

describe('parseLdapUrl', () => {
  it('reads scheme, host and port, with the default ports', () => {
    expect(parseLdapUrl('ldap://ldap.example.com')).toEqual({ secure: false, host: 'ldap.example.com', port: 389 });
    expect(parseLdapUrl('ldaps://ldap.example.com')).toEqual({ secure: true, host: 'ldap.example.com', port: 636 });
    expect(parseLdapUrl('ldap://[::1]:3389')).toEqual({ secure: false, host: '::1', port: 3389 });
  });

  it.each([
    ['http://ldap.example.com', /ldap:\/\/ or ldaps:\/\//],
    ['ldap://ldap.example.com/dc=example,dc=com', /only scheme, host and port/],
    ['ldap://admin:secret@ldap.example.com', /must not hold a user or password/],
    ['ldap.example.com', /not a URL/],
  ])('refuses %s', (url, message) => {
    expect(parseLdapUrl(url)).toMatch(message);
  });
});

describe('ldapConnectionSchema', () => {
  const minimal = { url: 'ldap://ldap.example.com', baseDn: 'dc=example,dc=com', userFilter: '(objectClass=inetOrgPerson)' };

  it('fills in the defaults and turns empty optional fields into undefined', () => {
    expect(parseLdapConnectionSettings({ ...minimal, bindDn: '  ', additionalUserDn: '', caCertificate: '' })).toEqual({
      ...minimal,
      startTls: false,
      bindDn: undefined,
      additionalUserDn: undefined,
      caCertificate: undefined,
      idAttribute: undefined,
      pageSize: 500,
      connectTimeoutMs: 10_000,
      operationTimeoutMs: 60_000,
    });
  });

  it('explains every problem at once', () => {
    const result = ldapConnectionSchema.safeParse({
      ...minimal,
      url: 'ldaps://ldap.example.com',
      startTls: true,
      baseDn: 'dc=example,dc=com',
      additionalUserDn: 'ou=people,dc=example,dc=com',
      userFilter: '(&(objectClass=person)',
      idAttribute: 'entry UUID',
    });
    expect(result.success).toBe(false);
    const issues = (result as { error: ZodError }).error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^userFilter: .*unbalanced parenthesis/),
        expect.stringMatching(/^idAttribute: /),
      ]),
    );
    // The cross-field rules run once the fields themselves are valid.
    const crossField = ldapConnectionSchema.safeParse({ ...minimal, url: 'ldaps://ldap.example.com', startTls: true, additionalUserDn: 'ou=people,dc=example,dc=com' });
    const crossIssues = (crossField as { error: ZodError }).error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(crossIssues).toEqual([
      expect.stringMatching(/^startTls: StartTLS upgrades an ldap:\/\/ connection/),
      expect.stringMatching(/^additionalUserDn: .*relative to the base DN.*"ou=people"/),
    ]);
  });

  it('refuses a base DN that is not a DN', () => {
    const result = ldapConnectionSchema.safeParse({ ...minimal, baseDn: 'example.com' });
    expect((result as { error: ZodError }).error.issues[0]?.message).toMatch(/base DN is not a valid DN \(RFC 4514\): expected '='/);
  });
});
