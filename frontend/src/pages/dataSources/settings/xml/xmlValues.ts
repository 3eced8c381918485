/** The XML settings form's values and the request they make. Pure. */
import type { FieldProblem } from '../../../../api/errors';
import type { Source, SourceCreate, SourceUpdate } from '../../../../api/sources';
import { DEFAULT_SCHEDULE, type LocationKind } from '../../kinds';
import { passwordValue, type PasswordState } from '../PasswordField';
import { numberValue } from '../values';

export interface XmlValues {
  name: string;
  location: LocationKind;
  path: string;
  url: string;
  username: string;
  recordPath: string;
  matchPath: string;
  matchBy: 'email' | 'accountId';
  goneThresholdPercent: string;
  priority: string;
  enabled: boolean;
  schedule: string;
}

type XmlSettings = { location?: { kind?: LocationKind; path?: string; url?: string; username?: string }; recordPath?: string; matchPath?: string; matchBy?: string; goneThresholdPercent?: number };

export function xmlInitial(source: Source | null): XmlValues {
  const s = (source?.settings ?? {}) as XmlSettings;
  const location = s.location ?? { kind: 'upload' };
  return {
    name: source?.name ?? '',
    location: location.kind ?? 'upload',
    path: location.kind === 'path' ? (location.path ?? '') : '',
    url: location.kind === 'url' ? (location.url ?? '') : '',
    username: location.kind === 'url' ? (location.username ?? '') : '',
    recordPath: s.recordPath ?? 'identities/identity',
    matchPath: s.matchPath ?? (s.matchBy === 'accountId' ? '' : 'mail'),
    matchBy: s.matchBy === 'accountId' ? 'accountId' : 'email',
    goneThresholdPercent: String(s.goneThresholdPercent ?? 20),
    priority: source ? String(source.priority) : '',
    enabled: source ? source.enabled : true,
    schedule: source ? (source.schedule ?? '') : DEFAULT_SCHEDULE,
  };
}

/** The request; `file` is the export chosen to go up after the save (null for none). */
export function collectXml(v: XmlValues, password: PasswordState, file: File | null, creating: boolean): { body: SourceCreate & SourceUpdate; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const where: Record<string, string> = { kind: v.location };
  if (v.location === 'path') {
    where.path = v.path.trim();
    if (!where.path) problems.push({ path: 'settings.location.path', message: 'Enter the file’s path in the import directory.' });
  } else if (v.location === 'url') {
    where.url = v.url.trim();
    if (!where.url) problems.push({ path: 'settings.location.url', message: 'Enter the file’s https:// URL.' });
    if (v.username.trim()) where.username = v.username.trim();
  } else if (file && !file.size) problems.push({ path: 'file', message: 'The file is empty: choose the export itself.' });
  const settings: Record<string, unknown> = { location: where, recordPath: v.recordPath.trim(), matchPath: v.matchPath.trim(), matchBy: v.matchBy };
  if (!settings.recordPath) problems.push({ path: 'settings.recordPath', message: 'Enter the record element, e.g. identities/identity.' });
  if (!settings.matchPath) problems.push({ path: 'settings.matchPath', message: 'Enter the element or attribute holding the match key, e.g. mail.' });
  const percent = numberValue(v.goneThresholdPercent, 'settings.goneThresholdPercent', 'The safety threshold', problems);
  if (percent !== undefined) settings.goneThresholdPercent = percent;
  const body: Record<string, unknown> = { name: v.name.trim(), enabled: v.enabled, schedule: v.schedule.trim() || null, settings };
  if (creating) body.kind = 'xml';
  const priority = numberValue(v.priority, 'priority', 'The priority', problems);
  if (priority !== undefined) body.priority = priority;
  // The URL's password goes only with a URL (the stored one stays while another location is chosen).
  if (v.location === 'url') {
    const secret = passwordValue(password);
    if (secret && typeof secret === 'object') problems.push({ path: 'password', message: secret.problem });
    else if (secret !== undefined) body.password = secret;
  }
  if (!body.name) problems.push({ path: 'name', message: 'Give the source a name.' });
  return { body: body as SourceCreate & SourceUpdate, problems };
}
