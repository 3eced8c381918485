import Button from '@atlaskit/button/new';
import { token } from '@atlaskit/tokens';
import { useEffect, useState } from 'react';
import { MappingsTab } from '../mappings/MappingsTab';
import { LdapForm } from '../settings/ldap/LdapForm';
import { XmlForm } from '../settings/xml/XmlForm';
import { SyncReport } from '../report/SyncReport';
import { TestResult } from '../test/TestResult';
import type { DataSourcesState } from '../useDataSources';
import { NewSourceHeader, SourceHeader } from './SourceHeader';
import { Tabs } from './Tabs';
import { useSourcePage, type OpenPage, type Tab } from './useSourcePage';

export interface SourcePageProps {
  state: DataSourcesState;
  page: OpenPage;
  setPage: (page: OpenPage) => void;
  onClose: () => void;
  announce: (text: string) => void;
}

/** One source's page (or a new one's): the header with Run now, and the Settings, Field mappings and Sync report tabs. */
export function SourcePage({ state, page, setPage, onClose, announce }: SourcePageProps) {
  const view = useSourcePage(state, page, setPage, announce);
  const { source } = view;
  const [visited, setVisited] = useState<Record<Tab, boolean>>({ settings: true, mappings: false, report: false });
  useEffect(() => setVisited((v) => (v[page.tab] ? v : { ...v, [page.tab]: true })), [page.tab]);
  const select = (tab: Tab) => setPage({ ...page, tab });
  const testSlot = (tab: Tab) => (
    <div data-testid={`test-slot-${tab}`}>{view.test && view.test.tab === tab && <TestResult test={view.test.state} kind={page.kind} source={source} fields={state.fields} />}</div>
  );
  const Form = page.kind === 'xml' ? XmlForm : LdapForm;
  const pane = (tab: Tab, children: React.ReactNode) => (
    <div role="tabpanel" id={`ds-pane-${tab}`} aria-labelledby={`ds-tab-${tab}`} data-testid={`source-pane-${tab}`} hidden={page.tab !== tab} style={{ paddingTop: token('space.200') }}>
      {children}
    </div>
  );
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: token('space.200') }}>
      <nav aria-label="Breadcrumbs">
        <Button appearance="subtle" spacing="compact" testId="back-to-list" onClick={onClose}>
          ‹ All data sources
        </Button>
      </nav>
      {source ? <SourceHeader source={source} lastRun={state.lastRunOf(source)} page={view} onOpenReport={page.tab === 'report' ? undefined : () => select('report')} /> : <NewSourceHeader kind={page.kind} />}
      <div>
        <Tabs selected={page.tab} saved={!!source} onSelect={select} />
        {pane(
          'settings',
          <div style={{ display: 'flex', flexDirection: 'column', gap: token('space.200') }}>
            <Form
              key={view.formKey}
              source={source}
              fields={state.fields}
              importDirectory={state.importDirectory}
              busy={view.busy.what}
              busyText={view.busy.text}
              testing={view.testing}
              status={view.status}
              focus={view.focus}
              fileError={view.fileError}
              onSave={view.save}
              onCancel={onClose}
              onEdited={view.clearStatus}
              onSourceChanged={state.upsert}
            />
            {testSlot('settings')}
          </div>,
        )}
        {pane(
          'mappings',
          source && visited.mappings && (
            <div style={{ display: 'flex', flexDirection: 'column', gap: token('space.200') }}>
              <MappingsTab source={source} fields={state.fields} testing={view.testing} onSourceChanged={state.upsert} onTestConnection={() => view.runTest('mappings')} />
              {testSlot('mappings')}
            </div>
          ),
        )}
        {pane('report', source && page.tab === 'report' && <SyncReport source={source} polled={state.runs} version={state.runsVersion[source.id] ?? 0} />)}
      </div>
    </div>
  );
}
