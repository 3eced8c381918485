import { type CreationOptional, DataTypes, type InferAttributes, type InferCreationAttributes, Model, type Sequelize } from 'sequelize';

export type SourceKind = 'ldap' | 'xml';

/** A place profile data comes from. Non-secret settings in `settings`; secrets only encrypted. */
export class DataSource extends Model<InferAttributes<DataSource>, InferCreationAttributes<DataSource>> {
  declare id: CreationOptional<string>;
  declare tenantId: string;
  declare kind: SourceKind;
  declare name: string;
  declare priority: number;
  declare enabled: CreationOptional<boolean>;
  declare settings: CreationOptional<Record<string, unknown>>;
  declare secretsEncrypted: string | null;
  declare schedule: string | null;
  declare incremental: CreationOptional<Record<string, unknown>>;
  declare writeBack: CreationOptional<boolean>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initDataSource(sequelize: Sequelize): void {
  const common = { sequelize, underscored: true };
  const id = { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true };
  DataSource.init(
    {
      id,
      tenantId: { type: DataTypes.BIGINT, allowNull: false },
      kind: { type: DataTypes.TEXT, allowNull: false },
      name: { type: DataTypes.TEXT, allowNull: false },
      priority: { type: DataTypes.INTEGER, allowNull: false },
      enabled: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
      settings: { type: DataTypes.JSONB, allowNull: false, defaultValue: {} },
      secretsEncrypted: { type: DataTypes.TEXT },
      schedule: { type: DataTypes.TEXT },
      incremental: { type: DataTypes.JSONB, allowNull: false, defaultValue: {} },
      writeBack: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { ...common, tableName: 'data_sources' },
  );
}
