import type { Sequelize } from 'sequelize';
import { initAccount } from './account';
import { initAuditEvent } from './auditEvent';
import { DataSource, initDataSource } from './dataSource';
import { initDirectoryEntry } from './directoryEntry';
import { initFieldCategory } from './fieldCategory';
import { initFieldMapping } from './fieldMapping';
import { initProfile } from './profile';
import { initProfileField } from './profileField';
import { initProfilePicture } from './profilePicture';
import { initSourceFile } from './sourceFile';
import { initSyncRun } from './syncRun';
import { initSyncRunError } from './syncRunError';
import { initTenant, Tenant } from './tenant';
import { initTenantSetting } from './tenantSetting';

export { Account } from './account';
export { AuditEvent } from './auditEvent';
export { DataSource, type SourceKind } from './dataSource';
export { DirectoryEntry } from './directoryEntry';
export { FieldCategory, type GroupRef } from './fieldCategory';
export { FieldMapping } from './fieldMapping';
export { Profile } from './profile';
export { ProfileField, type FieldOption } from './profileField';
export { ProfilePicture } from './profilePicture';
export { SourceFile } from './sourceFile';
export { SyncRun, type SyncCounts, type SyncMode, type SyncStatus, type SyncTrigger } from './syncRun';
export { SyncRunError } from './syncRunError';
export { Tenant, type TenantKind, type TenantStatus } from './tenant';
export { TenantSetting } from './tenantSetting';

/**
 * Binds every model to a Sequelize instance (one model per file here, each with its `init…`).
 * Sequelize models are module-level classes, so one process serves one database at a time
 * (tests open one database per test file).
 */
export function initModels(sequelize: Sequelize): void {
  for (const init of [
    initTenant,
    initTenantSetting,
    initFieldCategory,
    initProfileField,
    initProfile,
    initAuditEvent,
    initDataSource,
    initFieldMapping,
    initAccount,
    initSyncRun,
    initSyncRunError,
    initDirectoryEntry,
    initSourceFile,
    initProfilePicture,
  ]) {
    init(sequelize);
  }
  DataSource.belongsTo(Tenant, { as: 'tenant', foreignKey: 'tenantId' });
}
