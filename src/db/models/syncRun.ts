import { type CreationOptional, DataTypes, type InferAttributes, type InferCreationAttributes, Model, type Sequelize } from 'sequelize';

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

export function initSyncRun(sequelize: Sequelize): void {
  const common = { sequelize, underscored: true };
  const id = { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true };
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
}
