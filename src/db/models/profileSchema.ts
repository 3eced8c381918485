import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

/** A group a category is restricted to, as Confluence names it. */
export interface GroupRef {
  id: string;
  name: string;
}

/** An option of a select field. Stored values hold the option's `id`, so renaming keeps them. */
export interface FieldOption {
  id: string;
  label: string;
  /** Retired options stay readable in stored values but are no longer offered. */
  retired: boolean;
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

export class AuditEvent extends Model<InferAttributes<AuditEvent>, InferCreationAttributes<AuditEvent>> {
  declare id: CreationOptional<string>;
  declare tenantId: string;
  declare actorAccountId: string | null;
  declare action: string;
  declare subjectType: string;
  declare subjectId: string;
  declare details: CreationOptional<Record<string, unknown>>;
  declare createdAt: CreationOptional<Date>;
}

export function initProfileModels(sequelize: Sequelize): void {
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
  AuditEvent.init(
    {
      id: { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true },
      tenantId: { type: DataTypes.BIGINT, allowNull: false },
      actorAccountId: { type: DataTypes.TEXT },
      action: { type: DataTypes.TEXT, allowNull: false },
      subjectType: { type: DataTypes.TEXT, allowNull: false },
      subjectId: { type: DataTypes.TEXT, allowNull: false },
      details: { type: DataTypes.JSONB, allowNull: false, defaultValue: {} },
      createdAt: DataTypes.DATE,
    },
    { ...common, tableName: 'audit_events', updatedAt: false },
  );
}
