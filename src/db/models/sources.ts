import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

export type SourceKind = 'ldap' | 'xml';
export type SyncMode = 'full' | 'incremental';
export type SyncTrigger = 'manual' | 'schedule';
export type SyncStatus = 'running' | 'succeeded' | 'failed' | 'refused';

/** The counts every sync run reports. */
export interface SyncCounts {
  seen: number;
  added: number;
  updated: number;
  unchanged: number;
  unmatched: number;
  failed: number;
  removed: number;
}

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

/** A Confluence user of the tenant, as last read from Confluence. */
export class Account extends Model<InferAttributes<Account>, InferCreationAttributes<Account>> {
  declare tenantId: string;
  declare accountId: string;
  declare displayName: string | null;
  declare email: string | null;
  declare pictureUrl: string | null;
  declare accountType: string | null;
  declare active: CreationOptional<boolean>;
  declare refreshedAt: CreationOptional<Date>;
}

export class SyncRun extends Model<InferAttributes<SyncRun>, InferCreationAttributes<SyncRun>> {
  declare id: CreationOptional<string>;
  declare tenantId: string;
  declare sourceId: string;
  declare mode: SyncMode;
  declare trigger: SyncTrigger;
  declare status: SyncStatus;
  declare startedAt: CreationOptional<Date>;
  declare finishedAt: Date | null;
  declare progress: CreationOptional<{ done?: number; total?: number; ratePerSecond?: number; phase?: string }>;
  declare counts: CreationOptional<Partial<SyncCounts>>;
  declare watermarks: CreationOptional<Record<string, unknown>>;
  declare message: string | null;
  declare startedBy: string | null;
}

export class SyncRunError extends Model<InferAttributes<SyncRunError>, InferCreationAttributes<SyncRunError>> {
  declare id: CreationOptional<string>;
  declare tenantId: string;
  declare runId: string;
  declare dn: string | null;
  declare externalId: string | null;
  declare reason: string;
  declare createdAt: CreationOptional<Date>;
}

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

/** The file uploaded for an XML source; its bytes are the rows of `source_file_chunks` with its `fileId` (sync/sourceFiles.ts). */
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

export function initSourceModels(sequelize: Sequelize): void {
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
  Account.init(
    {
      tenantId: { type: DataTypes.BIGINT, primaryKey: true },
      accountId: { type: DataTypes.TEXT, primaryKey: true },
      displayName: { type: DataTypes.TEXT },
      email: { type: DataTypes.TEXT },
      pictureUrl: { type: DataTypes.TEXT },
      accountType: { type: DataTypes.TEXT },
      active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
      refreshedAt: { type: DataTypes.DATE, allowNull: false, defaultValue: DataTypes.NOW },
    },
    { ...common, tableName: 'accounts', timestamps: false },
  );
  SyncRun.init(
    {
      id,
      tenantId: { type: DataTypes.BIGINT, allowNull: false },
      sourceId: { type: DataTypes.BIGINT, allowNull: false },
      mode: { type: DataTypes.TEXT, allowNull: false },
      trigger: { type: DataTypes.TEXT, allowNull: false },
      status: { type: DataTypes.TEXT, allowNull: false },
      startedAt: { type: DataTypes.DATE, allowNull: false, defaultValue: DataTypes.NOW },
      finishedAt: { type: DataTypes.DATE },
      progress: { type: DataTypes.JSONB, allowNull: false, defaultValue: {} },
      counts: { type: DataTypes.JSONB, allowNull: false, defaultValue: {} },
      watermarks: { type: DataTypes.JSONB, allowNull: false, defaultValue: {} },
      message: { type: DataTypes.TEXT },
      startedBy: { type: DataTypes.TEXT },
    },
    { ...common, tableName: 'sync_runs', timestamps: false },
  );
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
