import crypto from 'node:crypto';
import type { Sequelize } from 'sequelize';

/**
 * Makes PostgreSQL refuse some writes, as an outage would (SQLSTATE 08006, connection_failure):
 * a trigger of the test's own on a real table, refusing the first `times` rows that match `when`
 * (a trigger WHEN condition over OLD/NEW; INSERT triggers may only use NEW). Returns its removal.
 * Only what `when` matches is refused, so other tests (and tenants) are not disturbed.
 */
export async function refuseWrites(
  sequelize: Sequelize,
  options: { table: string; event: 'INSERT' | 'UPDATE' | 'INSERT OR UPDATE'; when: string; times?: number },
): Promise<() => Promise<void>> {
  const name = `test_refuse_${crypto.randomBytes(4).toString('hex')}`;
  const times = options.times ?? 1_000_000;
  await sequelize.query(`CREATE SEQUENCE ${name}`);
  await sequelize.query(`CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF nextval('${name}') <= ${times} THEN RAISE EXCEPTION 'the database is away (test)' USING ERRCODE = '08006'; END IF;
      RETURN NEW;
    END $$`);
  await sequelize.query(`CREATE TRIGGER ${name} BEFORE ${options.event} ON ${options.table} FOR EACH ROW WHEN (${options.when}) EXECUTE FUNCTION ${name}()`);
  let removed = false;
  return async () => {
    if (removed) return;
    removed = true;
    await sequelize.query(`DROP TRIGGER ${name} ON ${options.table}`);
    await sequelize.query(`DROP FUNCTION ${name}()`);
    await sequelize.query(`DROP SEQUENCE ${name}`);
  };
}
