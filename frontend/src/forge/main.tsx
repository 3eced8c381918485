import * as bridge from '@forge/bridge';
import { createRoot } from 'react-dom/client';
import { startPage } from '../app/startPage';
import { applyColorMode } from '../app/theme';
import { LoadError } from '../components/LoadError';
import { contentAuthor, forgeHost, licenseState, pageParameters, type ForgeContext } from '../host/forge';
import { forgePageHistory, type ForgeHistoryLike } from './history';
import { forgeModuleFor } from './modules';
import { directoryParameters } from './peopleList';
import { Unlicensed } from './Unlicensed';

/**
 * The one entry of Rollcall's Forge Custom UI (forge/dist/forge/index.html, every UI module of
 * forge/manifest.yml): reads the context, says so on an unlicensed site, picks the page by the
 * module key and loads only that page's code, then runs it on the Forge host adapter.
 */
async function start(): Promise<void> {
  const container = document.getElementById('root');
  if (!container) throw new Error('index.html has no #root');
  const root = createRoot(container);
  const fail = async (title: string, message: string) => {
    await applyColorMode('light', undefined);
    root.render(<LoadError title={title} message={message} />);
    document.body.setAttribute('data-rollcall-ready', 'true');
  };

  let context: ForgeContext;
  try {
    context = (await bridge.view.getContext()) as ForgeContext;
  } catch {
    return fail('Rollcall could not be loaded', 'This page works inside Confluence: open it from Confluence’s administration or a Rollcall link there.');
  }
  document.body.dataset.rollcallModule = context.moduleKey ?? '';
  const extension = context.extension as (ForgeContext['extension'] & { entryPoint?: string }) | null | undefined;
  const module = forgeModuleFor(context.moduleKey, extension?.isConfig === true || extension?.entryPoint === 'config');
  if (!module) return fail('Rollcall could not be loaded', `This Rollcall module (${context.moduleKey ?? 'none'}) is not one of this version's: reload the page.`);

  const parameters = { ...pageParameters(context), ...directoryParameters(extension) };
  let host = forgeHost(bridge, { parameters });
  // The directory keeps its search in the page's address (shareable, back/forward); without Forge's history, in its frame.
  if (context.moduleKey === 'rollcall-people-directory') {
    const history = await bridge.view.createHistory().catch(() => null);
    if (history) host = { ...host, history: forgePageHistory(history as unknown as ForgeHistoryLike) };
  }
  if (licenseState(context) === 'unlicensed') return startPage(root, host, () => <Unlicensed title={module.title} />);

  if (module.author && parameters.contentId && !parameters.accountId) {
    const author = await contentAuthor(bridge, parameters.contentId).catch(() => null);
    if (author) parameters.accountId = author;
  }
  let page;
  try {
    page = await module.load();
  } catch {
    return fail(`${module.title} could not be loaded`, 'Part of Rollcall could not be downloaded. Reload the page to try again.');
  }
  const submitConfig = async (config: object) => void (await bridge.view.submit(config));
  await startPage(root, host, () => page({ submitConfig }));
}

void start();
