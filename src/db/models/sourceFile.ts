import { type CreationOptional, DataTypes, type InferAttributes, type InferCreationAttributes, Model, type Sequelize } from 'sequelize';

/** The file uploaded for an XML source; its bytes are the rows of `source_file_chunks` with its `fileId` (sync/sources/sourceFiles.ts). */
export class SourceFile extends Model<InferAttributes<SourceFile>, InferCreationAttributes<SourceFile>> {
  declare tenantId: string;
  declare sourceId: string;
  declare name: string;
  declare fileId: string;
  declare sha256: string;
  declare size: number;
  declare uploadedBy: string | null;
  declare uploadedAt: CreationOptional<Date>;
}

export function initSourceFile(sequelize: Sequelize): void {
  const common = { sequelize, underscored: true };
  SourceFile.init(
    {
      tenantId: { type: DataTypes.BIGINT, primaryKey: true },
      sourceId: { type: DataTypes.BIGINT, primaryKey: true },
      name: { type: DataTypes.TEXT, allowNull: false },
      fileId: { type: DataTypes.BIGINT, allowNull: false },
      sha256: { type: DataTypes.TEXT, allowNull: false },
      size: { type: DataTypes.INTEGER, allowNull: false },
      uploadedBy: { type: DataTypes.TEXT },
      uploadedAt: { type: DataTypes.DATE, allowNull: false, defaultValue: DataTypes.NOW },
    },
    { ...common, tableName: 'source_files', timestamps: false },
  );
}
