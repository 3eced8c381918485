import { type CreationOptional, DataTypes, type InferAttributes, type InferCreationAttributes, Model, type Sequelize } from 'sequelize';

/** A key/value setting ACE keeps per tenant (anything but `clientInfo`, which lives in `tenants`). */
export class TenantSetting extends Model<InferAttributes<TenantSetting>, InferCreationAttributes<TenantSetting>> {
  declare tenantId: string;
  declare key: string;
  declare value: unknown;
  declare updatedAt: CreationOptional<Date>;
}

export function initTenantSetting(sequelize: Sequelize): void {
  TenantSetting.init(
    {
      tenantId: { type: DataTypes.BIGINT, primaryKey: true },
      key: { type: DataTypes.TEXT, primaryKey: true },
      value: { type: DataTypes.JSONB, allowNull: false },
      updatedAt: { type: DataTypes.DATE, allowNull: false },
    },
    { sequelize, tableName: 'tenant_settings', underscored: true, createdAt: false, updatedAt: 'updatedAt' },
  );
}
