import { useCallback, useEffect, useMemo, useState } from 'react';
import { ApiError, messageOf } from '../../../api/errors';
import type { SavedMapping } from '../../../api/mappings';
import type { Category } from '../../../api/profileSchema';
import type { Field } from '../../../api/profileSchema';
import type { Source } from '../../../api/sources';
import { useServices } from '../../../app/HostContext';
import {
  editsOf,
  hasChanges,
  mappingChanges,
  mappingsToSend,
  pictureAttributeOf,
  pictureWriteBackOf,
  problemsByRow,
  rowProblems,
  savedStatus,
  writeBackUpdate,
  type Edits,
  type RowEdit,
} from './edits';
import type { SourceKindWord } from './rules';

const EMPTY_ROW: RowEdit = { attribute: '', writeBack: false };

/** What a save asks to focus afterwards: the first row with a problem, the form's message, or nothing. */
export type SaveOutcome = { focus: 'row'; fieldKey: string } | { focus: 'form' } | { focus: 'none' };

/**
 * The Field mappings tab's state: the source's mappings (loaded, then as saved), the rows as
 * edited, the source's write-back switch and picture tick while they differ from the source, the
 * problems (per row, and the form's), the status after a save. The source itself is the page's:
 * a save hands the fresh one to `onSourceChanged`.
 */
export function useMappings(source: Source, fields: readonly Field[], onSourceChanged: (source: Source) => void) {
  const { api } = useServices();
  const kind: SourceKindWord = source.kind === 'xml' ? 'xml' : 'ldap';
  const [saved, setSaved] = useState<SavedMapping[] | null>(null);
  const [categories, setCategories] = useState<Category[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [edits, setEdits] = useState<Edits>({});
  // null: as the source says (the page's copy may change under the tab, e.g. after the Settings tab saves).
  const [writeBackEdit, setWriteBackEdit] = useState<boolean | null>(null);
  const [pictureEdit, setPictureEdit] = useState<boolean | null>(null);
  const [rowErrors, setRowErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [saving, setSaving] = useState<'save' | 'test' | null>(null);

  const load = useCallback(async () => {
    setLoadError(null);
    setSaved(null);
    setWriteBackEdit(null);
    setPictureEdit(null);
    setRowErrors({});
    setFormError(null);
    setStatus(null);
    // The categories only head the table's groups: the tab works without them.
    const names = api.categories.list().catch(() => [] as Category[]);
    try {
      const mappings = await api.mappings.list(source.id);
      setCategories(await names);
      setEdits(editsOf(mappings));
      setSaved(mappings);
    } catch (error) {
      setLoadError(`The mappings could not be loaded: ${messageOf(error)}`);
    }
  }, [api, source.id]);

  useEffect(() => {
    void load();
  }, [load]);

  const writeBack = writeBackEdit ?? Boolean(source.writeBack);
  const pictureAttribute = pictureAttributeOf(source);
  const pictureWriteBack = pictureEdit ?? pictureWriteBackOf(source);
  const rowOf = useCallback((key: string) => edits[key] ?? EMPTY_ROW, [edits]);

  const edited = useCallback(() => {
    setStatus(null);
  }, []);
  const setAttribute = useCallback(
    (key: string, attribute: string) => {
      setEdits((e) => ({ ...e, [key]: { ...(e[key] ?? EMPTY_ROW), attribute } }));
      setRowErrors((errors) => (errors[key] ? { ...errors, [key]: '' } : errors));
      edited();
    },
    [edited],
  );
  const setRowWriteBack = useCallback(
    (key: string, on: boolean) => {
      setEdits((e) => ({ ...e, [key]: { ...(e[key] ?? EMPTY_ROW), writeBack: on } }));
      edited();
    },
    [edited],
  );
  const setSourceWriteBack = useCallback(
    (on: boolean) => {
      setWriteBackEdit(on);
      edited();
    },
    [edited],
  );
  const setPictureWriteBack = useCallback(
    (on: boolean) => {
      setPictureEdit(on);
      edited();
    },
    [edited],
  );

  /** Saves the mappings, then the source's write-back settings when they changed; `andTest` then asks the page for its connection test. */
  const save = useCallback(
    async (andTest: boolean, onTestConnection: () => void): Promise<SaveOutcome> => {
      setRowErrors({});
      setFormError(null);
      setStatus(null);
      const problems = rowProblems(fields, edits, kind);
      const firstProblem = fields.find((f) => problems[f.key]);
      if (firstProblem) {
        setRowErrors(problems);
        return { focus: 'row', fieldKey: firstProblem.key };
      }
      const sent = mappingsToSend(fields, edits, kind);
      const update = writeBackUpdate(source, { writeBack, pictureWriteBack });
      setSaving(andTest ? 'test' : 'save');
      let stored: SavedMapping[] | null = null;
      try {
        stored = await api.mappings.replace(source.id, { mappings: sent });
        setSaved(stored);
        setEdits(editsOf(stored));
        // PATCH answers with the source; otherwise it is read again for the fields the next incremental run fills.
        const fresh = update ? await api.sources.update(source.id, update) : await api.sources.get(source.id);
        setWriteBackEdit(null);
        setPictureEdit(null);
        onSourceChanged(fresh);
        setStatus(savedStatus(sent, Object.fromEntries(fields.map((f) => [f.key, f.label])), Boolean(fresh.writeBack)));
        if (andTest) onTestConnection();
        return { focus: 'none' };
      } catch (error) {
        if (stored) {
          setFormError(`The mappings were saved, but the write-back settings were not: ${messageOf(error)}`);
          return { focus: 'form' };
        }
        const split = error instanceof ApiError ? problemsByRow(error.fieldProblems, sent) : { rows: {}, form: [] };
        setRowErrors(split.rows);
        const formLevel = split.form.join(' ') || (Object.keys(split.rows).length === 0 ? messageOf(error) : '');
        setFormError(formLevel || null);
        const row = fields.find((f) => split.rows[f.key]);
        return row ? { focus: 'row', fieldKey: row.key } : { focus: 'form' };
      } finally {
        setSaving(null);
      }
    },
    [api, edits, fields, kind, onSourceChanged, pictureWriteBack, source, writeBack],
  );

  const changes = useMemo(() => mappingChanges(saved ?? [], mappingsToSend(fields, edits, kind)), [saved, fields, edits, kind]);

  return {
    kind,
    loaded: saved !== null,
    loadError,
    reload: load,
    categories,
    rowOf,
    edits,
    setAttribute,
    setRowWriteBack,
    writeBack,
    setSourceWriteBack,
    pictureAttribute,
    pictureWriteBack,
    setPictureWriteBack,
    rowErrors,
    formError,
    status,
    saving,
    save,
    /** The form holds mappings that are not saved yet (the write-access test uses the saved ones). */
    unsaved: saved !== null && hasChanges(changes),
  };
}

export type MappingsState = ReturnType<typeof useMappings>;
