import { useCallback, useEffect, useRef, useState } from 'react';
import type { FieldProblem } from '../../../api/errors';
import type { Errors } from './controls';
import { errorsOf, placeProblems } from './formErrors';

/** Every input path a settings form shows an error at (a problem elsewhere goes to the top). */
export const KNOWN_PATHS = [
  'name',
  'settings.url',
  'settings.startTls',
  'settings.caCertificate',
  'settings.bindDn',
  'bindPassword',
  'password',
  'settings.baseDn',
  'settings.additionalUserDn',
  'settings.userFilter',
  'settings.idAttribute',
  'settings.accountMatch',
  'settings.accountMatch.kind',
  'settings.accountMatch.attribute',
  'settings.pictureAttribute',
  'settings.pageSize',
  'settings.connectTimeoutMs',
  'settings.operationTimeoutMs',
  'settings.goneThresholdPercent',
  'priority',
  'schedule',
  'incremental.enabled',
  'incremental.lastSyncDate',
  'incremental.timestampAttribute',
  'incremental.timestampPattern',
  'incremental.overlapMinutes',
  'incremental.schedule',
  'settings.location',
  'settings.location.path',
  'settings.location.url',
  'settings.location.username',
  'settings.recordPath',
  'settings.matchPath',
  'settings.matchBy',
  'file',
];

/** A settings form's values (set one by one), its errors (the first invalid input takes the focus), and a submit that checks, then saves. */
export function useSettingsForm<V>(initial: () => V) {
  const [v, setValues] = useState<V>(initial);
  const [errors, setErrorsState] = useState<Errors>({});
  const form = useRef<HTMLFormElement>(null);
  const focusInvalid = useRef(false);
  const set = useCallback(<K extends keyof V>(key: K, value: V[K]) => setValues((old) => ({ ...old, [key]: value })), []);
  const setErrors = useCallback((next: Errors) => {
    focusInvalid.current = true;
    setErrorsState(next);
  }, []);
  useEffect(() => {
    if (!focusInvalid.current) return;
    focusInvalid.current = false;
    form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [errors]);

  /** Checks the client's problems, then saves; a refused save's problems land at their inputs. */
  const submit = useCallback(
    async (collected: { problems: FieldProblem[] }, save: () => Promise<unknown>) => {
      setErrorsState({});
      if (collected.problems.length) {
        setErrors(placeProblems(collected.problems, KNOWN_PATHS));
        return;
      }
      const error = await save();
      if (error) setErrors(errorsOf(error, KNOWN_PATHS));
    },
    [setErrors],
  );
  return { v, set, errors, setErrors, form, submit };
}
