// Import by drag and drop, through the whole app: a list file dropped on the window is
// previewed (URLs to add, the duplicate, each invalid line with its number and reason), the
// confirmed import becomes rows that run to completion on the real queue, and a completed
// task's detail shows its screenshot with the element boxes; an element's copied CSS selector
// and XPath each find exactly that element, and only it, in the live page.
import type { Page } from '@playwright/test';
import type { PageElement, Task } from '../../src-shared/domain';
import { dropFiles, expect, saveScreenshot, test, type E2EHost, type PageApi } from './fixtures';

// The tests share the file's host: the second opens a task the first imported.
test.describe.configure({ mode: 'serial' });

/** Fixture pages by role in the list; `slow` answers after 3 s, so its row is seen running. */
function listUrls(host: E2EHost) {
  return {
    simple: host.fixtures.url('/fixtures/simple.html'),
    states: host.fixtures.url('/fixtures/extract-states.html'),
    labels: host.fixtures.url('/fixtures/extract-labels.html'),
    products: host.fixtures.url('/fixtures/e2e-products.html'),
    slow: host.fixtures.url('/slow-first-byte?ms=3000'),
  };
}

async function tasksByUrl(api: PageApi): Promise<Map<string, Task>> {
  const { tasks } = await api.call('listTasks', { limit: 100 });
  return new Map(tasks.map((task) => [task.url, task]));
}

/** What the rows showed, every time one changed: task id, status and progress value. */
async function watchRows(page: Page): Promise<void> {
  await page.evaluate(() => {
    const log: { id: number; status: string; value: number | null }[] = [];
    const last = new Map<number, string>();
    const record = () => {
      for (const row of document.querySelectorAll<HTMLElement>('[role="row"][data-task-id]')) {
        const id = Number(row.dataset.taskId);
        const status = row.dataset.status ?? '';
        const bar = row.querySelector('[role="progressbar"]');
        const value = bar ? Number(bar.getAttribute('aria-valuenow')) : null;
        const key = `${status}:${value}`;
        if (last.get(id) === key) continue;
        last.set(id, key);
        log.push({ id, status, value });
      }
    };
    new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-status', 'aria-valuenow'] });
    (window as unknown as { __rowLog: typeof log }).__rowLog = log;
  });
}

function rowLog(page: Page): Promise<{ id: number; status: string; value: number | null }[]> {
  return page.evaluate(() => (window as unknown as { __rowLog: { id: number; status: string; value: number | null }[] }).__rowLog);
}

test('a dropped list is previewed line by line, and its tasks appear, run and complete', async ({ appPage: page, api, host, consoleErrors }, testInfo) => {
  const urls = listUrls(host);
  const list = [
    urls.simple, // 1
    'not a url', // 2
    urls.states, // 3
    'javascript:alert(1)', // 4
    urls.simple, // 5: a duplicate of line 1
    urls.labels, // 6
    '', // 7: blank lines are skipped, not refused
    urls.products, // 8
    urls.slow, // 9
  ].join('\n');

  await expect(page.getByText('No tasks yet')).toBeVisible();
  const overlay = page.getByTestId('drop-overlay');
  const taken = await dropFiles(page, [{ name: 'list.txt', text: `${list}\n` }], async () => {
    await expect(overlay).toBeVisible();
  });
  expect(taken).toEqual({ dragoverTaken: true, dropTaken: true });
  await expect(overlay).toBeHidden();

  const dialog = page.getByRole('dialog', { name: 'Add URLs' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('list', { name: 'Files to import' }).getByRole('listitem')).toHaveAttribute('data-file-name', 'list.txt');
  const preview = dialog.getByTestId('import-preview').and(dialog.getByLabel('Preview of list.txt'));
  await expect(preview.getByTestId('import-to-add')).toHaveText('5');
  await expect(preview.getByTestId('import-duplicates')).toHaveText(/1 duplicate$/);
  await expect(preview.getByTestId('import-rejected')).toHaveText(/2 invalid lines$/);
  await expect(preview.getByTestId('import-already-queued')).toHaveCount(0);

  // Each refused line with its number, reason (the message in its title) and text.
  const invalid = preview.getByRole('table', { name: 'Invalid lines of list.txt' });
  await expect(invalid).toBeVisible();
  await expect(invalid.locator('tbody tr')).toHaveCount(2);
  const line2 = invalid.locator('tr[data-line="2"] td');
  await expect(line2).toHaveText(['2', 'malformed', 'not a url']);
  await expect(line2.nth(1)).toHaveAttribute('title', /"not a url" is not a URL/);
  const line4 = invalid.locator('tr[data-line="4"] td');
  await expect(line4).toHaveText(['4', 'unsupported scheme', 'javascript:alert(1)']);
  await expect(line4.nth(1)).toHaveAttribute('title', /javascript: URLs are not allowed/);
  // The duplicate is named with the line it repeats.
  await preview.getByText('Duplicates (added once)').click();
  await expect(preview.getByRole('listitem')).toHaveText([`line 5 repeats line 1: ${urls.simple}`]);

  await expect(dialog.getByTestId('import-total')).toHaveText('5 URLs from 1 list');
  const options = dialog.getByRole('group', { name: 'Options for these tasks' });
  await expect(options.getByRole('checkbox', { name: 'Screenshots' })).toBeChecked();
  await saveScreenshot(page, testInfo, 'import-preview');

  // Nothing is stored by a preview.
  expect((await api.call('getStats')).total).toBe(0);

  await watchRows(page);
  await dialog.getByRole('button', { name: 'Import 5 URLs' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('notice').filter({ hasText: 'Added 5 tasks in batch “list.txt”' })).toBeVisible();

  // The store holds the five URLs of the list, once each, in one batch.
  const stored = await tasksByUrl(api);
  expect([...stored.keys()].sort()).toEqual(Object.values(urls).sort());
  const batchIds = new Set([...stored.values()].map((task) => task.batchId));
  expect(batchIds.size).toBe(1);
  expect([...batchIds][0]).not.toBeNull();

  const grid = page.getByRole('grid', { name: 'Tasks' });
  const rows = grid.locator('[role="row"][data-task-id]');
  await expect(rows).toHaveCount(5);
  await expect(page.getByTestId('task-total')).toHaveText('5 tasks');

  // The slow page's row is seen running, its progress short of done, then completes.
  const slow = stored.get(urls.slow) as Task;
  const slowRow = grid.locator(`[role="row"][data-task-id="${slow.id}"]`);
  await expect(slowRow).toHaveAttribute('data-status', 'in_progress');
  await expect(slowRow.getByRole('gridcell').nth(2)).toHaveText('Running');

  // Every task completes; its row says so, with a full progress bar.
  for (const task of stored.values()) {
    const row = grid.locator(`[role="row"][data-task-id="${task.id}"]`);
    await expect(row, `task ${task.id} ${task.url}`).toHaveAttribute('data-status', 'completed', { timeout: 45_000 });
    await expect(row.getByRole('gridcell').nth(2)).toHaveText('Completed');
    await expect(row.getByRole('progressbar', { name: `Progress of task ${task.id}` })).toHaveAttribute('aria-valuenow', '100');
    await expect(row.getByText('done', { exact: true })).toBeVisible();
  }
  await expect(page.getByTestId('count-completed')).toHaveText('Completed 5');
  for (const task of stored.values()) expect((await host.invoke('getTask', task.id)).status).toBe('completed');

  // What the rows went through: the slow task ran with its progress moving up before it ended.
  const seen = (await rowLog(page)).filter((entry) => entry.id === slow.id);
  const running = seen.filter((entry) => entry.status === 'in_progress');
  expect(running.length, JSON.stringify(seen)).toBeGreaterThan(0);
  expect(running.every((entry) => entry.value !== null && entry.value < 100)).toBe(true);
  const values = seen.map((entry) => entry.value ?? 0);
  expect(values, 'progress only moves forward').toEqual([...values].sort((a, b) => a - b));
  expect(seen.at(-1)).toEqual({ id: slow.id, status: 'completed', value: 100 });

  // The dashboard sees them too.
  await page.getByRole('tablist', { name: 'Screens' }).getByRole('tab', { name: 'Dashboard' }).click();
  const dashboard = page.getByRole('region', { name: 'Dashboard' });
  await expect(dashboard.getByTestId('stat-total')).toContainText('5');
  await expect(dashboard.getByTestId('stat-success-rate')).toContainText('100 %');
  await expect(dashboard.getByRole('list', { name: 'Top domains' }).getByRole('listitem')).toHaveCount(1);
  await expect(dashboard.getByTestId('pool-stats')).toBeVisible();
  await saveScreenshot(page, testInfo, 'dashboard');
  await page.getByRole('tablist', { name: 'Screens' }).getByRole('tab', { name: 'Tasks' }).click();

  expect(consoleErrors).toEqual([]);
});

test('a completed task shows its screenshot with boxes; a copied selector and XPath find that element alone', async ({ appPage: page, api, host, context, consoleErrors }, testInfo) => {
  const origin = new URL(host.url).origin;
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  const url = listUrls(host).products;
  const task = (await tasksByUrl(api)).get(url);
  expect(task?.status).toBe('completed');
  if (!task) return;
  const parsed = await host.invoke('getPage', task.id);
  expect(parsed).not.toBeNull();
  if (!parsed) return;

  // The third "Add to cart": three buttons alike, told apart only by their place in the page.
  const addButtons = parsed.elements.filter((element) => element.tag === 'button' && element.name === 'Add to cart').sort((a, b) => a.bbox.y - b.bbox.y);
  expect(addButtons).toHaveLength(3);
  const target = addButtons[2] as PageElement;
  expect(target.xpath).not.toBeNull();

  const grid = page.getByRole('grid', { name: 'Tasks' });
  await grid.locator(`[role="row"][data-task-id="${task.id}"]`).getByRole('gridcell').nth(3).click();
  const detail = page.getByRole('complementary', { name: `Task ${task.id} detail` });
  await expect(detail).toBeVisible();
  await expect(detail.getByTestId('detail-url')).toHaveText(url);
  await expect(detail.getByRole('heading', { level: 2 })).toHaveText(`#${task.id} Product list`);
  await detail.getByRole('tablist', { name: 'Task detail sections' }).getByRole('tab', { name: /^Elements/ }).click();

  // The screenshot loads (a real PNG of the page's width) and the boxes are drawn over it.
  const image = detail.getByRole('img', { name: `Screenshot of ${parsed.finalUrl}` });
  await expect(image).toBeVisible();
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1280);
  const size = await image.evaluate((img: HTMLImageElement) => ({ width: img.naturalWidth, height: img.naturalHeight }));
  const svg = detail.getByTestId('element-boxes');
  await expect(svg).toBeVisible();
  await expect(svg).toHaveAttribute('viewBox', `0 0 ${size.width} ${size.height}`);
  const drawn = parsed.elements.filter((element) => element.bbox.width > 0 && element.bbox.height > 0);
  expect(drawn.length).toBeGreaterThanOrEqual(8);
  const boxes = svg.getByTestId('element-box');
  await expect(boxes).toHaveCount(drawn.length);
  await expect(detail.getByTestId('element-count')).toHaveText(`${parsed.elements.length} of ${parsed.elements.length} elements`);
  // The boxes lie on the image: the SVG covers it exactly, and each box sits inside.
  const [imageBox, svgBox] = [await image.boundingBox(), await svg.boundingBox()];
  expect(svgBox).toEqual(imageBox);
  const targetBox = svg.locator(`[data-testid="element-box"][data-element-index="${target.index}"]`);
  await expect(targetBox).toHaveAttribute('data-selector', target.cssSelector);
  await expect(targetBox).toHaveAttribute('data-xpath', target.xpath ?? '');
  const shown = await targetBox.boundingBox();
  if (!shown || !imageBox) throw new Error('the box or the image has no layout box');
  // Where the element's box should be on the scaled image; the drawn box also has its stroke.
  const scale = imageBox.width / size.width;
  const expected = { x: imageBox.x + target.bbox.x * scale, y: imageBox.y + target.bbox.y * scale, width: target.bbox.width * scale, height: target.bbox.height * scale };
  for (const key of ['x', 'y', 'width', 'height'] as const) {
    expect(Math.abs(shown[key] - expected[key]), `box ${key}: ${shown[key]} drawn, ${expected[key]} expected`).toBeLessThan(2);
  }

  // Hovering the box highlights it and its row.
  await detail.getByRole('searchbox', { name: 'Search elements' }).fill('Add to cart');
  await expect(detail.getByTestId('element-count')).toHaveText(`3 of ${parsed.elements.length} elements`);
  await expect(boxes).toHaveCount(3);
  const row = detail.getByRole('grid', { name: 'Elements' }).locator(`[role="row"][data-element-index="${target.index}"]`);
  await targetBox.hover();
  await expect(targetBox).toHaveAttribute('data-highlighted', 'true');
  await expect(row).toHaveAttribute('data-highlighted', 'true');
  await detail.getByRole('searchbox', { name: 'Search elements' }).fill('');
  await expect(boxes).toHaveCount(drawn.length);
  await page.mouse.move(0, 0);

  // Copy both through the clipboard, as a user would paste them.
  const readClipboard = () => page.evaluate(() => navigator.clipboard.readText());
  await page.evaluate(() => navigator.clipboard.writeText('nothing copied yet'));
  const copyCss = row.getByRole('button', { name: `Copy CSS selector of element ${target.index}` });
  await copyCss.click();
  await expect(copyCss).toHaveText('Copied');
  await expect.poll(readClipboard).not.toBe('nothing copied yet');
  const selector = await readClipboard();
  const copyXPath = row.getByRole('button', { name: `Copy XPath of element ${target.index}` });
  await copyXPath.click();
  await expect(copyXPath).toHaveText('Copied');
  await expect.poll(readClipboard).not.toBe(selector);
  const xpath = await readClipboard();
  expect(selector).toBe(target.cssSelector);
  expect(xpath).toBe(target.xpath);

  // The live page, in another tab of the same browser: both find one element, the same one,
  // and it is the third card's button.
  const live = await context.newPage();
  await live.goto(url);
  const found = await live.evaluate(
    ({ selector, xpath }) => {
      const bySelector = document.querySelectorAll(selector);
      const byXPath = document.evaluate(xpath, document, null, XPathResult.ORDERED_NODE_SNAPSHOT_TYPE, null);
      const element = bySelector[0] as HTMLElement | undefined;
      return {
        selectorCount: bySelector.length,
        xpathCount: byXPath.snapshotLength,
        same: bySelector.length > 0 && byXPath.snapshotItem(0) === element,
        tag: element?.tagName.toLowerCase(),
        text: element?.textContent?.trim(),
        card: element?.closest('li')?.querySelector('.name')?.textContent,
      };
    },
    { selector, xpath },
  );
  expect(found).toEqual({ selectorCount: 1, xpathCount: 1, same: true, tag: target.tag, text: target.name, card: 'Green kettle' });

  // Every element of the page, as its box names it: one node per selector and per XPath, the
  // same node, of the element's tag.
  const named = await boxes.evaluateAll((rects) => rects.map((rect) => ({ index: Number(rect.getAttribute('data-element-index')), selector: rect.getAttribute('data-selector') ?? '', xpath: rect.getAttribute('data-xpath') ?? '' })));
  expect(named).toHaveLength(drawn.length);
  const resolved = await live.evaluate((list) => {
    return list.map(({ index, selector, xpath }) => {
      const bySelector = document.querySelectorAll(selector);
      const byXPath = document.evaluate(xpath, document, null, XPathResult.ORDERED_NODE_SNAPSHOT_TYPE, null);
      return { index, selectorCount: bySelector.length, xpathCount: byXPath.snapshotLength, same: byXPath.snapshotItem(0) === bySelector[0], tag: bySelector[0]?.tagName.toLowerCase() };
    });
  }, named);
  const tagOf = new Map(parsed.elements.map((element) => [element.index, element.tag]));
  expect(resolved).toEqual(named.map(({ index }) => ({ index, selectorCount: 1, xpathCount: 1, same: true, tag: tagOf.get(index) })));
  await live.close();

  // The picture of the screen: a page with more kinds of elements, the detail expanded.
  const labels = (await tasksByUrl(api)).get(listUrls(host).labels) as Task;
  await page.getByRole('button', { name: 'Close detail' }).click();
  await grid.locator(`[role="row"][data-task-id="${labels.id}"]`).getByRole('gridcell').nth(3).click();
  const labelsDetail = page.getByRole('complementary', { name: `Task ${labels.id} detail` });
  await labelsDetail.getByRole('tab', { name: /^Elements/ }).click();
  await labelsDetail.getByRole('button', { name: 'Expand the detail' }).click();
  await expect(labelsDetail.getByRole('button', { name: 'Show the table beside the detail' })).toHaveAttribute('aria-pressed', 'true');
  await expect(labelsDetail.getByTestId('element-boxes')).toBeVisible();
  await expect(labelsDetail.getByTestId('element-box').first()).toBeVisible();
  // At the page's own size, so the boxes read in the picture.
  await labelsDetail.getByRole('combobox', { name: 'Screenshot zoom' }).selectOption('1');
  await expect.poll(() => labelsDetail.getByRole('img', { name: /^Screenshot of / }).evaluate((img) => img.getBoundingClientRect().width)).toBe(1280);
  await saveScreenshot(page, testInfo, 'task-detail');

  expect(consoleErrors).toEqual([]);
});
