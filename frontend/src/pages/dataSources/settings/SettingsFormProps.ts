import type { Field } from '../../../api/profileSchema';
import type { Source, SourceCreate, SourceUpdate } from '../../../api/sources';
import type { SaveBusy } from './FormButtons';

/** What the page gives a settings form (LDAP or XML). The form is made anew after each save, from the saved source. */
export interface SettingsFormProps {
  /** The source as the server last presented it; null while adding one. */
  source: Source | null;
  fields: Field[];
  importDirectory: string | null;
  busy: SaveBusy;
  busyText: string;
  /** A connection test runs. */
  testing: boolean;
  /** What the last save did ("Saved."), cleared when the admin types. */
  status: string;
  focus: 'save' | 'test' | null;
  /** An XML file that did not go up with the last save (the form offers the file input again). */
  fileError: string | null;
  /** Saves (POST or PATCH, then the chosen file); answers the refusal, or null. */
  onSave: (body: SourceCreate | SourceUpdate, andTest: boolean, file: File | null) => Promise<unknown>;
  onCancel: () => void;
  onEdited: () => void;
  onSourceChanged: (source: Source) => void;
}
