import { Tenant, TenantSetting } from '../db/models';
import { ensureDefaultFields } from '../profiles/defaults';
import { secretPlace, type SecretBox } from '../secrets';

/** The lifecycle payload Confluence sends to `/installed` (the fields we keep). */
export interface ClientInfo {
  key: string;
  clientKey: string;
  sharedSecret: string;
  baseUrl: string;
  displayUrl?: string;
  productType: string;
  description?: string;
  serverVersion?: string;
  pluginsVersion?: string;
  cloudId?: string;
  oauthClientId?: string;
}

/** What the store hands back to ACE: the client info, plus our tenant id. */
export interface StoredClientInfo extends ClientInfo {
  tenantId: string;
}

/**
 * atlassian-connect-express's store interface, backed by our `tenants` table instead of ACE's own
 * tables. ACE reads `clientInfo` to verify JWTs and sign its calls to Confluence; the shared secret
 * is decrypted only here. Other keys ACE may keep (OAuth tokens) go to `tenant_settings`.
 *
 * Uninstalled tenants are invisible to ACE, so every token of theirs is refused.
 */
export class TenantStore {
  constructor(private readonly secrets: SecretBox) {}

  isMemoryStore(): boolean {
    return false;
  }

  async get(key: string, clientKey: string): Promise<unknown> {
    const tenant = await Tenant.findOne({ where: { clientKey, status: 'installed' } });
    if (!tenant) return null;
    if (key === 'clientInfo') return this.present(tenant);
    const setting = await TenantSetting.findOne({ where: { tenantId: tenant.id, key } });
    return setting ? setting.value : null;
  }

  async set(key: string, value: unknown, clientKey: string): Promise<unknown> {
    if (key === 'clientInfo') return this.saveInstallation(value as ClientInfo, clientKey);
    const tenant = await Tenant.findOne({ where: { clientKey, status: 'installed' } });
    if (!tenant) throw new Error(`Unknown tenant ${clientKey}`);
    await TenantSetting.upsert({ tenantId: tenant.id, key, value });
    return value;
  }

  async del(key: string, clientKey: string): Promise<void> {
    const tenant = await Tenant.findOne({ where: { clientKey } });
    if (!tenant) return;
    if (key === 'clientInfo') {
      await markUninstalled(clientKey);
      return;
    }
    await TenantSetting.destroy({ where: { tenantId: tenant.id, key } });
  }

  /**
   * Called by ACE after a verified `installed` hook: creates the tenant, or updates it on a
   * re-install (Confluence sends a new shared secret then). Returns the info without the secret,
   * because ACE logs what this returns.
   */
  async saveInstallation(info: ClientInfo, clientKey: string): Promise<Omit<StoredClientInfo, 'sharedSecret'>> {
    const values = {
      clientKey,
      addonKey: info.key,
      baseUrl: info.baseUrl,
      displayUrl: info.displayUrl ?? null,
      productType: info.productType,
      description: info.description ?? null,
      serverVersion: info.serverVersion ?? null,
      pluginsVersion: info.pluginsVersion ?? null,
      cloudId: info.cloudId ?? null,
      oauthClientId: info.oauthClientId ?? null,
      sharedSecretEncrypted: this.secrets.encrypt(info.sharedSecret, secretPlace.tenantSharedSecret(clientKey)),
      status: 'installed' as const,
      uninstalledAt: null,
    };
    const tenant = await Tenant.sequelize!.transaction(async (transaction) => {
      const [row] = await Tenant.upsert(values, { conflictFields: ['client_key'] as never, returning: true, transaction });
      // A first install gets the six default profile fields; a re-install keeps what the admin made of them.
      await ensureDefaultFields(String(row.id), transaction);
      return row;
    });
    const { sharedSecret: _secret, ...withoutSecret } = this.present(tenant);
    return withoutSecret;
  }

  async getAllClientInfos(): Promise<StoredClientInfo[]> {
    const tenants = await Tenant.findAll({ where: { kind: 'connect', status: 'installed' } });
    return tenants.map((t) => this.present(t));
  }

  // ACE's Forge association calls: Rollcall is a Connect-only app.
  async associateInstallations(): Promise<never> {
    throw new Error('Forge installations are not supported');
  }

  async deleteAssociation(): Promise<never> {
    throw new Error('Forge installations are not supported');
  }

  async getClientSettingsForForgeInstallation(): Promise<null> {
    return null;
  }

  forForgeInstallation(): never {
    throw new Error('Forge installations are not supported');
  }

  private present(tenant: Tenant): StoredClientInfo {
    return {
      tenantId: String(tenant.id),
      key: tenant.addonKey,
      // Only Connect tenants reach here (looked up by client key; a Forge tenant has none), and a
      // CHECK keeps these three filled for them.
      clientKey: tenant.clientKey!,
      sharedSecret: this.secrets.decrypt(tenant.sharedSecretEncrypted!, secretPlace.tenantSharedSecret(tenant.clientKey!)),
      baseUrl: tenant.baseUrl!,
      displayUrl: tenant.displayUrl ?? undefined,
      productType: tenant.productType,
      description: tenant.description ?? undefined,
      serverVersion: tenant.serverVersion ?? undefined,
      pluginsVersion: tenant.pluginsVersion ?? undefined,
      cloudId: tenant.cloudId ?? undefined,
      oauthClientId: tenant.oauthClientId ?? undefined,
    };
  }
}

/** Marks a tenant uninstalled (after a verified `uninstalled` hook). Its data stays; its tokens stop working. */
export async function markUninstalled(clientKey: string): Promise<boolean> {
  const [count] = await Tenant.update({ status: 'uninstalled', uninstalledAt: new Date() }, { where: { clientKey } });
  return count > 0;
}

/** The installed tenant's id for a client key, or null. */
export async function findInstalledTenantId(clientKey: string): Promise<string | null> {
  const tenant = await Tenant.findOne({ attributes: ['id'], where: { clientKey, status: 'installed' } });
  return tenant ? String(tenant.id) : null;
}
