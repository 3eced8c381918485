import { type CreationOptional, DataTypes, type InferAttributes, type InferCreationAttributes, Model, type Sequelize } from 'sequelize';

/** A Confluence user of the tenant, as last read from Confluence. */
export class Account extends Model<InferAttributes<Account>, InferCreationAttributes<Account>> {
  declare tenantId: string;
  declare accountId: string;
  declare displayName: string | null;
  declare email: string | null;
  declare pictureUrl: string | null;
  declare accountType: string | null;
  declare active: CreationOptional<boolean>;
  declare refreshedAt: CreationOptional<Date>;
}

export function initAccount(sequelize: Sequelize): void {
  const common = { sequelize, underscored: true };
  Account.init(
    {
      tenantId: { type: DataTypes.BIGINT, primaryKey: true },
      accountId: { type: DataTypes.TEXT, primaryKey: true },
      displayName: { type: DataTypes.TEXT },
      email: { type: DataTypes.TEXT },
      pictureUrl: { type: DataTypes.TEXT },
      accountType: { type: DataTypes.TEXT },
      active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
      refreshedAt: { type: DataTypes.DATE, allowNull: false, defaultValue: DataTypes.NOW },
    },
    { ...common, tableName: 'accounts', timestamps: false },
  );
}
