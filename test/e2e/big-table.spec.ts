// 100,000 tasks in the store, then the app opens on them: the table shows its first rows and the
// total, and rows in the middle and at the end come when the grid is scrolled there (real rows
// with their task id, matching what the store has at that position). How long the first row
// takes is measured and printed (an annotation of the test), never asserted: it depends on the
// machine.
//
// The tasks are written on the host side, straight into the core's service, in a few large
// transactions, with the queue paused first, so none of them ever runs. Their URLs are under
// `.test` (RFC 6761: never resolvable): nothing is contacted.
import type { Locator } from '@playwright/test';
import { expect, test, type E2EHost } from './fixtures';

const TOTAL = 100_000;
const CHUNK = 25_000;

/** The i-th URL (1-based): distinct, over 20 domains. */
function urlOf(i: number): string {
  return `https://site-${i % 20}.test/item/${i}`;
}

async function fillStore(host: E2EHost): Promise<number> {
  await host.invoke('pauseQueue');
  const started = performance.now();
  for (let first = 1; first <= TOTAL; first += CHUNK) {
    const urls = Array.from({ length: Math.min(CHUNK, TOTAL - first + 1) }, (_, k) => urlOf(first + k));
    const result = host.web.core.service.importList({
      text: urls.join('\n'),
      format: 'text',
      source: 'e2e',
      createBatch: false,
      // Each chunk is new: no need to look for the URLs among the queued ones.
      settings: { skipActive: false, options: { screenshots: false } },
    });
    expect(result.created).toBe(urls.length);
  }
  return performance.now() - started;
}

/** The task rows in the DOM as [aria-rowindex, task id], in table order. */
function renderedRows(grid: Locator): Promise<[number, number][]> {
  return grid.locator('[role="row"][data-task-id]').evaluateAll((rows) =>
    rows.map((row): [number, number] => [Number(row.getAttribute('aria-rowindex')), Number(row.getAttribute('data-task-id'))]).sort((a, b) => a[0] - b[0]),
  );
}

test('100,000 tasks: the table shows the first rows fast, and real rows in the middle and at the end', async ({ page, host, api, consoleErrors }, testInfo) => {
  test.setTimeout(120_000);
  const insertMs = await fillStore(host);
  const stats = await host.invoke('getStats');
  expect(stats.total).toBe(TOTAL);
  expect(stats.byStatus.pending).toBe(TOTAL);

  // The moment the first real row enters the DOM, and the frame after (painted), in the page's
  // own clock: milliseconds since the navigation started.
  await page.addInitScript(() => {
    const marks: { inserted?: number; painted?: number } = {};
    (window as unknown as { __firstRow: typeof marks }).__firstRow = marks;
    const observer = new MutationObserver(() => {
      if (!document.querySelector('[role="row"][data-task-id]')) return;
      observer.disconnect();
      marks.inserted = performance.now();
      requestAnimationFrame(() => requestAnimationFrame(() => (marks.painted = performance.now())));
    });
    observer.observe(document, { childList: true, subtree: true });
  });
  const navigationStarted = performance.now();
  await page.goto(host.url);
  const grid = page.getByRole('grid', { name: 'Tasks' });
  await expect(grid.locator('[role="row"][data-task-id]').first()).toBeVisible({ timeout: 30_000 });
  const wallMs = performance.now() - navigationStarted;
  await expect.poll(() => page.evaluate(() => (window as unknown as { __firstRow: { painted?: number } }).__firstRow.painted)).toBeGreaterThan(0);
  const marks = await page.evaluate(() => (window as unknown as { __firstRow: { inserted: number; painted: number } }).__firstRow);
  const report = `first row of ${TOTAL.toLocaleString('en-US')} tasks: in the DOM ${Math.round(marks.inserted)} ms, painted ${Math.round(marks.painted)} ms after navigation start (test side, goto to visible: ${Math.round(wallMs)} ms); store filled in ${Math.round(insertMs)} ms`;
  console.log(report);
  testInfo.annotations.push({ type: 'time to first row', description: report });

  // The total, and the first rows: the newest tasks (ids descending).
  await expect(page.getByTestId('task-total')).toHaveText('100,000 tasks');
  await expect(page.getByTestId('count-total')).toHaveText('100,000 tasks');
  await expect(grid).toHaveAttribute('aria-rowcount', String(TOTAL + 1));
  const firstRow = grid.locator(`[role="row"][data-task-id="${TOTAL}"]`);
  await expect(firstRow).toHaveAttribute('aria-rowindex', '2');
  await expect(firstRow.getByRole('gridcell').nth(3)).toHaveText(urlOf(TOTAL));
  await expect(firstRow).toHaveAttribute('data-status', 'pending');

  /** Scrolls the grid to a share of its height; checks that real rows show there and are the store's. */
  const scrollTo = async (share: number): Promise<[number, number][]> => {
    await grid.evaluate((element, to) => {
      element.scrollTop = to * (element.scrollHeight - element.clientHeight);
    }, share);
    const wanted = Math.round(share * TOTAL);
    // Real rows (not placeholders) around that row, and no placeholder left in view.
    await expect
      .poll(async () => (await renderedRows(grid)).some(([index]) => Math.abs(index - 2 - wanted) < 60), { message: `rows near row ${wanted}`, timeout: 20_000 })
      .toBe(true);
    await expect(grid.locator('[role="row"][aria-busy="true"]')).toHaveCount(0, { timeout: 20_000 });
    const rows = (await renderedRows(grid)).filter(([index]) => Math.abs(index - 2 - wanted) < 60);
    // What the store has at those positions, for the table's query (id descending).
    const [firstIndex] = rows[0] as [number, number];
    const page = await api.call('listTasks', { sortBy: 'id', sortDirection: 'desc', offset: firstIndex - 2, limit: rows.length });
    expect(rows.map(([, id]) => id)).toEqual(page.tasks.map((task) => task.id));
    return rows;
  };

  const middle = await scrollTo(0.5);
  expect(middle.length).toBeGreaterThan(10);
  for (const [index, id] of middle) expect(id).toBe(TOTAL - (index - 2));
  const [middleIndex, middleId] = middle[Math.floor(middle.length / 2)] as [number, number];
  await expect(grid.locator(`[role="row"][data-task-id="${middleId}"]`).getByRole('gridcell').nth(3)).toHaveText(urlOf(middleId));
  expect(middleIndex).toBeGreaterThan(49_900);

  const end = await scrollTo(1);
  expect(end.at(-1)).toEqual([TOTAL + 1, 1]);
  await expect(grid.locator('[role="row"][data-task-id="1"]').getByRole('gridcell').nth(3)).toHaveText(urlOf(1));

  // And back to the top.
  await scrollTo(0);
  await expect(firstRow).toBeVisible();
  expect(consoleErrors).toEqual([]);
});
