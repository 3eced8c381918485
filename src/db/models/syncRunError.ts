import { type CreationOptional, DataTypes, type InferAttributes, type InferCreationAttributes, Model, type Sequelize } from 'sequelize';

export class SyncRunError extends Model<InferAttributes<SyncRunError>, InferCreationAttributes<SyncRunError>> {
  declare id: CreationOptional<string>;
  declare tenantId: string;
  declare runId: string;
  declare dn: string | null;
  declare externalId: string | null;
  declare reason: string;
  declare createdAt: CreationOptional<Date>;
}

export function initSyncRunError(sequelize: Sequelize): void {
  const common = { sequelize, underscored: true };
  const id = { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true };
  SyncRunError.init(
    {
      id,
      tenantId: { type: DataTypes.BIGINT, allowNull: false },
      runId: { type: DataTypes.BIGINT, allowNull: false },
      dn: { type: DataTypes.TEXT },
      externalId: { type: DataTypes.TEXT },
      reason: { type: DataTypes.TEXT, allowNull: false },
      createdAt: DataTypes.DATE,
    },
    { ...common, tableName: 'sync_run_errors', updatedAt: false },
  );
}
