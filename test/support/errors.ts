import { isErrorId, statusesOf } from '../../src/errors';

/**
 * Why an error answer is not one the catalogue (src/errors.ts) allows, or undefined when it is: its
 * `error` must be a catalogued id, answered with one of that id's statuses. The route-wide tests
 * (fuzz, routeAuth) ask it of every refusal, so a route that can answer an uncatalogued id fails.
 */
export function uncatalogued(res: { status: number; body?: { error?: unknown } }): string | undefined {
  const id = res.body?.error;
  if (!isErrorId(id)) return `error ${JSON.stringify(id)} is not in the catalogue of src/errors.ts`;
  if (!statusesOf(id).includes(res.status)) return `error ${id} came with ${res.status}; the catalogue says ${statusesOf(id).join(' or ')}`;
  return undefined;
}
