// Text from the web shown in the window: titles, descriptions and error messages that carry
// markup and SQL (test/helpers/hostile-server.ts) are parsed for real by the host's queue, then
// the tasks table and the task detail must show them as text, exactly (textContent equals what
// the page said), and nothing in them may run: no `window.__pwned`, no injected <img>, <script>
// or <b>, no request for the injected image.
import { HOSTILE_TEXT, startHostileServer, type HostileServer } from '../helpers/hostile-server';
import { expect, test } from './fixtures';

test.describe.configure({ mode: 'serial' });

let hostile: HostileServer;

test.beforeAll(async () => {
  hostile = await startHostileServer();
});
test.afterAll(async () => {
  await hostile?.close();
});

interface Case {
  path: string;
  status: 'completed' | 'failed';
  /** The page's title (completed) or the error message (failed), as the task must show it. */
  text: (url: string) => string;
}

const CASES: Case[] = [
  { path: '/markup-text', status: 'completed', text: () => HOSTILE_TEXT.markup },
  { path: '/sql-text', status: 'completed', text: () => HOSTILE_TEXT.sql },
  // A server's reason phrase reaches the error message.
  { path: `/status/404?reason=${encodeURIComponent(HOSTILE_TEXT.markup)}`, status: 'failed', text: (url) => `${url} answered HTTP 404 ${HOSTILE_TEXT.markup}` },
  { path: `/status/404?reason=${encodeURIComponent(HOSTILE_TEXT.sql)}`, status: 'failed', text: (url) => `${url} answered HTTP 404 ${HOSTILE_TEXT.sql}` },
  { path: '/unsupported-markup-type', status: 'failed', text: (url) => `${url} is text/<script>window.__pwned=1</script>, not a web page` },
];

test('titles and errors full of markup and SQL show as text, and nothing in them runs', async ({ appPage: page, api, host, consoleErrors }) => {
  // A request for the injected <img src=x> would show that it became an element somewhere.
  const injectedRequests: string[] = [];
  page.on('request', (request) => {
    if (/\/x$/.test(new URL(request.url()).pathname)) injectedRequests.push(request.url());
  });

  const urls = CASES.map((entry) => hostile.url(entry.path));
  const imported = await api.call('importList', {
    text: urls.join('\n'),
    source: 'e2e',
    batchName: 'hostile text',
    settings: { options: { screenshots: false }, maxAttempts: 1 },
  });
  const ids = imported.taskIds;
  expect(ids).toHaveLength(CASES.length);
  for (const [index, id] of ids.entries()) {
    await expect.poll(async () => (await host.invoke('getTask', id)).status, { timeout: 45_000 }).toBe(CASES[index]!.status);
  }

  const grid = page.getByRole('grid', { name: 'Tasks' });
  for (const [index, id] of ids.entries()) {
    const entry = CASES[index]!;
    const row = grid.locator(`[role="row"][data-task-id="${id}"]`);
    await expect(row).toBeVisible();
    const stored = await host.invoke('getTask', id);
    // The task's URL as the import normalized it (an apostrophe becomes %27), as messages quote it.
    const url = stored.url;
    if (entry.status === 'completed') {
      // The store has the page's title as the page said it; the table shows exactly that.
      expect(stored.title).toBe(entry.text(url));
      await expect.poll(() => row.locator('.task-cell--title').evaluate((cell) => cell.textContent)).toBe(entry.text(url));
    } else {
      expect(stored.error?.message).toBe(entry.text(url));
      await expect(row.locator('.task-cell--error')).toHaveAttribute('title', entry.text(url));
    }

    // The detail: the title and description, or the error message, as text.
    await row.locator('.task-cell--url').click();
    const detail = page.getByRole('complementary', { name: `Task ${id} detail` });
    await expect(detail).toBeVisible();
    if (entry.status === 'completed') {
      const fact = (label: string) => detail.locator('.facts__row', { has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }) }).locator('dd');
      await expect.poll(() => fact('Title').evaluate((dd) => dd.textContent)).toBe(entry.text(url));
      await expect.poll(() => fact('Description').evaluate((dd) => dd.textContent)).toBe(entry.text(url));
    } else {
      const message = detail.getByRole('alert', { name: 'Task error' }).locator('.task-error__message');
      await expect.poll(() => message.evaluate((p) => p.textContent)).toBe(entry.text(url));
    }
    await page.getByRole('button', { name: 'Close detail' }).click();
  }

  // Nothing was injected, anywhere in the window.
  const injected = await page.evaluate(() => ({
    pwned: (window as unknown as { __pwned?: unknown }).__pwned,
    images: document.querySelectorAll('img[src="x"]').length,
    scripts: [...document.scripts].filter((script) => script.textContent?.includes('__pwned')).length,
    bold: [...document.querySelectorAll('b')].filter((element) => element.textContent === 'bold').length,
  }));
  expect(injected).toEqual({ pwned: undefined, images: 0, scripts: 0, bold: 0 });
  expect(injectedRequests).toEqual([]);
  expect(consoleErrors).toEqual([]);
});
