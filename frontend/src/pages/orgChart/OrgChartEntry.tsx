import { useEffect, useState } from 'react';
import { useServices } from '../../app/HostContext';
import { OrgChartMacro } from './OrgChartMacro';
import { OrgChartPage } from './OrgChartPage';

/** The `org-chart` entry: the page, or the macro when the shell says so (`/macros/org-chart` sets `macro`). */
export function OrgChartEntry() {
  const { host } = useServices();
  const [macro, setMacro] = useState<boolean | null>(null);
  useEffect(() => {
    void host.context().then(({ parameters }) => setMacro(parameters.macro === 'true'));
  }, [host]);
  if (macro === null) return null;
  return macro ? <OrgChartMacro /> : <OrgChartPage />;
}
