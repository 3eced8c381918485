/**
 * The page parameters of the directory's modules from a Forge context, beside those
 * `host/forge.ts` `pageParameters` reads: the People list macro's `query` and `columns`
 * (`extension.config`), and the People Directory's `q` when its address carries one
 * (`extension.location`, a shared link).
 */
export function directoryParameters(extension: { config?: Record<string, unknown> | null; location?: string | null } | null | undefined): Record<string, string> {
  const parameters: Record<string, string> = {};
  const config = extension?.config ?? {};
  if (typeof config.query === 'string') parameters.query = config.query;
  if (typeof config.columns === 'string') parameters.columns = config.columns;
  if (extension?.location) {
    try {
      const q = new URL(extension.location, 'https://site.invalid').searchParams.get('q');
      if (q) parameters.q = q;
    } catch {
      // no parameters from an address that is none
    }
  }
  return parameters;
}
