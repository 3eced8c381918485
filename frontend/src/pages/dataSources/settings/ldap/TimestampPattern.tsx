import Button from '@atlaskit/button/new';
import { token } from '@atlaskit/tokens';
import { useState } from 'react';
import type { FieldProblem } from '../../../../api/errors';
import { ApiError, messageOf } from '../../../../api/errors';
import type { LdapTestResult, Source } from '../../../../api/sources';
import { useServices } from '../../../../app/HostContext';
import { TIMESTAMP_PRESETS } from '../../kinds';
import { Choice, ErrorFor, FieldSet, TextInput, type Errors } from '../controls';
import type { LdapPartProps } from './LdapConnection';
import { collectIncremental, selectedPattern } from './ldapValues';

type Detected = { state: 'detected' | 'unknown' | 'failed'; pattern?: string; serverTimestamp?: string; message?: string; savedNow: boolean; stored?: string | null };

/** What Detect found, in words. */
function DetectResult({ found }: { found: Detected }) {
  const preset = TIMESTAMP_PRESETS.find((p) => p.pattern === found.pattern);
  const code = (text: string | undefined, testId: string) => <code data-testid={testId}>{text ?? ''}</code>;
  return (
    <div data-testid="detect-result" data-state={found.state} role="status" style={{ color: found.state === 'failed' ? token('color.text.danger') : token('color.text') }}>
      {found.state === 'detected' && (
        <span>
          {'The server writes timestamps like '}
          {code(found.serverTimestamp, 'detected-server-timestamp')}
          {': '}
          {code(found.pattern, 'detected-pattern')}
          {` writes them the same way${preset ? ` (${preset.label.charAt(0).toLowerCase()}${preset.label.slice(1)})` : ''}. `}
          {found.stored === found.pattern ? 'It is the saved pattern.' : 'It is chosen: save to keep it.'}
        </span>
      )}
      {found.state === 'unknown' && (
        <span>
          {'The server writes timestamps like '}
          {code(found.serverTimestamp, 'detected-server-timestamp')}
          {', which neither preset writes: choose Another pattern and enter one that does.'}
        </span>
      )}
      {found.state === 'failed' && <span>{found.message}</span>}
      {found.savedNow && <div style={{ color: token('color.text.subtle') }}>Incremental synchronisation was saved as on, so that Rollcall could read from the directory.</div>}
    </div>
  );
}

/**
 * The LDAP timestamp pattern: a preset or one of the admin's own, and Detect, which reads a real
 * timestamp through the connection test (saving incremental sync as on first when the saved
 * source would not read one) and chooses the pattern that writes it the same way.
 */
export function TimestampPattern({ v, set, errors, setErrors, source, onSourceChanged }: LdapPartProps & { setErrors: (e: Errors) => void; source: Source | null; onSourceChanged: (s: Source) => void }) {
  const { api } = useServices();
  const [detecting, setDetecting] = useState(false);
  const [found, setFound] = useState<Detected | null>(null);
  const choose = (pattern: string) => {
    if (TIMESTAMP_PRESETS.some((p) => p.pattern === pattern)) set('patternChoice', pattern);
    else {
      set('patternChoice', 'other');
      set('patternOther', pattern);
    }
  };
  const detect = async () => {
    if (!source) return;
    setFound(null);
    const problems: FieldProblem[] = [];
    const incremental = collectIncremental(v, problems);
    if (problems.length) {
      setErrors(Object.fromEntries(problems.map((p) => [p.path, p.message])));
      return;
    }
    // The test reads timestamps only when the saved source has incremental sync on, with this attribute.
    const stored = source.incremental;
    const needsSave = !stored?.enabled || stored.timestampAttribute !== incremental.timestampAttribute;
    setDetecting(true);
    let savedNow = false;
    let current = source;
    try {
      if (needsSave) {
        current = await api.sources.update(source.id, { incremental: { ...incremental, enabled: true } });
        savedNow = true;
        onSourceChanged(current);
      }
      const result = (await api.sources.test(source.id)) as LdapTestResult;
      const inc = result.incremental;
      const storedPattern = current.incremental?.timestampPattern ?? null;
      if (inc?.detectedPattern) {
        choose(inc.detectedPattern);
        setFound({ state: 'detected', pattern: inc.detectedPattern, serverTimestamp: inc.serverTimestamp, savedNow, stored: storedPattern });
      } else if (inc?.serverTimestamp) setFound({ state: 'unknown', serverTimestamp: inc.serverTimestamp, savedNow });
      else setFound({ state: 'failed', message: `No timestamp could be read from the directory: ${result.error ? result.error.message : 'the connection test read no timestamp.'}`, savedNow });
    } catch (error) {
      if (error instanceof ApiError && error.fieldProblems.length) setErrors(Object.fromEntries(error.fieldProblems.map((p) => [p.path, p.message])));
      else setFound({ state: 'failed', message: `Detect could not run: ${messageOf(error)}`, savedNow });
    } finally {
      setDetecting(false);
    }
  };
  return (
    <FieldSet legend="LDAP timestamp pattern" testId="timestamp-pattern" attributes={{ 'data-value': selectedPattern(v) }} intro="How the directory writes its timestamps: incremental runs send the Last LDAP sync date this way, e.g. (modifyTimestamp>=20160523150000Z).">
      {TIMESTAMP_PRESETS.map((p) => (
        <Choice key={p.pattern} type="radio" name="incremental.timestampPatternChoice" value={p.pattern} checked={v.patternChoice === p.pattern} onChange={() => set('patternChoice', p.pattern)} label={p.pattern} description={`${p.label}, e.g. ${p.example}`} />
      ))}
      <Choice type="radio" name="incremental.timestampPatternChoice" value="other" checked={v.patternChoice === 'other'} onChange={() => set('patternChoice', 'other')} label="Another pattern" />
      {v.patternChoice === 'other' && (
        <div style={{ paddingLeft: token('space.300') }}>
          <TextInput name="incremental.timestampPattern" testId="timestamp-pattern-input" aria-label="Timestamp pattern" placeholder="e.g. yyyyMMddHHmmss.SSSZ" value={v.patternOther} onChange={(e) => set('patternOther', e.target.value)} aria-invalid={errors['incremental.timestampPattern'] ? true : undefined} />
          <div className="description" style={{ color: token('color.text.subtlest'), font: token('font.body.small') }}>
            yyyy MM dd HH mm ss for the date and time (UTC), S… for fraction digits, Z for the Z that marks UTC; anything else is written as it is.
          </div>
        </div>
      )}
      <ErrorFor path="incremental.timestampPattern" errors={errors} />
      <div style={{ display: 'flex', gap: token('space.100'), alignItems: 'center', flexWrap: 'wrap' }}>
        <Button testId="detect-pattern" isDisabled={!source} isLoading={detecting} onClick={() => void detect()} title={source ? 'Read a real timestamp from the directory and choose the pattern that fits' : 'Save the directory first: Detect reads from the saved connection'}>
          Detect
        </Button>
        <span style={{ color: token('color.text.subtle') }}>{source ? 'Reads a real timestamp from the directory and chooses the preset that writes it the same way.' : 'Save the directory first, then Detect reads a real timestamp from it.'}</span>
      </div>
      {found && <DetectResult found={found} />}
    </FieldSet>
  );
}
