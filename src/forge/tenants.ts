import { decodeJwt } from 'jose';
import { Op } from 'sequelize';
import { Tenant } from '../db/models';
import { ensureDefaultFields } from '../profiles/defaults';
import { secretPlace, type SecretBox } from '../secrets';
import type { ForgeInvocation } from './fit';

/**
 * Forge tenants: one per installation (`app.installationId`), in the `tenants` table beside
 * Connect's (kind `forge`, no client key). A Forge tenant and a Connect tenant of the same site are
 * two tenants with their own data: nothing links an installation to a client key unless Connect's
 * lifecycle is kept in the manifest, which Rollcall (never on the Marketplace) cannot do.
 */

/** A system token is stored again once the one offered expires this much later than the stored one. */
const TOKEN_REFRESH_MS = 5 * 60_000;

/** Lifetime assumed for a system token whose expiry cannot be read (Forge: "at least 55 minutes"). */
const TOKEN_ASSUMED_LIFETIME_MS = 50 * 60_000;

/** A system token with less than this left is not used for a background call. */
const TOKEN_MARGIN_MS = 60_000;
/**
 * The longest a stored system token is taken to live, whatever its (unverified) `exp` claims:
 * Forge's last only about an hour, so a claimed later expiry cannot pin a token.
 */
const TOKEN_MAX_LIFETIME_MS = 60 * 60_000;

export class ForgeTenants {
  constructor(private readonly secrets: SecretBox) {}

  /**
   * A verified `installed` or `upgraded` event: creates the tenant, or updates it and marks it
   * installed again (a re-install after an uninstall). Idempotent: Forge retries events. The
   * default profile fields are made on the first install.
   */
  async install(invocation: ForgeInvocation): Promise<Tenant | null> {
    // An installation is one site in one environment: a token naming it with another is not acted on.
    const known = await Tenant.findOne({ where: { forgeInstallationId: invocation.installationId } });
    if (known && !this.matches(known, invocation)) return null;
    return Tenant.sequelize!.transaction(async (transaction) => {
      const [row] = await Tenant.upsert(
        {
          kind: 'forge',
          forgeInstallationId: invocation.installationId,
          addonKey: invocation.appId,
          productType: 'confluence',
          cloudId: invocation.cloudId,
          apiBaseUrl: invocation.apiBaseUrl,
          forgeEnvironmentId: invocation.environmentId,
          status: 'installed',
          uninstalledAt: null,
        },
        { conflictFields: ['forge_installation_id'] as never, returning: true, transaction },
      );
      await ensureDefaultFields(String(row.id), transaction);
      return row;
    });
  }

  /**
   * A verified call for an installation Rollcall does not know (its `installed` event never got
   * through): the token proves the installation, so it becomes a tenant. An uninstalled one stays
   * uninstalled (only an `installed` event brings it back). Returns the installed tenant, or null.
   */
  async adopt(invocation: ForgeInvocation): Promise<Tenant | null> {
    const known = await Tenant.findOne({ where: { forgeInstallationId: invocation.installationId } });
    if (known) return this.matches(known, invocation) && known.status === 'installed' ? known : null;
    return this.install(invocation);
  }

  /** The installed tenant of a verified call, or null (unknown, uninstalled, or the token names another site or environment). */
  async findInstalled(invocation: ForgeInvocation): Promise<Tenant | null> {
    const tenant = await Tenant.findOne({ where: { kind: 'forge', forgeInstallationId: invocation.installationId, status: 'installed' } });
    return tenant && this.matches(tenant, invocation) ? tenant : null;
  }

  /**
   * A verified uninstall (`preUninstall`): the tenant is marked uninstalled exactly like a Connect
   * site (data kept, tokens refused) and its stored system token dropped.
   */
  async uninstall(invocation: ForgeInvocation): Promise<boolean> {
    const tenant = await Tenant.findOne({ where: { kind: 'forge', forgeInstallationId: invocation.installationId } });
    if (!tenant || !this.matches(tenant, invocation)) return false;
    const [count] = await Tenant.update(
      { status: 'uninstalled', uninstalledAt: new Date(), forgeSystemTokenEncrypted: null, forgeSystemTokenExpiresAt: null },
      { where: { id: tenant.id } },
    );
    return count > 0;
  }

  /**
   * Keeps the system token one of Forge's own deliveries brought (an event or the scheduled
   * trigger; never a page's call, whose headers the browser may set) — encrypted, bound to the
   * installation — when it lives noticeably longer than the stored one, so background syncs can
   * call Confluence between invocations. Also records a changed site URL or API base URL.
   */
  async remember(tenant: Tenant, invocation: ForgeInvocation, systemToken: string | undefined): Promise<void> {
    const changes: Partial<Pick<Tenant, 'baseUrl' | 'apiBaseUrl' | 'forgeSystemTokenEncrypted' | 'forgeSystemTokenExpiresAt'>> = {};
    if (invocation.siteUrl && tenant.baseUrl !== `${invocation.siteUrl}/wiki`) changes.baseUrl = `${invocation.siteUrl}/wiki`;
    if (tenant.apiBaseUrl !== invocation.apiBaseUrl) changes.apiBaseUrl = invocation.apiBaseUrl;
    if (systemToken) {
      const expiresAt = new Date(Math.min(tokenExpiry(systemToken).getTime(), Date.now() + TOKEN_MAX_LIFETIME_MS));
      const stored = tenant.forgeSystemTokenExpiresAt?.getTime() ?? 0;
      if (expiresAt.getTime() > stored + TOKEN_REFRESH_MS) {
        changes.forgeSystemTokenEncrypted = this.secrets.encrypt(systemToken, secretPlace.forgeSystemToken(invocation.installationId));
        changes.forgeSystemTokenExpiresAt = expiresAt;
      }
    }
    if (Object.keys(changes).length === 0) return;
    // Only a later token replaces the stored one (two instances may race).
    const newer = changes.forgeSystemTokenExpiresAt
      ? { [Op.or]: [{ forgeSystemTokenExpiresAt: null }, { forgeSystemTokenExpiresAt: { [Op.lt]: changes.forgeSystemTokenExpiresAt } }] }
      : {};
    await Tenant.update(changes, { where: { id: tenant.id, status: 'installed', ...newer } });
    Object.assign(tenant, changes);
  }

  /** The stored system token of an installed Forge tenant while it has a minute left, with its API base URL; else null. */
  async systemToken(tenant: Tenant): Promise<{ token: string; apiBaseUrl: string } | null> {
    const expires = tenant.forgeSystemTokenExpiresAt?.getTime() ?? 0;
    if (!tenant.forgeSystemTokenEncrypted || !tenant.apiBaseUrl || !tenant.forgeInstallationId || expires - Date.now() < TOKEN_MARGIN_MS) return null;
    try {
      return { token: this.secrets.decrypt(tenant.forgeSystemTokenEncrypted, secretPlace.forgeSystemToken(tenant.forgeInstallationId)), apiBaseUrl: tenant.apiBaseUrl };
    } catch {
      return null; // under a retired key, or moved from another row: the next invocation brings a new one
    }
  }

  /** The token's site and environment must be the installation's. */
  private matches(tenant: Tenant, invocation: ForgeInvocation): boolean {
    return tenant.cloudId === invocation.cloudId && (tenant.forgeEnvironmentId === null || invocation.environmentId === null || tenant.forgeEnvironmentId === invocation.environmentId);
  }
}

/** A Forge OAuth token's `exp` (it is a JWT; Rollcall only passes it on, so it is read unverified). */
function tokenExpiry(token: string): Date {
  try {
    const { exp } = decodeJwt(token);
    if (typeof exp === 'number') return new Date(exp * 1000);
  } catch {
    // not a JWT: assume the documented lifetime
  }
  return new Date(Date.now() + TOKEN_ASSUMED_LIFETIME_MS);
}
