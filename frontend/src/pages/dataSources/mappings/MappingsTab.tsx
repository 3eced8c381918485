import type { Field } from '../../../api/profileSchema';
import type { Source } from '../../../api/sources';

export interface MappingsTabProps {
  source: Source;
  fields: Field[];
  /** A connection test runs (the page's): the tab's save buttons are disabled meanwhile. */
  testing: boolean;
  /** The source changed on the server (e.g. its writeBack switch): the page updates its copy. */
  onSourceChanged(source: Source): void;
  /** "Save and test connection" saved the mappings: the page runs its connection test now and shows the result in its test slot below the tab. */
  onTestConnection(): void;
}

/** The Field mappings tab (placeholder: the fe-mappings branch replaces this file). */
export function MappingsTab(_props: MappingsTabProps): JSX.Element {
  return <div data-testid="mappings-form">Field mappings are being moved</div>;
}
