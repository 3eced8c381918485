import { SourceFile, SyncRun, type DataSource } from '../../db/models';
import type { SecretBox } from '../../secrets';
import { siteImportDir, type XmlAccess } from '../readers/xmlReader';
import { getSource, listSources, readSecrets } from './sourceStore';

/**
 * A source as the Data Sources page shows it: its row, whether its secrets are set (never the
 * secrets themselves), its latest run, and for an XML source the file last uploaded.
 */
export interface SourceOverview {
  source: DataSource;
  /** LDAP: whether a bind password is stored. */
  hasBindPassword: boolean;
  /** XML from a URL: whether its user's password is stored. */
  hasPassword: boolean;
  /** The latest run (by start), or null when the source never ran. */
  lastRun: SyncRun | null;
  /** XML: the uploaded file (name, size, digest, time), or null when none was uploaded; always null for LDAP. */
  file: Pick<SourceFile, 'name' | 'size' | 'sha256' | 'uploadedAt'> | null;
}

/** What the page shows of `source` beyond its settings (see {@link SourceOverview}). */
export async function overviewOf(source: DataSource, box: SecretBox): Promise<SourceOverview> {
  const [lastRun, file] = await Promise.all([
    SyncRun.findOne({ where: { tenantId: source.tenantId, sourceId: source.id }, order: [['startedAt', 'DESC'], ['id', 'DESC']] }),
    source.kind === 'xml' ? SourceFile.findOne({ attributes: ['name', 'size', 'sha256', 'uploadedAt'], where: { tenantId: source.tenantId, sourceId: source.id } }) : null,
  ]);
  const stored = readSecrets(source, box);
  return { source, hasBindPassword: !!stored.bindPassword, hasPassword: !!stored.password, lastRun, file };
}

/** One of the tenant's sources with its overview; 404 for an unknown or another tenant's id. */
export async function sourceOverview(tenantId: string, sourceId: string, box: SecretBox): Promise<SourceOverview> {
  return overviewOf(await getSource(tenantId, sourceId), box);
}

/**
 * The tenant's sources by priority with their overviews, and the directory its XML files by path
 * are read from (for the form's hint; null when reading by path is off, XML_IMPORT_DIR unset).
 */
export async function listSourceOverviews(tenantId: string, box: SecretBox, xml: XmlAccess): Promise<{ sources: SourceOverview[]; importDirectory: string | null }> {
  const sources = await listSources(tenantId);
  const importDirectory = xml.importDir ? `${siteImportDir(xml.importDir, tenantId)}/` : null;
  return { sources: await Promise.all(sources.map((source) => overviewOf(source, box))), importDirectory };
}
