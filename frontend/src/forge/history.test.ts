import { forgePageHistory, type ForgeHistoryLike } from './history';

function fakeHistory(search: string, shape: 'v4' | 'v5') {
  const listeners: Array<(update: unknown) => void> = [];
  const history: ForgeHistoryLike & { pushed: unknown[] } = {
    location: { pathname: '/', search },
    pushed: [],
    push(to) {
      history.pushed.push(to);
      history.location = to;
      listeners.forEach((l) => l(shape === 'v5' ? { action: 'PUSH', location: to } : to));
    },
    replace(to) {
      history.location = to;
    },
    listen: (listener) => listeners.push(listener),
  };
  return history;
}

it('keeps the directory search in the Forge page’s query, and hears back/forward (history v4 and v5)', async () => {
  for (const shape of ['v4', 'v5'] as const) {
    const history = fakeHistory('?q=ada', shape);
    const page = forgePageHistory(history);
    expect(await page.current()).toBe('q=ada');
    const heard: string[] = [];
    page.listen((state) => heard.push(state));
    page.push('q=bo');
    page.push('q=bo');
    expect(history.pushed).toEqual([{ pathname: '/', search: '?q=bo' }]);
    expect(heard).toEqual(['q=bo']);
    page.push('');
    expect(heard).toEqual(['q=bo', '']);
  }
});
