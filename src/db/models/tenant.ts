import { type CreationOptional, DataTypes, type InferAttributes, type InferCreationAttributes, Model, type Sequelize } from 'sequelize';

export type TenantStatus = 'installed' | 'uninstalled';

/**
 * One Confluence site that installed the app (ACE's clientKey). `sharedSecretEncrypted` is only
 * ever read through the ACE store adapter, which decrypts it for JWT checks.
 */
export class Tenant extends Model<InferAttributes<Tenant>, InferCreationAttributes<Tenant>> {
  declare id: CreationOptional<string>;
  declare clientKey: string;
  declare addonKey: string;
  declare baseUrl: string;
  declare displayUrl: string | null;
  declare productType: string;
  declare description: string | null;
  declare serverVersion: string | null;
  declare pluginsVersion: string | null;
  declare cloudId: string | null;
  declare oauthClientId: string | null;
  declare sharedSecretEncrypted: string;
  declare status: CreationOptional<TenantStatus>;
  declare installedAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
  declare uninstalledAt: Date | null;
}

export function initTenant(sequelize: Sequelize): void {
  Tenant.init(
    {
      id: { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true },
      clientKey: { type: DataTypes.TEXT, allowNull: false, unique: true },
      addonKey: { type: DataTypes.TEXT, allowNull: false },
      baseUrl: { type: DataTypes.TEXT, allowNull: false },
      displayUrl: { type: DataTypes.TEXT },
      productType: { type: DataTypes.TEXT, allowNull: false },
      description: { type: DataTypes.TEXT },
      serverVersion: { type: DataTypes.TEXT },
      pluginsVersion: { type: DataTypes.TEXT },
      cloudId: { type: DataTypes.TEXT },
      oauthClientId: { type: DataTypes.TEXT },
      sharedSecretEncrypted: { type: DataTypes.TEXT, allowNull: false },
      status: { type: DataTypes.TEXT, allowNull: false, defaultValue: 'installed' },
      installedAt: { type: DataTypes.DATE, allowNull: false, defaultValue: DataTypes.NOW },
      updatedAt: { type: DataTypes.DATE, allowNull: false },
      uninstalledAt: { type: DataTypes.DATE },
    },
    { sequelize, tableName: 'tenants', underscored: true, createdAt: false, updatedAt: 'updatedAt' },
  );
}
