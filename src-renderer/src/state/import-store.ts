// Adding URLs: the lists waiting in the import dialog (dropped or chosen files, pasted text),
// each one's preview (how many URLs, duplicates, refused lines) and the batch options. Confirm
// imports each file as its own batch (one `importList` call per file), then the pasted text.
import { create } from 'zustand';
import type { ImportListRequestInput, ImportPreview, ImportResult } from '../../../src-shared/task-input';
import { api } from '../api';
import { errorMessage } from '../lib/api-error';
import { formatCount } from '../lib/format';
import type { ListFile, UnreadableFile } from '../lib/read-files';
import { notify } from './notices-store';
import { useSettingsStore } from './settings-store';

export interface ImportOptions {
  screenshots: boolean;
  fastMode: boolean;
  priority: number;
  /** Skip URLs that already have a pending or running task. */
  skipActive: boolean;
}

export interface ImportSource {
  key: number;
  /** null: the pasted text. */
  fileName: string | null;
  text: string;
  preview: ImportPreview | null;
  previewing: boolean;
  error: string | null;
}

interface ImportState {
  files: ImportSource[];
  paste: ImportSource;
  unreadable: UnreadableFile[];
  options: ImportOptions;
  importing: boolean;
  /** Empties the dialog and takes the batch options from the settings. */
  start(): void;
  addFiles(files: ListFile[], unreadable?: UnreadableFile[]): void;
  removeFile(key: number): void;
  setPasteText(text: string): void;
  setOptions(patch: Partial<ImportOptions>): void;
  /** Imports every list; true when all went in. */
  confirm(): Promise<boolean>;
}

const PASTE_PREVIEW_DELAY_MS = 300;
let nextKey = 1;
let pasteTimer: ReturnType<typeof setTimeout> | null = null;

function emptyPaste(): ImportSource {
  return { key: 0, fileName: null, text: '', preview: null, previewing: false, error: null };
}

function defaultOptions(): ImportOptions {
  const settings = useSettingsStore.getState().saved;
  return { screenshots: settings?.screenshots ?? true, fastMode: settings?.fastMode ?? false, priority: 0, skipActive: true };
}

function requestOf(source: ImportSource, options: ImportOptions): ImportListRequestInput {
  return {
    text: source.text,
    ...(source.fileName !== null ? { fileName: source.fileName, source: 'file' } : { source: 'paste' }),
    createBatch: true,
    settings: {
      options: { screenshots: options.screenshots, fastMode: options.fastMode },
      priority: options.priority,
      skipActive: options.skipActive,
    },
  };
}

export function hasText(source: ImportSource): boolean {
  return source.text.trim() !== '';
}

export const useImportStore = create<ImportState>((set, get) => {
  function patchSource(key: number, patch: Partial<ImportSource>): void {
    const state = get();
    if (key === 0) set({ paste: { ...state.paste, ...patch } });
    else set({ files: state.files.map((file) => (file.key === key ? { ...file, ...patch } : file)) });
  }

  async function preview(source: ImportSource): Promise<void> {
    if (!hasText(source)) {
      patchSource(source.key, { preview: null, previewing: false, error: null });
      return;
    }
    const text = source.text;
    patchSource(source.key, { previewing: true, error: null });
    try {
      const result = await api.previewImport(requestOf(source, get().options));
      // The text changed while the preview ran: the newer preview wins.
      if (currentSource(source.key)?.text === text) patchSource(source.key, { preview: result, previewing: false });
    } catch (error) {
      if (currentSource(source.key)?.text === text) patchSource(source.key, { preview: null, previewing: false, error: errorMessage(error) });
    }
  }

  function currentSource(key: number): ImportSource | undefined {
    const state = get();
    return key === 0 ? state.paste : state.files.find((file) => file.key === key);
  }

  return {
    files: [],
    paste: emptyPaste(),
    unreadable: [],
    options: defaultOptions(),
    importing: false,
    start() {
      if (pasteTimer) clearTimeout(pasteTimer);
      set({ files: [], paste: emptyPaste(), unreadable: [], options: defaultOptions(), importing: false });
    },
    addFiles(files, unreadable = []) {
      const added = files.map((file): ImportSource => ({ key: nextKey++, fileName: file.fileName, text: file.text, preview: null, previewing: false, error: null }));
      set({ files: [...get().files, ...added], unreadable: [...get().unreadable, ...unreadable] });
      for (const source of added) void preview(source);
    },
    removeFile(key) {
      set({ files: get().files.filter((file) => file.key !== key) });
    },
    setPasteText(text) {
      set({ paste: { ...get().paste, text } });
      if (pasteTimer) clearTimeout(pasteTimer);
      pasteTimer = setTimeout(() => void preview(get().paste), PASTE_PREVIEW_DELAY_MS);
    },
    setOptions(patch) {
      const before = get().options;
      set({ options: { ...before, ...patch } });
      // Only "skip queued" changes what a preview counts.
      if (patch.skipActive !== undefined && patch.skipActive !== before.skipActive) {
        for (const source of [get().paste, ...get().files]) void preview(source);
      }
    },
    async confirm() {
      const state = get();
      if (state.importing) return false;
      const sources = [...state.files, ...(hasText(state.paste) ? [state.paste] : [])];
      if (sources.length === 0) return false;
      set({ importing: true });
      const results: ImportResult[] = [];
      for (const source of sources) {
        try {
          results.push(await api.importList(requestOf(source, get().options)));
          if (source.key === 0) set({ paste: emptyPaste() });
          else get().removeFile(source.key);
        } catch (error) {
          patchSource(source.key, { error: `Import failed: ${errorMessage(error)}` });
        }
      }
      set({ importing: false });
      const created = results.reduce((sum, result) => sum + result.created, 0);
      if (results.length > 0) {
        const batches = results.length === 1 ? (results[0]?.batch ? ` in batch “${results[0].batch.name}”` : '') : ` in ${results.length} batches`;
        notify('success', `Added ${formatCount(created)} task${created === 1 ? '' : 's'}${batches}`);
      }
      return results.length === sources.length;
    },
  };
});
