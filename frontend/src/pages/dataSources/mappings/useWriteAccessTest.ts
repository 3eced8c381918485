import { useCallback, useState } from 'react';
import { ApiError, messageOf } from '../../../api/errors';
import type { WriteAccessOutcome } from '../../../api/mappings';
import type { PersonFound } from '../../../api/people';
import { useServices } from '../../../app/HostContext';
import { testProblems } from './writeTest';

/** The test's latest result: asked and waiting, the server's answer, or a request that failed. */
export type WriteTestResultState =
  | { state: 'pending' }
  | { state: 'answered'; outcome: WriteAccessOutcome; person: PersonFound; attribute: string }
  | { state: 'error'; message: string };

/**
 * The write-access test's state: the person, the problems of the two inputs (the client's checks
 * or the server's `details[].path`), and the result. `run(attribute)` asks the server; it answers
 * which input to focus when the test could not be asked.
 */
export function useWriteAccessTest(sourceId: string) {
  const { api } = useServices();
  const [person, setPerson] = useState<PersonFound | null>(null);
  const [personError, setPersonError] = useState<string | null>(null);
  const [attributeError, setAttributeError] = useState<string | null>(null);
  const [result, setResult] = useState<WriteTestResultState | null>(null);

  const choose = useCallback((chosen: PersonFound | null) => {
    setPerson(chosen);
    if (chosen) setPersonError(null);
  }, []);

  const run = useCallback(
    async (attribute: string): Promise<'person' | 'attribute' | null> => {
      const problems = testProblems(person, attribute);
      setPersonError(problems.person ?? null);
      setAttributeError(problems.attribute ?? null);
      if (!person || problems.person || problems.attribute) return problems.person ? 'person' : 'attribute';
      const name = attribute.trim();
      setResult({ state: 'pending' });
      try {
        const outcome = await api.mappings.testWriteAccess(sourceId, person.accountId, name);
        setResult({ state: 'answered', outcome, person, attribute: name });
        return null;
      } catch (error) {
        const problemsOf = error instanceof ApiError ? error.fieldProblems : [];
        if (problemsOf.length === 0) {
          setResult({ state: 'error', message: messageOf(error) });
          return null;
        }
        setResult(null);
        const onAttribute = problemsOf.filter((p) => p.path === 'attribute').map((p) => p.message);
        const onPerson = problemsOf.filter((p) => p.path !== 'attribute').map((p) => p.message);
        setAttributeError(onAttribute.join(' ') || null);
        setPersonError(onPerson.join(' ') || null);
        return onPerson.length > 0 ? 'person' : 'attribute';
      }
    },
    [api, person, sourceId],
  );

  return { person, choose, personError, setPersonError, attributeError, setAttributeError, result, run };
}
