import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, messageOf } from '../../api/errors';
import type { Category, Field, FieldTypeInfo, Group } from '../../api/profileSchema';
import { useServices } from '../../app/HostContext';
import { fallbackTypes, type FieldRequest } from './fieldForm';
import { fieldsOf, isAt, moveCategory, moveField, sortSchema, stepPlace, type FieldPlace, type Schema } from './order';
import { controlOf, useFocusRequest } from './useFocusRequest';

/** The field form that is open: adding to a category, or editing a field. */
export type OpenForm = { mode: 'add'; categoryId: string } | { mode: 'edit'; key: string; categoryId: string };
/** The delete that waits for its confirmation. */
export type Confirming = { kind: 'category'; id: string } | { kind: 'field'; key: string };

const asApiError = (error: unknown) => (error instanceof ApiError ? error : new ApiError(0, 'unknown', messageOf(error)));
const without = <T,>(record: Record<string, T>, key: string) => Object.fromEntries(Object.entries(record).filter(([k]) => k !== key));

/**
 * The Profile Editor's state: the schema from the server (loaded, changed optimistically by moves,
 * and read again after every change), the field types, what waits for the server (`pending`), the
 * errors shown next to a category or a field, the open field form and the delete to confirm.
 */
export function useProfileEditor(announce: (text: string) => void) {
  const { api } = useServices();
  const [schema, setSchema] = useState<Schema | null>(null);
  const [types, setTypes] = useState<FieldTypeInfo[]>([]);
  const [typesMissing, setTypesMissing] = useState(false);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [pending, setPending] = useState<Record<string, true>>({});
  const [categoryErrors, setCategoryErrors] = useState<Record<string, string>>({});
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [form, setForm] = useState<OpenForm | null>(null);
  const [confirming, setConfirming] = useState<Confirming | null>(null);
  const requestFocus = useFocusRequest();
  /** Counts local changes: a reading older than the last change is not shown. */
  const changes = useRef(0);
  const current = useRef<Schema | null>(null);
  current.current = schema;

  const read = useCallback(async () => {
    const [categories, fields] = await Promise.all([api.categories.list(), api.fields.list()]);
    return sortSchema(categories, fields);
  }, [api]);

  const load = useCallback(async () => {
    setLoadError(null);
    // Without the types the page still works: every type can be chosen, none converted.
    const loadedTypes = api.fields.types().catch(() => null);
    try {
      const loaded = await read();
      const list = await loadedTypes;
      setTypes(list ?? fallbackTypes());
      setTypesMissing(!list);
      setSchema(loaded);
    } catch (error) {
      setLoadError(asApiError(error));
    }
  }, [api, read]);

  useEffect(() => {
    void load();
  }, [load]);

  /** Reads the schema again after a change; a later change makes this reading stale. */
  const refresh = useCallback(async () => {
    const at = changes.current;
    try {
      const next = await read();
      if (at === changes.current) setSchema(next);
    } catch {
      // The optimistic state stays; the next change or a reload reads it again.
    }
  }, [read]);

  const change = useCallback((next: Schema) => {
    changes.current += 1;
    setSchema(next);
  }, []);

  const track = useCallback(async <T,>(id: string, work: () => Promise<T>): Promise<T> => {
    setPending((p) => ({ ...p, [id]: true }));
    try {
      return await work();
    } finally {
      setPending((p) => without(p, id));
    }
  }, []);

  const placeField = useCallback(
    (key: string, place: FieldPlace, focusTestId?: string) => {
      const before = current.current;
      const field = before?.fields.find((f) => f.key === key);
      if (!before || !field || isAt(before, key, place)) return;
      const after = moveField(before, key, place);
      const moved = after.fields.find((f) => f.key === key)!;
      change(after);
      setFieldErrors((e) => without(e, key));
      if (focusTestId) requestFocus(controlOf({ field: key }, focusTestId));
      const body = { position: moved.position, ...(place.categoryId !== field.categoryId ? { categoryId: place.categoryId } : {}) };
      void track(`field:${key}`, () => api.fields.update(key, body)).then(
        () => {
          const name = after.categories.find((c) => c.id === place.categoryId)?.name ?? 'its category';
          announce(`${field.label} moved to position ${moved.position + 1} in ${name}.`);
          void refresh();
        },
        (error: unknown) => {
          change(before);
          setFieldErrors((e) => ({ ...e, [key]: `Could not move the field: ${messageOf(error)}` }));
          void refresh();
        },
      );
    },
    [api, announce, change, refresh, requestFocus, track],
  );

  const stepField = useCallback(
    (key: string, direction: -1 | 1) => {
      const place = current.current && stepPlace(current.current, key, direction);
      if (place) placeField(key, place, direction < 0 ? 'field-move-up' : 'field-move-down');
    },
    [placeField],
  );

  const placeCategory = useCallback(
    (id: string, index: number, focusTestId?: string) => {
      const before = current.current;
      const category = before?.categories.find((c) => c.id === id);
      if (!before || !category || index < 0 || index >= before.categories.length || category.position === index) return;
      change(moveCategory(before, id, index));
      setCategoryErrors((e) => without(e, id));
      if (focusTestId) requestFocus(controlOf({ category: id }, focusTestId));
      void track(`category:${id}`, () => api.categories.update(id, { position: index })).then(
        () => {
          announce(`${category.name} moved to position ${index + 1} of ${before.categories.length}.`);
          void refresh();
        },
        (error: unknown) => {
          change(before);
          setCategoryErrors((e) => ({ ...e, [id]: `Could not move the category: ${messageOf(error)}` }));
          void refresh();
        },
      );
    },
    [api, announce, change, refresh, requestFocus, track],
  );

  /** Adds, renames or restricts a category; the error (for the form to show) or null. */
  const saveCategory = useCallback(
    async (id: string | null, input: { name?: string; restrictedToGroups?: Group[] }, said: (saved: Category) => string): Promise<ApiError | null> => {
      try {
        const saved = id ? await track(`category:${id}`, () => api.categories.update(id, input)) : await api.categories.create({ name: input.name ?? '' });
        changes.current += 1;
        if (!id) setSchema((s) => s && sortSchema([...s.categories, saved], s.fields));
        else setSchema((s) => s && { ...s, categories: s.categories.map((c) => (c.id === id ? { ...c, name: saved.name, restrictedToGroups: saved.restrictedToGroups } : c)) });
        announce(said(saved));
        void refresh();
        return null;
      } catch (error) {
        return asApiError(error);
      }
    },
    [api, announce, refresh, track],
  );

  const deleteCategory = useCallback(
    async (category: Category) => {
      try {
        await track(`category:${category.id}`, () => api.categories.remove(category.id));
        changes.current += 1;
        setSchema((s) => s && sortSchema(s.categories.filter((c) => c.id !== category.id), s.fields));
        setForm((f) => (f?.categoryId === category.id ? null : f));
        announce(`Category ${category.name} deleted.`);
        void refresh();
      } catch (error) {
        setCategoryErrors((e) => ({ ...e, [category.id]: messageOf(error) }));
      } finally {
        setConfirming(null);
      }
    },
    [api, announce, refresh, track],
  );

  /** Sends the field form's request; the error (for the form to show) or null once saved. */
  const saveField = useCallback(
    async (request: Exclude<FieldRequest, { kind: 'invalid' }>, field: Field | null): Promise<ApiError | null> => {
      try {
        const saved = request.kind === 'create' ? await api.fields.create(request.body) : await api.fields.update(field!.key, request.body);
        changes.current += 1;
        setSchema((s) => {
          if (!s) return s;
          const others = s.fields.filter((f) => f.key !== saved.key);
          // A field moved to another category by the form goes to its end, as the server puts it.
          const position = field && saved.categoryId === field.categoryId ? field.position : fieldsOf(s, saved.categoryId).length;
          return moveField({ categories: s.categories, fields: [...others, { ...saved }] }, saved.key, { categoryId: saved.categoryId, index: position });
        });
        setFieldErrors((e) => without(e, saved.key));
        setForm(null);
        requestFocus(field ? controlOf({ field: saved.key }, 'field-edit') : controlOf({ category: saved.categoryId }, 'add-field'));
        announce(`Field ${saved.label} ${field ? 'saved' : 'added'}.`);
        void refresh();
        return null;
      } catch (error) {
        return asApiError(error);
      }
    },
    [api, announce, refresh, requestFocus],
  );

  const deleteField = useCallback(
    async (field: Field) => {
      try {
        await track(`field:${field.key}`, () => api.fields.remove(field.key));
        changes.current += 1;
        setSchema((s) => s && sortSchema(s.categories, s.fields.filter((f) => f.key !== field.key)));
        setForm((f) => (f?.mode === 'edit' && f.key === field.key ? null : f));
        requestFocus(controlOf({ category: field.categoryId }, 'add-field'));
        announce(`Field ${field.label} deleted.`);
        void refresh();
      } catch (error) {
        setFieldErrors((e) => ({ ...e, [field.key]: messageOf(error) }));
      } finally {
        setConfirming(null);
      }
    },
    [api, announce, refresh, requestFocus, track],
  );

  const openForm = useCallback(
    (next: OpenForm | null, closing?: OpenForm) => {
      setForm(next);
      setConfirming(null);
      if (!next && closing) requestFocus(closing.mode === 'edit' ? controlOf({ field: closing.key }, 'field-edit') : controlOf({ category: closing.categoryId }, 'add-field'));
    },
    [requestFocus],
  );

  const asked = useRef<Confirming | null>(null);
  asked.current = confirming;
  /** Asks before a delete, or (null) cancels: the focus goes back to the delete button. */
  const confirm = useCallback(
    (next: Confirming | null) => {
      const cancelled = asked.current;
      setConfirming(next);
      if (next?.kind === 'category') setCategoryErrors((e) => without(e, next.id));
      if (next?.kind === 'field') setFieldErrors((e) => without(e, next.key));
      if (!next && cancelled) requestFocus(cancelled.kind === 'field' ? controlOf({ field: cancelled.key }, 'field-delete') : controlOf({ category: cancelled.id }, 'category-delete'));
    },
    [requestFocus],
  );

  return { schema, types, typesMissing, loadError, load, pending, categoryErrors, fieldErrors, form, openForm, confirming, confirm, placeField, stepField, placeCategory, saveCategory, deleteCategory, saveField, deleteField };
}

export type EditorState = ReturnType<typeof useProfileEditor>;
