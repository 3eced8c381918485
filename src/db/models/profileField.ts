import { type CreationOptional, DataTypes, type InferAttributes, type InferCreationAttributes, Model, type Sequelize } from 'sequelize';

/** An option of a select field. Stored values hold the option's `id`, so renaming keeps them. */
export interface FieldOption {
  id: string;
  label: string;
  /** Retired options stay readable in stored values but are no longer offered. */
  retired: boolean;
}

export class ProfileField extends Model<InferAttributes<ProfileField>, InferCreationAttributes<ProfileField>> {
  declare id: CreationOptional<string>;
  declare tenantId: string;
  declare key: string;
  declare label: string;
  declare type: string;
  declare categoryId: string;
  declare helpText: CreationOptional<string>;
  declare position: number;
  declare required: CreationOptional<boolean>;
  declare shownInProfile: CreationOptional<boolean>;
  declare options: CreationOptional<FieldOption[]>;
  declare builtin: CreationOptional<boolean>;
  declare orgChartSuperior: CreationOptional<boolean>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initProfileField(sequelize: Sequelize): void {
  const common = { sequelize, underscored: true };
  ProfileField.init(
    {
      id: { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true },
      tenantId: { type: DataTypes.BIGINT, allowNull: false },
      key: { type: DataTypes.TEXT, allowNull: false },
      label: { type: DataTypes.TEXT, allowNull: false },
      type: { type: DataTypes.TEXT, allowNull: false },
      categoryId: { type: DataTypes.BIGINT, allowNull: false },
      helpText: { type: DataTypes.TEXT, allowNull: false, defaultValue: '' },
      position: { type: DataTypes.INTEGER, allowNull: false },
      required: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      shownInProfile: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
      options: { type: DataTypes.JSONB, allowNull: false, defaultValue: [] },
      builtin: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      orgChartSuperior: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { ...common, tableName: 'profile_fields' },
  );
}
