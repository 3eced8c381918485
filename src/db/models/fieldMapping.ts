import { type CreationOptional, DataTypes, type InferAttributes, type InferCreationAttributes, Model, type Sequelize } from 'sequelize';

/** Which source attribute fills which profile field (and whether edits are written back). */
export class FieldMapping extends Model<InferAttributes<FieldMapping>, InferCreationAttributes<FieldMapping>> {
  declare id: CreationOptional<string>;
  declare tenantId: string;
  declare sourceId: string;
  declare fieldKey: string;
  declare attribute: string;
  declare writeBack: CreationOptional<boolean>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initFieldMapping(sequelize: Sequelize): void {
  const common = { sequelize, underscored: true };
  const id = { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true };
  FieldMapping.init(
    {
      id,
      tenantId: { type: DataTypes.BIGINT, allowNull: false },
      sourceId: { type: DataTypes.BIGINT, allowNull: false },
      fieldKey: { type: DataTypes.TEXT, allowNull: false },
      attribute: { type: DataTypes.TEXT, allowNull: false },
      writeBack: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { ...common, tableName: 'field_mappings' },
  );
}
