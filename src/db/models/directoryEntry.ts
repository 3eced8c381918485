import { type CreationOptional, DataTypes, type InferAttributes, type InferCreationAttributes, Model, type Sequelize } from 'sequelize';

/** One person in one source, identified by a stable id (entryUUID, objectGUID), never by DN. */
export class DirectoryEntry extends Model<InferAttributes<DirectoryEntry>, InferCreationAttributes<DirectoryEntry>> {
  declare id: CreationOptional<string>;
  declare tenantId: string;
  declare sourceId: string;
  declare externalId: string;
  declare dn: string;
  declare matchKey: string | null;
  declare accountId: string | null;
  declare values: CreationOptional<Record<string, unknown>>;
  declare contentHash: string;
  declare pictureHash: string | null;
  declare lastSeenRunId: string | null;
  declare goneAt: Date | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initDirectoryEntry(sequelize: Sequelize): void {
  const common = { sequelize, underscored: true };
  const id = { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true };
  DirectoryEntry.init(
    {
      id,
      tenantId: { type: DataTypes.BIGINT, allowNull: false },
      sourceId: { type: DataTypes.BIGINT, allowNull: false },
      externalId: { type: DataTypes.TEXT, allowNull: false },
      dn: { type: DataTypes.TEXT, allowNull: false },
      matchKey: { type: DataTypes.TEXT },
      accountId: { type: DataTypes.TEXT },
      values: { type: DataTypes.JSONB, allowNull: false, defaultValue: {} },
      contentHash: { type: DataTypes.TEXT, allowNull: false },
      pictureHash: { type: DataTypes.TEXT },
      lastSeenRunId: { type: DataTypes.BIGINT },
      goneAt: { type: DataTypes.DATE },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { ...common, tableName: 'directory_entries' },
  );
}
