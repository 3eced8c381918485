import { type CreationOptional, DataTypes, type InferAttributes, type InferCreationAttributes, Model, type Sequelize } from 'sequelize';

/** One person's profile on one site: values keyed by field key, and where each value came from. */
export class Profile extends Model<InferAttributes<Profile>, InferCreationAttributes<Profile>> {
  declare id: CreationOptional<string>;
  declare tenantId: string;
  declare accountId: string;
  declare values: CreationOptional<Record<string, unknown>>;
  declare valueSources: CreationOptional<Record<string, string>>;
  declare version: CreationOptional<number>;
  /** Set when every source that filled this profile no longer has the person (values are kept). */
  declare leftDirectoryAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initProfile(sequelize: Sequelize): void {
  const common = { sequelize, underscored: true };
  Profile.init(
    {
      id: { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true },
      tenantId: { type: DataTypes.BIGINT, allowNull: false },
      accountId: { type: DataTypes.TEXT, allowNull: false },
      values: { type: DataTypes.JSONB, allowNull: false, defaultValue: {} },
      valueSources: { type: DataTypes.JSONB, allowNull: false, defaultValue: {} },
      version: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 1 },
      leftDirectoryAt: { type: DataTypes.DATE },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { ...common, tableName: 'profiles' },
  );
}
