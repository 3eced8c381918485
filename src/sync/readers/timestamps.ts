/**
 * LDAP timestamps for incremental sync: the "Last LDAP sync date" as admins read and type it
 * (`dd-MM-yyyy HH:mm:ss`, UTC), and the timestamp pattern that turns a mark into the value of a
 * `(modifyTimestamp>=…)` filter.
 *
 * Patterns use the letters of Linchpin User Profiles' settings: `yyyy MM dd HH mm ss` for the
 * date and time (UTC), `S`… for fraction digits, `Z` for the UTC designator "Z"; a `.` directly
 * before `Z` stands for a zero fraction (`.0Z`), as Active Directory writes GeneralizedTime.
 * Anything else is literal. Server values are parsed as GeneralizedTime (RFC 4517 §3.3.13).
 */

/** `yyyyMMddHHmmss.Z` → 20160523150000.0Z (Active Directory); `yyyyMMddHHmmssZ` → 20160523150000Z (OpenLDAP). */
export const TIMESTAMP_PRESETS = ['yyyyMMddHHmmss.Z', 'yyyyMMddHHmmssZ'] as const;

const TOKEN = /yyyy|MM|dd|HH|mm|ss|S+|\.Z|Z/g;
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Why a pattern cannot format a timestamp, or undefined when it can. */
export function validatePattern(pattern: string): string | undefined {
  if (!pattern.trim()) return 'The timestamp pattern must not be empty';
  for (const required of ['yyyy', 'MM', 'dd', 'HH', 'mm', 'ss']) {
    if (!pattern.includes(required)) return `The timestamp pattern needs ${required} (e.g. yyyyMMddHHmmssZ)`;
  }
  if (/[()*\\\0]/.test(pattern)) return 'The timestamp pattern must not contain ( ) * or \\, which LDAP filters reserve';
  return undefined;
}

/** The mark as the pattern writes it, in UTC. */
export function formatTimestamp(date: Date, pattern: string): string {
  return pattern.replace(TOKEN, (token) => {
    switch (token) {
      case 'yyyy':
        return String(date.getUTCFullYear());
      case 'MM':
        return pad(date.getUTCMonth() + 1);
      case 'dd':
        return pad(date.getUTCDate());
      case 'HH':
        return pad(date.getUTCHours());
      case 'mm':
        return pad(date.getUTCMinutes());
      case 'ss':
        return pad(date.getUTCSeconds());
      case '.Z':
        return '.0Z';
      case 'Z':
        return 'Z';
      default: // S…: milliseconds, cut or padded to the number of S
        return pad(date.getUTCMilliseconds(), 3).padEnd(token.length, '0').slice(0, token.length);
    }
  });
}

const GENERALIZED_TIME = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})?(\d{2})?(?:[.,](\d+))?(Z|[+-]\d{2}(?:\d{2})?)$/;

/** A server's GeneralizedTime (modifyTimestamp, whenChanged) as a Date, or null when it is not one. */
export function parseGeneralizedTime(value: string): Date | null {
  const m = GENERALIZED_TIME.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi = '00', s = '00', fraction, zone] = m;
  let ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (fraction) ms += Math.round(Number(`0.${fraction}`) * 1000);
  if (zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    ms -= sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5) || '0')) * 60_000;
  }
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The shape of what a pattern writes, to compare with a real server value (digits as \d). */
function shapeOf(text: string): string {
  return text.replace(/\d/g, '9');
}

/**
 * Whether the pattern writes timestamps the way this server does, judged on one real value.
 * Returns a message for people when it does not.
 */
export function checkPatternAgainst(serverValue: string, pattern: string): string | undefined {
  const parsed = parseGeneralizedTime(serverValue);
  if (!parsed) return `The server's timestamp "${serverValue}" is not a GeneralizedTime value.`;
  if (shapeOf(formatTimestamp(parsed, pattern)) === shapeOf(serverValue)) return undefined;
  const better = detectPattern(serverValue);
  return (
    `The server writes timestamps like ${serverValue}, but the pattern ${pattern} writes ${formatTimestamp(parsed, pattern)}` +
    (better ? `: choose ${better}.` : '.')
  );
}

/** The preset that writes timestamps shaped like this real server value, if one does. */
export function detectPattern(serverValue: string): string | undefined {
  const parsed = parseGeneralizedTime(serverValue);
  if (!parsed) return undefined;
  return TIMESTAMP_PRESETS.find((p) => shapeOf(formatTimestamp(parsed, p)) === shapeOf(serverValue));
}

const DISPLAY = /^(\d{2})-(\d{2})-(\d{4}) (\d{2}):(\d{2}):(\d{2})$/;

/** "23-05-2016 15:00:00" (UTC) → Date; null when the text is not such a date. */
export function parseDisplayDate(text: string): Date | null {
  const m = DISPLAY.exec(text.trim());
  if (!m) return null;
  const [, d, mo, y, h, mi, s] = m.map(Number);
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  const roundTrips =
    date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d && date.getUTCHours() === h && date.getUTCMinutes() === mi && date.getUTCSeconds() === s;
  return roundTrips ? date : null;
}

/** Date → "23-05-2016 15:00:00" (UTC). */
export function formatDisplayDate(date: Date): string {
  return `${pad(date.getUTCDate())}-${pad(date.getUTCMonth() + 1)}-${date.getUTCFullYear()} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
}
