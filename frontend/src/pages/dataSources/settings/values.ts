import type { FieldProblem } from '../../../api/errors';

/** A number input's value: undefined when empty; a problem (at `path`) when it is not a number. */
export function numberValue(raw: string, path: string, label: string, problems: FieldProblem[]): number | undefined {
  const typed = raw.trim();
  if (typed === '') return undefined;
  const n = Number(typed);
  if (!Number.isFinite(n)) {
    problems.push({ path, message: `${label} must be a number.` });
    return undefined;
  }
  return n;
}
