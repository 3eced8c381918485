import Button from '@atlaskit/button/new';
import { useState } from 'react';
import { messageOf } from '../../api/errors';
import { useServices } from '../../app/HostContext';
import { exportFileName, saveBlob } from './download';
import type { SearchState } from './searchState';

/**
 * "Export CSV": the whole result of the search (every page, the name and the visible columns) as
 * a CSV file the server streams, downloaded through the host adapter (Connect's fetch, Forge's
 * requestRemote) and saved from an object URL.
 */
export function ExportButton({ search, disabled }: { search: SearchState; disabled?: boolean }) {
  const { api, host } = useServices();
  const [busy, setBusy] = useState(false);
  const exportCsv = async () => {
    setBusy(true);
    try {
      const csv = await api.directory.exportCsv({ q: search.q, sort: search.sort, order: search.order });
      saveBlob(csv, exportFileName(search.q));
    } catch (error) {
      host.showFlag({ type: 'error', title: 'The export could not be made', body: messageOf(error) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button testId="directory-export" onClick={() => void exportCsv()} isDisabled={disabled || busy} isLoading={busy}>
      Export CSV
    </Button>
  );
}
