/** A write-only password's state in a form, and what the request carries of it. Pure. */

export type PasswordMode = 'keep' | 'change' | 'remove' | 'set';
export interface PasswordState {
  mode: PasswordMode;
  value: string;
}

/** The start of a write-only password: kept when one is set, else an empty input. */
export function initialPassword(hasPassword: boolean): PasswordState {
  return { mode: hasPassword ? 'keep' : 'set', value: '' };
}

/**
 * What the request carries: undefined keeps the stored password, null removes it, a string sets
 * it; `{problem}` when it cannot be sent (Change chosen, nothing typed).
 */
export function passwordValue(state: PasswordState): string | null | undefined | { problem: string } {
  if (state.mode === 'keep') return undefined;
  if (state.mode === 'remove') return null;
  if (state.mode === 'change' && !state.value) return { problem: 'Enter the new password, or keep the current one.' };
  return state.value || undefined;
}
