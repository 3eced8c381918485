import { type CreationOptional, DataTypes, type InferAttributes, type InferCreationAttributes, Model, type Sequelize } from 'sequelize';

export class ProfilePicture extends Model<InferAttributes<ProfilePicture>, InferCreationAttributes<ProfilePicture>> {
  declare tenantId: string;
  declare accountId: string;
  declare source: string;
  declare originalHash: string;
  /** The renditions' type (always image/jpeg), not the original's. */
  declare contentType: string;
  /** A directory's picture as it came (renditions are made from it on first request); null for uploads. */
  declare original: CreationOptional<Buffer | null>;
  /** Renditions: null until first requested, for a directory's picture (the database checks that a row has the original or all three). */
  declare size512: CreationOptional<Buffer | null>;
  declare size128: CreationOptional<Buffer | null>;
  declare size48: CreationOptional<Buffer | null>;
  declare updatedAt: CreationOptional<Date>;
}

export function initProfilePicture(sequelize: Sequelize): void {
  const common = { sequelize, underscored: true };
  ProfilePicture.init(
    {
      tenantId: { type: DataTypes.BIGINT, primaryKey: true },
      accountId: { type: DataTypes.TEXT, primaryKey: true },
      source: { type: DataTypes.TEXT, allowNull: false },
      originalHash: { type: DataTypes.TEXT, allowNull: false },
      contentType: { type: DataTypes.TEXT, allowNull: false },
      original: { type: DataTypes.BLOB },
      size512: { type: DataTypes.BLOB, field: 'size_512' },
      size128: { type: DataTypes.BLOB, field: 'size_128' },
      size48: { type: DataTypes.BLOB, field: 'size_48' },
      updatedAt: DataTypes.DATE,
    },
    { ...common, tableName: 'profile_pictures', createdAt: false },
  );
}
