import * as jwt from 'atlassian-jwt';
import type { Tenant } from '../db/models';
import { REPORT_PATH } from '../privacy/personalDataApi';
import { secretPlace, type SecretBox } from '../secrets';

/** Lifetime of the token of one report request. */
const TOKEN_SECONDS = 180;

/**
 * The `Authorization` of a Connect site's personal data report: a JWT signed with the site's
 * shared secret, as Connect signs its calls to the site (HS256, `iss` = the app key, `qsh` of
 * `POST /app/report-accounts/`, `aud` = the site's client key), sent only to the reporting API's
 * origin. ACE's own client signs only calls to the site itself, so Rollcall signs this one
 * (docs/PRIVACY.md).
 */
export function connectReportAuthorization(tenant: Tenant, secrets: SecretBox, now = Date.now()): string {
  if (tenant.kind !== 'connect' || !tenant.clientKey || !tenant.sharedSecretEncrypted) throw new Error(`Tenant ${tenant.id} is no Connect site`);
  const sharedSecret = secrets.decrypt(tenant.sharedSecretEncrypted, secretPlace.tenantSharedSecret(tenant.clientKey));
  const iat = Math.floor(now / 1000);
  const claims = { iss: tenant.addonKey, iat, exp: iat + TOKEN_SECONDS, qsh: jwt.createQueryStringHash(jwt.fromMethodAndUrl('POST', REPORT_PATH)), aud: [tenant.clientKey] };
  return `JWT ${jwt.encodeSymmetric(claims, sharedSecret, jwt.SymmetricAlgorithm.HS256)}`;
}
