import type { Sequelize } from 'sequelize';
import { initProfileModels } from './profileSchema';
import { DataSource, initSourceModels } from './sources';
import { initTenantModels, Tenant } from './tenant';

export { Tenant, TenantSetting, type TenantStatus } from './tenant';
export {
  Account,
  DataSource,
  DirectoryEntry,
  FieldMapping,
  ProfilePicture,
  SourceFile,
  SyncRun,
  SyncRunError,
  type SourceKind,
  type SyncCounts,
  type SyncMode,
  type SyncStatus,
  type SyncTrigger,
} from './sources';
export { AuditEvent, FieldCategory, Profile, ProfileField, type FieldOption, type GroupRef } from './profileSchema';

/**
 * Binds every model to a Sequelize instance. Sequelize models are module-level classes, so one
 * process serves one database at a time (tests open one database per test file).
 */
export function initModels(sequelize: Sequelize): void {
  initTenantModels(sequelize);
  initProfileModels(sequelize);
  initSourceModels(sequelize);
  DataSource.belongsTo(Tenant, { as: 'tenant', foreignKey: 'tenantId' });
}
