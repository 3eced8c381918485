import { token } from '@atlaskit/tokens';
import { useRef } from 'react';
import type { Preset } from '../kinds';
import { localTime, nextRunText } from '../format';
import { Field, LinkButton, TextInput, type Errors } from './controls';

/** What the server said of the stored schedule (null before the source exists). */
export interface SavedSchedule {
  cron: string;
  description: string | null;
  nextRunAt: string | null;
  /** Why it does not run now (a problem, the source disabled, …). */
  paused: string | null;
}

export interface ScheduleEditorProps {
  path: 'schedule' | 'incremental.schedule';
  value: string;
  onChange: (value: string) => void;
  errors: Errors;
  description: string;
  presets: Preset[];
  saved: SavedSchedule | null;
  defaultCron: string;
  defaultWords: string;
  emptyText: string;
  /** Says the schedule is off (incremental sync switched off), or null. */
  offText: string | null;
  /** `''` or `incremental-`: the prefix of the test ids. */
  prefix: string;
  inputTestId: string;
}

/** What the info line says of the typed value: the saved schedule in words and its next run, the default, or "save to see". */
function Info({ value, saved, offText, emptyText, defaultCron, defaultWords, prefix }: Pick<ScheduleEditorProps, 'saved' | 'offText' | 'emptyText' | 'defaultCron' | 'defaultWords' | 'prefix'> & { value: string }) {
  const muted = { color: token('color.text.subtle') };
  if (offText) return <span style={muted} data-testid={`${prefix}schedule-off`}>{offText}</span>;
  if (!value) return <span style={muted}>{emptyText}</span>;
  if (saved && value === saved.cron) {
    return (
      <>
        <strong data-testid={`${prefix}schedule-description`}>{saved.description || value}</strong>{' '}
        {saved.paused ? (
          <span style={muted} data-testid={`${prefix}schedule-next-run`}>{saved.paused}</span>
        ) : saved.nextRunAt ? (
          <span data-testid={`${prefix}schedule-next-run`} title={`${localTime(saved.nextRunAt)} in your time zone`}>
            {nextRunText(saved.nextRunAt)}
          </span>
        ) : (
          <span style={muted} data-testid={`${prefix}schedule-unsaved`}>Save to see when it runs next.</span>
        )}
      </>
    );
  }
  if (value === defaultCron && !saved) {
    return (
      <>
        <strong>{defaultWords}</strong> <span style={muted}>The default. Save to see the next run.</span>
      </>
    );
  }
  return <span style={muted} data-testid={`${prefix}schedule-unsaved`}>Save to see this schedule in plain words and when it runs next.</span>;
}

/** A cron input with common presets and, for the saved value, the schedule in plain words and its next run in UTC. */
export function ScheduleEditor(props: ScheduleEditorProps) {
  const input = useRef<HTMLInputElement>(null);
  const value = props.value.trim();
  const presets = (
    <div role="group" aria-label="Common schedules" style={{ display: 'flex', gap: token('space.100'), flexWrap: 'wrap', font: token('font.body.small') }}>
      <span style={{ color: token('color.text.subtle') }}>Common:</span>
      {props.presets.map((p) => (
        <LinkButton
          key={p.cron}
          testId={`${props.prefix}schedule-preset`}
          title={p.cron}
          onClick={() => {
            props.onChange(p.cron);
            input.current?.focus();
          }}
        >
          {p.label}
        </LinkButton>
      ))}
    </div>
  );
  return (
    <>
      <Field label="Cron expression (UTC)" path={props.path} errors={props.errors} description={props.description} extra={presets}>
        {(control) => <TextInput {...control} ref={input} testId={props.inputTestId} placeholder="No schedule" value={props.value} onChange={(e) => props.onChange(e.target.value)} isMonospaced />}
      </Field>
      <div data-testid={`${props.prefix}schedule-info`} aria-live="polite">
        <Info value={value} saved={props.saved} offText={props.offText} emptyText={props.emptyText} defaultCron={props.defaultCron} defaultWords={props.defaultWords} prefix={props.prefix} />
      </div>
    </>
  );
}
