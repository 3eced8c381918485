import type { Express } from 'express';

type Layer = { route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: Layer[] } };

/**
 * Every route the Express app serves, as `METHOD /path` with Express patterns turned into OpenAPI
 * templates (`/categories/:id([0-9]{1,18})` → `/categories/{id}`). Static file mounts are not routes.
 */
export function servedRoutes(app: Express): string[] {
  const found: string[] = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const method of Object.keys(layer.route.methods)) found.push(`${method.toUpperCase()} ${layer.route.path}`);
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack);
      }
    }
  };
  walk((app as unknown as { _router: { stack: Layer[] } })._router.stack);
  return [...new Set(found.map((r) => r.replace(/:(\w+)(\([^)]*\))?/g, '{$1}')))];
}
