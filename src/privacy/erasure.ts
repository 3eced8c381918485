import { QueryTypes, type Transaction } from 'sequelize';
import { Profile } from '../db/models';

/** What an erased account is called where a record must keep a subject (audit events). */
export const ERASED = 'erased-account';

export interface ErasureResult {
  /** Accounts of the list that Rollcall held anything of. */
  erased: number;
  /** Other people's profiles whose user fields named one of them. */
  referencesRemoved: number;
}

/**
 * Erases everything Rollcall holds of closed Atlassian accounts on one site, in one transaction:
 * their profiles, pictures (every rendition and the original), pending sync work and account rows
 * are deleted; directory entries stay (they are the company directory's records) but lose their
 * link to the account; other people's user fields that named them drop the name; audit events keep
 * what happened and when, not to whom or with which values: an erased person's own events keep the
 * keys of the fields that changed, their subject becomes {@link ERASED}, and the account id is
 * taken out of every event, run, file and setting that mentions it. The account id is a JSON string
 * wherever it is stored in JSON, so it is replaced as that token and nothing else.
 */
export async function eraseAccounts(tenantId: string, accountIds: readonly string[], transaction: Transaction): Promise<ErasureResult> {
  const ids = [...new Set(accountIds)];
  if (!ids.length) return { erased: 0, referencesRemoved: 0 };
  const sequelize = Profile.sequelize!;
  const run = (sql: string, bind: unknown[] = [tenantId, ids]) => sequelize.query(sql, { bind, transaction });

  const held = await sequelize.query<{ account_id: string }>(
    `SELECT account_id FROM accounts WHERE tenant_id = $1 AND account_id = ANY($2)
     UNION SELECT account_id FROM profiles WHERE tenant_id = $1 AND account_id = ANY($2)
     UNION SELECT account_id FROM profile_pictures WHERE tenant_id = $1 AND account_id = ANY($2)`,
    { bind: [tenantId, ids], type: QueryTypes.SELECT, transaction },
  );

  await run('DELETE FROM profiles WHERE tenant_id = $1 AND account_id = ANY($2)');
  await run('DELETE FROM profile_pictures WHERE tenant_id = $1 AND account_id = ANY($2)');
  await run('DELETE FROM pending_profiles WHERE tenant_id = $1 AND account_id = ANY($2)');
  await run('DELETE FROM accounts WHERE tenant_id = $1 AND account_id = ANY($2)');
  await run('UPDATE directory_entries SET account_id = NULL, updated_at = now() WHERE tenant_id = $1 AND account_id = ANY($2)');
  const referencesRemoved = await removeReferences(tenantId, ids, transaction);

  // Their own events: what happened stays (the action, the time, which fields), the values go.
  await run(
    `UPDATE audit_events SET subject_id = '${ERASED}',
       details = jsonb_build_object('erased', true) || CASE WHEN jsonb_typeof(details -> 'fields') = 'object'
         THEN jsonb_build_object('fields', (SELECT COALESCE(jsonb_agg(k ORDER BY k), '[]'::jsonb) FROM jsonb_object_keys(details -> 'fields') AS k))
         ELSE '{}'::jsonb END
     WHERE tenant_id = $1 AND subject_type = 'profile' AND subject_id = ANY($2)`,
  );
  await run('UPDATE audit_events SET actor_account_id = NULL WHERE tenant_id = $1 AND actor_account_id = ANY($2)');
  await run('UPDATE sync_runs SET started_by = NULL WHERE tenant_id = $1 AND started_by = ANY($2)');
  await run('UPDATE source_files SET uploaded_by = NULL WHERE tenant_id = $1 AND uploaded_by = ANY($2)');
  for (const id of ids) {
    const token = JSON.stringify(id);
    const bind = [tenantId, `%${likeEscape(token)}%`, token, JSON.stringify(ERASED)];
    // Any other mention in JSON (a user field's before/after in someone else's event, a migration report).
    await run(`UPDATE audit_events SET details = replace(details::text, $3, $4)::jsonb WHERE tenant_id = $1 AND details::text LIKE $2`, bind);
    await run(`UPDATE tenant_settings SET value = replace(value::text, $3, $4)::jsonb WHERE tenant_id = $1 AND value::text LIKE $2`, bind);
    await run(`UPDATE sync_runs SET counts = replace(counts::text, $3, $4)::jsonb, progress = replace(progress::text, $3, $4)::jsonb WHERE tenant_id = $1 AND (counts::text LIKE $2 OR progress::text LIKE $2)`, bind);
  }
  return { erased: held.length, referencesRemoved };
}

/** Removes the accounts from every user and multi-user field of the site's other profiles; returns how many profiles changed. */
async function removeReferences(tenantId: string, ids: string[], transaction: Transaction): Promise<number> {
  const gone = new Set(ids);
  const sequelize = Profile.sequelize!;
  const rows = await sequelize.query<{ id: string }>(
    `SELECT p.id FROM profiles p WHERE p.tenant_id = $1 AND EXISTS (
       SELECT 1 FROM jsonb_each(p.values) AS v
       WHERE (jsonb_typeof(v.value) = 'string' AND v.value #>> '{}' = ANY($2)) OR (jsonb_typeof(v.value) = 'array' AND v.value ?| $2))`,
    { bind: [tenantId, ids], type: QueryTypes.SELECT, transaction },
  );
  if (!rows.length) return 0;
  const candidates = await Profile.findAll({ where: { tenantId, id: rows.map((r) => r.id) }, transaction, lock: transaction.LOCK.UPDATE });
  let changed = 0;
  for (const profile of candidates) {
    const values = { ...profile.values };
    const valueSources = { ...profile.valueSources };
    let touched = false;
    for (const [key, value] of Object.entries(values)) {
      if (typeof value === 'string' && gone.has(value)) {
        delete values[key];
        delete valueSources[key];
        touched = true;
      } else if (Array.isArray(value) && value.some((v) => typeof v === 'string' && gone.has(v))) {
        const kept = value.filter((v) => !(typeof v === 'string' && gone.has(v)));
        if (kept.length) values[key] = kept;
        else {
          delete values[key];
          delete valueSources[key];
        }
        touched = true;
      }
    }
    if (!touched) continue;
    await profile.update({ values, valueSources, version: profile.version + 1 }, { transaction });
    changed++;
  }
  return changed;
}

function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
