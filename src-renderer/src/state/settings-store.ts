// The app settings: the saved values (from main), the form's draft of them as typed text, and
// the field errors main returned for the last save. Main checks every value; the form shows
// each refused field's message beside the field.
import { create } from 'zustand';
import type { BrowserCheck } from '../../../src-shared/contract';
import type { AppSettings, AppSettingsPatch, SettingName } from '../../../src-shared/settings';
import { api } from '../api';
import { apiErrorOf, errorMessage } from '../lib/api-error';
import { draftOf, patchOf, type SettingsDraft } from '../lib/settings-draft';
import { notify } from './notices-store';

interface SettingsState {
  saved: AppSettings | null;
  draft: SettingsDraft | null;
  loadError: string | null;
  /** Messages per setting name from the last refused save. */
  fieldErrors: Partial<Record<SettingName, string>>;
  saveError: string | null;
  saving: boolean;
  browserCheck: BrowserCheck | null;
  checkingBrowser: boolean;
  load(): Promise<void>;
  /** Settings changed elsewhere (another window, the API): taken unless the user is editing. */
  receive(settings: AppSettings): void;
  edit<K extends keyof SettingsDraft>(name: K, value: SettingsDraft[K]): void;
  discard(): void;
  save(): Promise<boolean>;
  testBrowser(): Promise<void>;
}

export function isDirty(saved: AppSettings | null, draft: SettingsDraft | null): boolean {
  return saved !== null && draft !== null && Object.keys(patchOf(saved, draft)).length > 0;
}

/** `blockDomains.2` -> blockDomains, with the line it names (the third line of the field). */
function fieldErrorsOf(fields: { path: string; message: string }[]): Partial<Record<SettingName, string>> {
  const errors: Partial<Record<SettingName, string>> = {};
  for (const field of fields) {
    const [name, index] = field.path.split('.');
    if (!name) continue;
    const message = index !== undefined && /^\d+$/.test(index) ? `line ${Number(index) + 1}: ${field.message}` : field.message;
    const key = name as SettingName;
    errors[key] = errors[key] ? `${errors[key]}; ${message}` : message;
  }
  return errors;
}

export const useSettingsStore = create<SettingsState>((set, get) => ({
  saved: null,
  draft: null,
  loadError: null,
  fieldErrors: {},
  saveError: null,
  saving: false,
  browserCheck: null,
  checkingBrowser: false,
  async load() {
    try {
      const saved = await api.getSettings(undefined);
      set({ saved, draft: draftOf(saved), loadError: null });
    } catch (error) {
      set({ loadError: errorMessage(error) });
    }
  },
  receive(settings) {
    const { saved, draft } = get();
    set(isDirty(saved, draft) ? { saved: settings } : { saved: settings, draft: draftOf(settings) });
  },
  edit(name, value) {
    const { draft, fieldErrors } = get();
    if (!draft) return;
    const { [name as SettingName]: _cleared, ...rest } = fieldErrors;
    set({ draft: { ...draft, [name]: value }, fieldErrors: rest });
  },
  discard() {
    const { saved } = get();
    if (saved) set({ draft: draftOf(saved), fieldErrors: {}, saveError: null });
  },
  async save() {
    const { saved, draft } = get();
    if (!saved || !draft) return false;
    const patch: AppSettingsPatch = patchOf(saved, draft);
    if (Object.keys(patch).length === 0) return true;
    set({ saving: true, saveError: null });
    try {
      const stored = await api.setSettings(patch);
      set({ saved: stored, draft: draftOf(stored), fieldErrors: {}, saving: false });
      notify('success', 'Settings saved');
      return true;
    } catch (error) {
      const info = apiErrorOf(error);
      const fieldErrors = fieldErrorsOf(info.fields);
      set({ fieldErrors, saving: false, saveError: Object.keys(fieldErrors).length > 0 ? 'Some settings were refused: see the marked fields.' : info.message });
      return false;
    }
  },
  async testBrowser() {
    const { draft } = get();
    set({ checkingBrowser: true, browserCheck: null });
    try {
      const browserPath = draft?.browserPath.trim() || null;
      set({ browserCheck: await api.testBrowser({ browserPath }) });
    } catch (error) {
      set({ browserCheck: { ok: false, message: errorMessage(error) } });
    } finally {
      set({ checkingBrowser: false });
    }
  },
}));
