import { token } from '@atlaskit/tokens';
import { Notice } from '../components/Notice';

/** What every Forge module shows on a site without an active Rollcall licence (main.tsx decides: forge.ts `licenseState`). */
export function Unlicensed({ title }: { title: string }) {
  return (
    <main data-testid="unlicensed" style={{ padding: token('space.200') }}>
      <Notice appearance="warning" title={`${title}: Rollcall is not licensed on this site`} role="status">
        <p>This Confluence site has no active Rollcall licence, so Rollcall’s pages, cards and macros are switched off. A site administrator can start a trial or subscribe on the Marketplace (Confluence administration › Manage apps); the profiles already kept stay as they are.</p>
      </Notice>
    </main>
  );
}
