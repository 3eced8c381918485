import type { Sequelize } from 'sequelize';
import { initTenantModels } from './tenant';

export { Tenant, TenantSetting, type TenantStatus } from './tenant';

/**
 * Binds every model to a Sequelize instance. Sequelize models are module-level classes, so one
 * process serves one database at a time (tests open one database per test file).
 */
export function initModels(sequelize: Sequelize): void {
  initTenantModels(sequelize);
}
