import type { Express } from 'express';

/** One route the app serves: the method and Express's path pattern (`/rest/v1/categories/:id([0-9]{1,18})`). */
export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
}

type Layer = { route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: Layer[] } };

/**
 * Every route of the running app, walked from Express's router (routers mounted with `app.use`
 * included): the table the route-wide tests (OpenAPI coverage, fuzzing) iterate, so a new route is
 * covered without editing them.
 */
export function appRoutes(app: Express): Route[] {
  const found: Route[] = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const method of Object.keys(layer.route.methods)) found.push({ method: method.toUpperCase() as Route['method'], path: layer.route.path });
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack);
      }
    }
  };
  walk((app as unknown as { _router: { stack: Layer[] } })._router.stack);
  return found;
}

/** The REST v1 routes (`/rest/…`). */
export const restRoutes = (app: Express): Route[] => appRoutes(app).filter((r) => r.path.startsWith('/rest/'));

/** Express pattern → OpenAPI template: `/categories/:id([0-9]{1,18})` → `/categories/{id}`. */
export const openApiPath = (path: string): string => path.replace(/:(\w+)(\([^)]*\))?/g, '{$1}');

/** The route's path with each `:param` replaced by `values[param]`. */
export function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/:(\w+)(\([^)]*\))?/g, (_m, name: string) => {
    if (!(name in values)) throw new Error(`no value for :${name} in ${path}`);
    return values[name];
  });
}

/** Every served route as `METHOD /openapi/{template}`, once each (the route access table's keys). */
export const servedRoutes = (app: Express): string[] => [...new Set(appRoutes(app).map((r) => `${r.method} ${openApiPath(r.path)}`))];
