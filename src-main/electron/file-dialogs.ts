// The file dialogs of the File menu. Main reads the list the user opened and hands the window
// its text (the window never names a file to read); a file chosen for an export is remembered
// as chosen, and exports go only there (core/user-chosen-paths.ts).
import { readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { app, dialog, type BrowserWindow } from 'electron';
import { MAX_LIST_TEXT_LENGTH } from '../../src-shared/task-input';
import type { UserChosenPaths } from '../core/user-chosen-paths';

export async function chooseListFile(window: BrowserWindow): Promise<{ fileName: string; text: string } | null> {
  const result = await dialog.showOpenDialog(window, {
    title: 'Open a URL list',
    properties: ['openFile'],
    filters: [
      { name: 'URL lists', extensions: ['txt', 'csv', 'json', 'html', 'htm'] },
      { name: 'All files', extensions: ['*'] },
    ],
  });
  const path = result.canceled ? undefined : result.filePaths[0];
  if (!path) return null;
  const { size } = await stat(path);
  // The import request's own limit on a list's text, in bytes here (a file's size).
  if (size > MAX_LIST_TEXT_LENGTH) {
    dialog.showErrorBox('The list is too large', `${basename(path)} has ${Math.round(size / 1024 / 1024)} MB; a list may have up to 200 MB.`);
    return null;
  }
  return { fileName: basename(path), text: await readFile(path, 'utf8') };
}

export async function chooseExportFile(window: BrowserWindow, chosen: UserChosenPaths, suggestedName?: string): Promise<string | null> {
  const stamp = new Date().toISOString().slice(0, 10);
  const result = await dialog.showSaveDialog(window, {
    title: 'Export tasks',
    defaultPath: join(app.getPath('documents'), basename(suggestedName ?? `webagent-export-${stamp}.json`)),
    filters: [
      { name: 'JSON', extensions: ['json'] },
      { name: 'JSON Lines', extensions: ['jsonl'] },
    ],
  });
  if (result.canceled || !result.filePath) return null;
  chosen.add(result.filePath);
  return result.filePath;
}
