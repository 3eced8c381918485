import { type CreationOptional, DataTypes, type InferAttributes, type InferCreationAttributes, Model, type Sequelize } from 'sequelize';

/** A group a category is restricted to, as Confluence names it. */
export interface GroupRef {
  id: string;
  name: string;
}

export class FieldCategory extends Model<InferAttributes<FieldCategory>, InferCreationAttributes<FieldCategory>> {
  declare id: CreationOptional<string>;
  declare tenantId: string;
  declare name: string;
  declare position: number;
  declare restrictedToGroups: GroupRef[];
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initFieldCategory(sequelize: Sequelize): void {
  const common = { sequelize, underscored: true };
  FieldCategory.init(
    {
      id: { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true },
      tenantId: { type: DataTypes.BIGINT, allowNull: false },
      name: { type: DataTypes.TEXT, allowNull: false },
      position: { type: DataTypes.INTEGER, allowNull: false },
      restrictedToGroups: { type: DataTypes.JSONB, allowNull: false, defaultValue: [] },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { ...common, tableName: 'field_categories' },
  );
}
