// The Settings screen and the Export dialog on the real core. Settings: values changed in the
// form and saved are there after a reload and in `getSettings`; a refused save names each wrong
// field with the host's message and stores nothing (neither through the API nor in the file).
// Export: tasks run to completion, the dialog writes to a typed path (the test host has no save
// dialog) a JSON document and a JSON Lines file that validate against the checked-in JSON
// Schema with ajv, hold the tasks, and have their screenshots beside them.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { ExportDocument, ExportedTask } from '../../src-shared/export-format';
import { assertValidExportDocument, assertValidExportedTask } from '../helpers/export-schema';
import { makeTempDir } from '../helpers/temp-store';
import { expect, saveScreenshot, test, type AppWindow } from './fixtures';

// The tests share the file's host: the refused save starts from what the first test saved.
test.describe.configure({ mode: 'serial' });

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

async function openSettings(page: Page) {
  await page.getByRole('tablist', { name: 'Screens' }).getByRole('tab', { name: 'Settings' }).click();
  const form = page.getByRole('form', { name: 'Settings' });
  await expect(form).toBeVisible();
  return form;
}

test('settings saved in the form survive a reload and are what getSettings answers', async ({ appPage: page, api, consoleErrors }, testInfo) => {
  const before = await api.call('getSettings');
  expect(before).toMatchObject({ concurrency: 5, timeoutMs: 30_000, blockDomains: [], fastMode: false });
  let form = await openSettings(page);
  const footer = form.locator('footer');
  await expect(footer).toContainText('All changes saved');
  await expect(form.getByRole('button', { name: 'Save settings' })).toBeDisabled();

  await form.getByLabel('Concurrency').fill('3');
  await form.getByLabel('Page timeout (ms)').fill('45000');
  await form.getByLabel('Blocked domains').fill('ads.example.com\n\nTracker.Example.org');
  await form.getByLabel('Fast mode').check();
  await expect(footer).toContainText('Unsaved changes');
  await form.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByTestId('notice').filter({ hasText: 'Settings saved' })).toBeVisible();
  await expect(footer).toContainText('All changes saved');

  const saved = await api.call('getSettings');
  // Host names are stored lower-cased; blank lines are not names.
  expect(saved).toEqual({ ...before, concurrency: 3, timeoutMs: 45_000, blockDomains: ['ads.example.com', 'tracker.example.org'], fastMode: true });
  // The queue takes the new concurrency.
  await expect(page.getByTestId('queue-status')).toHaveText(/ of 3$/);

  await page.reload();
  await page.waitForFunction(() => typeof (window as unknown as Partial<AppWindow>).webagent?.getSettings === 'function');
  form = await openSettings(page);
  await expect(form.getByLabel('Concurrency')).toHaveValue('3');
  await expect(form.getByLabel('Page timeout (ms)')).toHaveValue('45000');
  await expect(form.getByLabel('Blocked domains')).toHaveValue('ads.example.com\ntracker.example.org');
  await expect(form.getByLabel('Fast mode')).toBeChecked();
  await expect(form.getByLabel('Take screenshots')).toBeChecked();
  await expect(form.locator('footer')).toContainText('All changes saved');
  await saveScreenshot(page, testInfo, 'settings');
  expect(consoleErrors).toEqual([]);
});

test('a refused save names each wrong field and stores nothing', async ({ appPage: page, api, host }) => {
  const before = await api.call('getSettings');
  const settingsFile = join(host.dir, 'settings.json');
  const fileBefore = readFileSync(settingsFile, 'utf8');
  const form = await openSettings(page);

  // Three wrong values and a right one: all are checked before any is stored.
  await form.getByLabel('Concurrency').fill('99');
  await form.getByLabel('Blocked domains').fill('ads.example.com\ntracker.example.org\nnot a host!');
  await form.getByLabel('Remote browsers').fill('ws://127.0.0.1:3000/#capacity=4\nftp://127.0.0.1/');
  await form.getByLabel('Page timeout (ms)').fill('50000');
  await form.getByRole('button', { name: 'Save settings' }).click();

  await expect(form.getByTestId('setting-error-concurrency')).toHaveText('must be a whole number from 1 to 64');
  await expect(form.getByTestId('setting-error-browserEndpoints')).toHaveText('line 2: "ftp://127.0.0.1/": a browser endpoint is a ws://, wss://, http:// or https:// URL');
  await expect(form.getByTestId('setting-error-blockDomains')).toHaveText('line 3: "not a host!" is not a host name (like ads.example.com)');
  await expect(form.getByLabel('Concurrency')).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByLabel('Blocked domains')).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByLabel('Page timeout (ms)')).not.toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByTestId('setting-error-timeoutMs')).toHaveCount(0);
  await expect(form.locator('footer').getByRole('alert')).toHaveText('Some settings were refused: see the marked fields.');
  // The draft is kept for the user to fix.
  await expect(form.getByLabel('Concurrency')).toHaveValue('99');
  await expect(form.locator('footer')).toContainText('Unsaved changes');

  expect(await api.call('getSettings')).toEqual(before);
  expect(readFileSync(settingsFile, 'utf8')).toBe(fileBefore);
  await expect(page.getByTestId('queue-status')).toHaveText(/ of 3$/);

  // Editing a field clears its message; Discard brings the saved values back.
  await form.getByLabel('Concurrency').fill('4');
  await expect(form.getByTestId('setting-error-concurrency')).toHaveCount(0);
  await form.getByRole('button', { name: 'Discard changes' }).click();
  await expect(form.getByLabel('Concurrency')).toHaveValue('3');
  await expect(form.getByLabel('Page timeout (ms)')).toHaveValue('45000');
  await expect(form.getByTestId('setting-error-blockDomains')).toHaveCount(0);
  await expect(form.getByLabel('Remote browsers')).toHaveValue('');
  expect(await api.call('getSettings')).toEqual(before);
});

test('the Export dialog writes JSON and JSON Lines that match the schema, with the screenshots beside', async ({ appPage: page, api, host, consoleErrors }, testInfo) => {
  const urls = ['/fixtures/simple.html', '/fixtures/with-image.html', '/fixtures/extract-labels.html'].map((path) => host.fixtures.url(path));
  const imported = await api.call('importList', { text: urls.join('\n'), source: 'e2e', settings: { options: { screenshots: true, fastMode: false } } });
  const ids = imported.taskIds;
  expect(ids).toHaveLength(3);
  const grid = page.getByRole('grid', { name: 'Tasks' });
  for (const id of ids) {
    await expect(grid.locator(`[role="row"][data-task-id="${id}"]`)).toHaveAttribute('data-status', 'completed', { timeout: 45_000 });
  }
  for (const id of ids) expect((await host.invoke('getTask', id)).status).toBe('completed');

  const out = makeTempDir('webagent-e2e-export-');
  try {
    // JSON, every task, with screenshots.
    await page.getByRole('banner').getByRole('button', { name: 'Export…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export' });
    await expect(dialog.getByRole('radio', { name: 'All tasks' })).toBeChecked();
    await expect(dialog.getByRole('radio', { name: /^Selected tasks/ })).toBeDisabled();
    await dialog.getByRole('radio', { name: 'JSON (one document)' }).check();
    await expect(dialog.getByRole('checkbox', { name: 'Include screenshots (copied beside the file)' })).toBeChecked();
    // No path yet: the dialog says so and writes nothing.
    await dialog.getByRole('button', { name: 'Export', exact: true }).click();
    await expect(dialog.getByRole('alert')).toHaveText('Choose where to write the export.');
    const jsonPath = join(out, 'nested', 'export.json');
    await dialog.getByRole('textbox', { name: 'Output file path' }).fill(jsonPath);
    await dialog.getByRole('button', { name: 'Export', exact: true }).click();
    const result = dialog.getByRole('status', { name: 'Export result' });
    await expect(result).toContainText(`Exported 3 tasks to ${jsonPath}`);
    await expect(result).toContainText('json · 3 screenshots');
    await saveScreenshot(page, testInfo, 'export-dialog');

    expect(existsSync(jsonPath)).toBe(true);
    const document: unknown = JSON.parse(readFileSync(jsonPath, 'utf8'));
    assertValidExportDocument(document);
    const exported = document as ExportDocument;
    expect(exported.format).toBe('webagent.export/v1');
    expect(exported.tasks.map((task) => task.id)).toEqual(ids);
    expect(exported.tasks.map((task) => task.url)).toEqual(urls);
    for (const task of exported.tasks) {
      expect(task.status).toBe('completed');
      expect(task.page?.screenshot).toBe(`export-screenshots/${task.id}.png`);
      expect(task.page?.elements.length).toBe((await host.invoke('getPage', task.id))?.elements.length);
    }
    expect(exported.tasks[0]?.page?.title).toBe('Simple page');
    const jsonShots = join(out, 'nested', 'export-screenshots');
    expect(readdirSync(jsonShots).sort()).toEqual(ids.map((id) => `${id}.png`).sort());
    for (const id of ids) expect([...readFileSync(join(jsonShots, `${id}.png`)).subarray(0, 8)]).toEqual(PNG_SIGNATURE);

    // JSON Lines of the same tasks, to another file: one valid task per line.
    await dialog.getByRole('radio', { name: 'JSON Lines (one task per line)' }).check();
    const linesPath = join(out, 'tasks.jsonl');
    await dialog.getByRole('textbox', { name: 'Output file path' }).fill(linesPath);
    await dialog.getByRole('button', { name: 'Export', exact: true }).click();
    await expect(result).toContainText(`Exported 3 tasks to ${linesPath}`);
    await expect(result).toContainText('jsonl · 3 screenshots');
    const text = readFileSync(linesPath, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.trimEnd().split('\n').map((line): ExportedTask => {
      const value: unknown = JSON.parse(line);
      assertValidExportedTask(value);
      return value as ExportedTask;
    });
    expect(lines.map((task) => task.id)).toEqual(ids);
    // The same tasks as the JSON document, but for where their screenshots are.
    const relinked = (task: ExportedTask) => ({ ...task, page: task.page ? { ...task.page, screenshot: null } : null });
    expect(lines.map(relinked)).toEqual(exported.tasks.map(relinked));
    for (const task of lines) expect(task.page?.screenshot).toBe(`tasks-screenshots/${task.id}.png`);
    expect(readdirSync(join(out, 'tasks-screenshots')).sort()).toEqual(ids.map((id) => `${id}.png`).sort());

    await dialog.getByRole('button', { name: 'Close', exact: true }).last().click();
    await expect(dialog).toBeHidden();
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  expect(consoleErrors).toEqual([]);
});
