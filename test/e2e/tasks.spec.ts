// The tasks screen on a stable set of tasks: the queue is paused from the UI, then tasks are
// created through the API (a completed and a failed one ran before the pause). Filters, search,
// domain and sort change the rows shown (compared with what `listTasks` answers for the same
// query); click / Shift-click / Ctrl-click select rows, and the bulk actions change what the
// store holds (checked through the API, not the DOM).
//
// The pending tasks' URLs are under `.test` (RFC 6761: never resolvable) and are never loaded:
// the queue stays paused while they exist, and the worker's browser resolves nothing but
// 127.0.0.1 anyway. They give the table three domains to filter by.
import type { Locator, Page } from '@playwright/test';
import type { Task, TaskStatus } from '../../src-shared/domain';
import type { TaskListQuery } from '../../src-shared/task-query';
import { expect, saveScreenshot, test, type PageApi } from './fixtures';

test.describe.configure({ mode: 'serial' });

const DOMAINS = ['alpha.test', 'beta.test', 'gamma.test'] as const;

/** 8 pages per domain, plus one "checkout" page on two of them (the text search finds those). */
const PENDING_URLS = [
  ...DOMAINS.flatMap((domain) => Array.from({ length: 8 }, (_, i) => `https://${domain}/page-${i + 1}`)),
  'https://beta.test/checkout/cart',
  'https://gamma.test/checkout/pay',
];

function grid(page: Page): Locator {
  return page.getByRole('grid', { name: 'Tasks' });
}

function row(page: Page, id: number): Locator {
  return grid(page).locator(`[role="row"][data-task-id="${id}"]`);
}

/** Ids of the task rows in the DOM, in the table's order (rows are positioned, not in DOM order). */
function shownIds(page: Page): Promise<number[]> {
  return grid(page)
    .locator('[role="row"][data-task-id]')
    .evaluateAll((rows) =>
      rows
        .map((element) => ({ index: Number(element.getAttribute('aria-rowindex')), id: Number(element.getAttribute('data-task-id')) }))
        .sort((a, b) => a.index - b.index)
        .map((entry) => entry.id),
    );
}

/** The ids `listTasks` answers for a query (every one: the sets here are small). */
async function listedIds(api: PageApi, query: TaskListQuery = {}): Promise<number[]> {
  const result = await api.call('listTasks', { ...query, limit: 1000 });
  return result.tasks.map((task) => task.id);
}

async function allTasks(api: PageApi): Promise<Map<number, Task>> {
  const result = await api.call('listTasks', { limit: 1000 });
  return new Map(result.tasks.map((task) => [task.id, task]));
}

/** Asserts that the table shows exactly the tasks of `query`, in its order, and says how many. */
async function expectTableToShow(page: Page, api: PageApi, query: TaskListQuery): Promise<number[]> {
  const expected = await listedIds(api, query);
  expect(expected.length).toBeGreaterThan(0);
  await expect.poll(() => shownIds(page), { message: `rows of ${JSON.stringify(query)}` }).toEqual(expected);
  await expect(page.getByTestId('task-total')).toHaveText(`${expected.length} task${expected.length === 1 ? '' : 's'}`);
  return expected;
}

function statusOf(tasks: Map<number, Task>): Record<number, TaskStatus> {
  return Object.fromEntries([...tasks].map(([id, task]) => [id, task.status]));
}

test('the queue paused from the UI keeps a set of tasks made through the API as it is', async ({ appPage: page, api, host }) => {
  // Two tasks run first, so the set has a completed and a failed one.
  const ran = await api.call('importList', {
    text: [host.fixtures.url('/fixtures/simple.html'), host.fixtures.url('/status/404')].join('\n'),
    source: 'e2e',
    batchName: 'ran first',
    settings: { options: { screenshots: false }, maxAttempts: 1 },
  });
  const [completedId, failedId] = ran.taskIds as [number, number];
  await expect.poll(async () => (await host.invoke('getTask', completedId)).status, { timeout: 45_000 }).toBe('completed');
  await expect.poll(async () => (await host.invoke('getTask', failedId)).status, { timeout: 45_000 }).toBe('failed');
  await expect(row(page, failedId)).toHaveAttribute('data-status', 'failed');

  const banner = page.getByRole('banner');
  await expect(page.getByTestId('queue-status')).toHaveText(/^Running · \d+ of 5$/);
  await banner.getByRole('button', { name: 'Pause queue' }).click();
  await expect(page.getByTestId('queue-status')).toHaveText('Paused · 0 finishing');
  await expect(banner.getByRole('button', { name: 'Resume queue' })).toBeVisible();
  expect((await api.call('getQueueState')).paused).toBe(true);

  const imported = await api.call('importList', { text: PENDING_URLS.join('\n'), source: 'e2e', batchName: 'never run', settings: { options: { screenshots: false } } });
  expect(imported.created).toBe(PENDING_URLS.length);
  // The three first pages of alpha.test are cancelled: four statuses in all.
  const alphaFirst = imported.taskIds.slice(0, 3);
  expect((await api.call('cancelTasks', alphaFirst)).changedIds).toEqual(alphaFirst);

  const total = PENDING_URLS.length + 2;
  await expect(page.getByTestId('task-total')).toHaveText(`${total} tasks`);
  await expect(page.getByTestId('count-pending')).toHaveText(`Pending ${PENDING_URLS.length - 3}`);
  await expect(page.getByTestId('count-cancelled')).toHaveText('Cancelled 3');
  // Nothing runs while paused, whatever time passes: the counts stay as they are.
  await page.waitForTimeout(1_000);
  const stats = await api.call('getStats');
  expect(stats.byStatus).toEqual({ pending: PENDING_URLS.length - 3, in_progress: 0, completed: 1, failed: 1, cancelled: 3 });
});

test('status filter, search, domain filter and sorting change what the table shows', async ({ appPage: page, api }, testInfo) => {
  const everything = await listedIds(api);
  await expectTableToShow(page, api, {});

  // Status toggles: one, then two at once.
  const statusFilter = page.getByRole('group', { name: 'Status filter' });
  const cancelled = statusFilter.getByRole('button', { name: 'Cancelled' });
  await cancelled.click();
  await expect(cancelled).toHaveAttribute('aria-pressed', 'true');
  const cancelledIds = await expectTableToShow(page, api, { statuses: ['cancelled'] });
  expect(cancelledIds).toHaveLength(3);
  for (const id of cancelledIds) await expect(row(page, id)).toHaveAttribute('data-status', 'cancelled');
  await statusFilter.getByRole('button', { name: 'Failed' }).click();
  expect(await expectTableToShow(page, api, { statuses: ['cancelled', 'failed'] })).toHaveLength(4);
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(cancelled).toHaveAttribute('aria-pressed', 'false');
  await expectTableToShow(page, api, {});

  // Text search: a substring of the URL.
  const search = page.getByRole('searchbox', { name: 'Search tasks' });
  await search.fill('checkout');
  const found = await expectTableToShow(page, api, { search: 'checkout' });
  expect(found).toHaveLength(2);
  await expect(grid(page).getByRole('gridcell', { name: 'https://gamma.test/checkout/pay' })).toBeVisible();
  await search.fill('');
  await expectTableToShow(page, api, {});

  // Domain: exact host name, applied on Enter; with a status on top.
  const domain = page.getByRole('combobox', { name: 'Domain' });
  await domain.fill('beta.test');
  await domain.press('Enter');
  const beta = await expectTableToShow(page, api, { domain: 'beta.test' });
  expect(beta).toHaveLength(9);
  await statusFilter.getByRole('button', { name: 'Pending' }).click();
  await expectTableToShow(page, api, { domain: 'beta.test', statuses: ['pending'] });
  await domain.fill('no-such-domain.test');
  await domain.press('Enter');
  await expect(page.getByText('No task matches these filters')).toBeVisible();
  await expect(page.getByTestId('task-total')).toHaveText('0 tasks');
  await page.getByRole('button', { name: 'Clear filters' }).first().click();
  await expect(domain).toHaveValue('');
  await expectTableToShow(page, api, {});

  // Sort: a header click sorts by it, a second click reverses; aria-sort says which.
  const urlHeader = grid(page).getByRole('columnheader', { name: 'URL' });
  const idHeader = grid(page).getByRole('columnheader', { name: 'ID' });
  await expect(idHeader).toHaveAttribute('aria-sort', 'descending');
  await grid(page).getByRole('button', { name: 'URL', exact: true }).click();
  await expect(urlHeader).toHaveAttribute('aria-sort', 'ascending');
  await expect(idHeader).toHaveAttribute('aria-sort', 'none');
  const byUrl = await expectTableToShow(page, api, { sortBy: 'url', sortDirection: 'asc' });
  const tasks = await allTasks(api);
  const urls = byUrl.map((id) => tasks.get(id)?.url ?? '');
  expect(urls).toEqual([...urls].sort());
  expect(byUrl).not.toEqual(everything);
  await grid(page).getByRole('button', { name: 'URL', exact: true }).click();
  await expect(urlHeader).toHaveAttribute('aria-sort', 'descending');
  expect(await expectTableToShow(page, api, { sortBy: 'url', sortDirection: 'desc' })).toEqual([...byUrl].reverse());
  await grid(page).getByRole('button', { name: 'Status', exact: true }).click();
  await expect(grid(page).getByRole('columnheader', { name: 'Status' })).toHaveAttribute('aria-sort', 'ascending');
  const byStatus = await expectTableToShow(page, api, { sortBy: 'status', sortDirection: 'asc' });
  const statuses = byStatus.map((id) => tasks.get(id)?.status);
  expect(new Set(statuses).size).toBe(4);
  // Every status in view: the screen's pictures, light and dark (no header under the mouse).
  await page.mouse.move(640, 790);
  await saveScreenshot(page, testInfo, 'tasks');
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const light = await background();
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect.poll(background, { message: 'the dark theme follows prefers-color-scheme' }).not.toBe(light);
  await saveScreenshot(page, testInfo, 'tasks-dark');
  await page.emulateMedia({ colorScheme: 'light' });
  // Back to the default order for the next test.
  await grid(page).getByRole('button', { name: 'ID', exact: true }).click();
  await expect(idHeader).toHaveAttribute('aria-sort', 'descending');
  await expectTableToShow(page, api, {});
});

test('rows selected by click, Shift-click and Ctrl-click are cancelled, retried and deleted in the store', async ({ appPage: page, api }) => {
  const order = await expectTableToShow(page, api, {});
  const before = await allTasks(api);
  const count = page.getByTestId('selection-count');
  const at = (index: number) => row(page, order[index] as number);
  // The URL cell: a click there selects, and does not land on the row's checkbox.
  const click = (index: number, modifiers: ('Shift' | 'ControlOrMeta')[] = []) => at(index).getByRole('gridcell').nth(3).click({ modifiers });

  // Click, then Shift-click: the range; Ctrl-click adds one and takes one out.
  await click(0);
  await expect(count).toHaveText('1 selected');
  await expect(page.getByRole('complementary', { name: `Task ${order[0]} detail` })).toBeVisible();
  await page.getByRole('button', { name: 'Close detail' }).click();
  await click(4, ['Shift']);
  await expect(count).toHaveText('5 selected');
  await click(6, ['ControlOrMeta']);
  await click(2, ['ControlOrMeta']);
  await expect(count).toHaveText('5 selected');
  const picked = [0, 1, 3, 4, 6].map((index) => order[index] as number);
  for (const id of order.slice(0, 8)) await expect(row(page, id)).toHaveAttribute('aria-selected', String(picked.includes(id)));
  for (const id of picked) expect(before.get(id)?.status).toBe('pending');

  // Cancel: exactly these five become cancelled in the store.
  await page.getByRole('button', { name: 'Cancel selected tasks' }).click();
  await expect(page.getByTestId('notice').filter({ hasText: 'Cancelled 5 tasks' })).toBeVisible();
  const afterCancel = await allTasks(api);
  expect(statusOf(afterCancel)).toEqual({ ...statusOf(before), ...Object.fromEntries(picked.map((id) => [id, 'cancelled'])) });
  for (const id of picked) await expect(row(page, id)).toHaveAttribute('data-status', 'cancelled');
  expect((await api.call('getStats')).byStatus.cancelled).toBe(3 + 5);

  // Retry three cancelled tasks and the completed one: the cancelled go back to pending with a
  // fresh set of attempts; a completed task cannot be retried, and the notice says so.
  const completedId = [...afterCancel.values()].find((task) => task.status === 'completed')?.id as number;
  await page.getByRole('button', { name: 'Clear selection' }).click();
  await expect(count).toHaveText('None selected');
  // This time by the rows' checkboxes.
  const retried = [0, 1, 3].map((index) => order[index] as number);
  for (const id of retried) await row(page, id).getByRole('checkbox', { name: `Select task ${id}` }).check();
  await row(page, completedId).getByRole('checkbox', { name: `Select task ${completedId}` }).check();
  await expect(count).toHaveText('4 selected');
  await page.getByRole('button', { name: 'Retry selected tasks' }).click();
  await expect(page.getByTestId('notice').filter({ hasText: /^Queued again 3 tasks; 1 could not/ })).toBeVisible();
  const afterRetry = await allTasks(api);
  expect(statusOf(afterRetry)).toEqual({ ...statusOf(afterCancel), ...Object.fromEntries(retried.map((id) => [id, 'pending'])) });
  for (const id of retried) expect(afterRetry.get(id)).toMatchObject({ status: 'pending', attempts: 0, error: null });
  expect(afterRetry.get(completedId)?.status).toBe('completed');

  // Delete asks first; Keep keeps them, Delete removes them from the store.
  await page.getByRole('button', { name: 'Clear selection' }).click();
  await click(5);
  await click(7, ['Shift']);
  await expect(count).toHaveText('3 selected');
  const doomed = [5, 6, 7].map((index) => order[index] as number);
  await page.getByRole('button', { name: 'Delete selected tasks' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete 3 tasks?' });
  await confirm.getByRole('button', { name: 'Keep' }).click();
  await expect(confirm).toBeHidden();
  expect((await api.call('getStats')).total).toBe(order.length);
  await page.getByRole('button', { name: 'Delete selected tasks' }).click();
  await confirm.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(page.getByTestId('notice').filter({ hasText: 'Deleted 3 tasks' })).toBeVisible();
  for (const id of doomed) {
    const lookup = await api.attempt('getTask', id);
    expect(lookup.ok ? 'still there' : lookup.error.code, `task ${id}`).toBe('not_found');
  }
  const afterDelete = await allTasks(api);
  expect([...afterDelete.keys()].sort((a, b) => a - b)).toEqual(order.filter((id) => !doomed.includes(id)).sort((a, b) => a - b));
  expect((await api.call('getStats')).total).toBe(order.length - 3);
  await expect(page.getByTestId('task-total')).toHaveText(`${order.length - 3} tasks`);
  await expect(count).toHaveText('None selected');
  for (const id of doomed) await expect(row(page, id)).toHaveCount(0);
  await expect.poll(() => shownIds(page)).toEqual(order.filter((id) => !doomed.includes(id)));
});
