import { type CreationOptional, DataTypes, type InferAttributes, type InferCreationAttributes, Model, type Sequelize } from 'sequelize';

export type TenantStatus = 'installed' | 'uninstalled';

/** Which front a tenant installed through: a Connect site (client key) or a Forge installation. */
export type TenantKind = 'connect' | 'forge';

/**
 * One installation of the app: a Confluence site through Connect (ACE's clientKey), or a Forge
 * installation (`forgeInstallationId`, src/forge/). `sharedSecretEncrypted` is only ever read
 * through the ACE store adapter, which decrypts it for JWT checks; `forgeSystemTokenEncrypted`
 * only through `forge/tenants.ts`. A CHECK keeps each kind's columns filled (Connect: client key,
 * shared secret, base URL; Forge: installation id, cloud id, API base URL) and the other kind's empty.
 */
export class Tenant extends Model<InferAttributes<Tenant>, InferCreationAttributes<Tenant>> {
  declare id: CreationOptional<string>;
  declare kind: CreationOptional<TenantKind>;
  /** Connect's client key; null for a Forge tenant. */
  declare clientKey: string | null;
  declare addonKey: string;
  /** The site's base URL (`https://x.atlassian.net/wiki`); a Forge tenant learns it from its first page call. */
  declare baseUrl: string | null;
  declare displayUrl: string | null;
  declare productType: string;
  declare description: string | null;
  declare serverVersion: string | null;
  declare pluginsVersion: string | null;
  declare cloudId: string | null;
  declare oauthClientId: string | null;
  /** Connect only. */
  declare sharedSecretEncrypted: string | null;
  /** Forge: the installation ARI (`ari:cloud:ecosystem::installation/<uuid>`). */
  declare forgeInstallationId: string | null;
  declare forgeEnvironmentId: string | null;
  /** Forge: where the site's REST APIs are (`https://api.atlassian.com/ex/confluence/<cloudId>`). */
  declare apiBaseUrl: string | null;
  /** Forge: the latest app system token, encrypted (`secretPlace.forgeSystemToken`), and when it expires. */
  declare forgeSystemTokenEncrypted: string | null;
  declare forgeSystemTokenExpiresAt: Date | null;
  declare status: CreationOptional<TenantStatus>;
  declare installedAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
  declare uninstalledAt: Date | null;
}

export function initTenant(sequelize: Sequelize): void {
  Tenant.init(
    {
      id: { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true },
      kind: { type: DataTypes.TEXT, allowNull: false, defaultValue: 'connect' },
      clientKey: { type: DataTypes.TEXT, unique: true },
      addonKey: { type: DataTypes.TEXT, allowNull: false },
      baseUrl: { type: DataTypes.TEXT },
      displayUrl: { type: DataTypes.TEXT },
      productType: { type: DataTypes.TEXT, allowNull: false },
      description: { type: DataTypes.TEXT },
      serverVersion: { type: DataTypes.TEXT },
      pluginsVersion: { type: DataTypes.TEXT },
      cloudId: { type: DataTypes.TEXT },
      oauthClientId: { type: DataTypes.TEXT },
      sharedSecretEncrypted: { type: DataTypes.TEXT },
      forgeInstallationId: { type: DataTypes.TEXT, unique: true },
      forgeEnvironmentId: { type: DataTypes.TEXT },
      apiBaseUrl: { type: DataTypes.TEXT },
      forgeSystemTokenEncrypted: { type: DataTypes.TEXT },
      forgeSystemTokenExpiresAt: { type: DataTypes.DATE },
      status: { type: DataTypes.TEXT, allowNull: false, defaultValue: 'installed' },
      installedAt: { type: DataTypes.DATE, allowNull: false, defaultValue: DataTypes.NOW },
      updatedAt: { type: DataTypes.DATE, allowNull: false },
      uninstalledAt: { type: DataTypes.DATE },
    },
    { sequelize, tableName: 'tenants', underscored: true, createdAt: false, updatedAt: 'updatedAt' },
  );
}
