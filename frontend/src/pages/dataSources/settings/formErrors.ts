/**
 * Where a refused save's problems go: each next to the input its path names (or the closest input
 * above it: `settings.accountMatch.attribute`, then `settings.accountMatch`), the rest at the top
 * (`_form`). Pure; unit-tested in formErrors.test.ts.
 */
import { ApiError, type FieldProblem } from '../../../api/errors';
import type { Errors } from './controls';

/** The placeholder for a path: the longest prefix among `known`, or `_form`. */
export function errorTarget(path: string, known: readonly string[]): string {
  const parts = path ? path.split('.') : [];
  for (let n = parts.length; n > 0; n--) {
    const candidate = parts.slice(0, n).join('.');
    if (known.includes(candidate)) return candidate;
  }
  return '_form';
}

/** The problems placed at their inputs; several for one input are joined. */
export function placeProblems(problems: FieldProblem[], known: readonly string[]): Errors {
  const errors: Errors = {};
  for (const problem of problems) {
    const target = errorTarget(problem.path, known);
    errors[target] = errors[target] ? `${errors[target]} ${problem.message}` : problem.message;
  }
  return errors;
}

/**
 * A save's error as the form shows it: the problems the server names, or its message at the
 * input its code concerns (`duplicate_source` → `name`), or at the top.
 */
export function errorsOf(error: unknown, known: readonly string[], byCode: Record<string, string> = { duplicate_source: 'name' }): Errors {
  if (error instanceof ApiError && error.fieldProblems.length) return placeProblems(error.fieldProblems, known);
  const message = error instanceof Error ? error.message : 'Something went wrong.';
  const code = error instanceof ApiError ? byCode[error.code] : undefined;
  return { [code && known.includes(code) ? code : '_form']: message };
}
