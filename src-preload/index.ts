// Exposes `window.webagent`: one function per contract method, plus `on` for events.
// Generated from the contract's lists, so nothing else of IPC reaches the page.
import { contextBridge, ipcRenderer } from 'electron';
// Names only: a sandboxed preload can load no module but `electron` (no zod).
import { EVENT_CHANNEL, INVOKE_CHANNEL, METHOD_NAMES, isEventName, type EventName, type InvokeReply } from '../src-shared/contract-names';
import { screenshotUrl } from '../src-shared/app-protocols';

type Listener = (payload: unknown) => void;
const listeners = new Map<EventName, Set<Listener>>();

ipcRenderer.on(EVENT_CHANNEL, (_event, name: unknown, payload: unknown) => {
  if (!isEventName(name)) return;
  for (const listener of listeners.get(name) ?? []) listener(payload);
});

const api: Record<string, unknown> = {
  on(event: unknown, listener: Listener) {
    if (!isEventName(event)) throw new Error(`unknown event ${String(event)}`);
    if (typeof listener !== 'function') throw new Error('a listener must be a function');
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  },
  screenshotUrl(taskId: unknown, variant: unknown) {
    if (typeof taskId !== 'number' || !Number.isSafeInteger(taskId) || taskId < 1) throw new Error('a task id must be a positive whole number');
    return screenshotUrl(taskId, variant === 'thumb' ? 'thumb' : 'full');
  },
};
for (const method of METHOD_NAMES) {
  api[method] = async (input: unknown) => {
    const response = (await ipcRenderer.invoke(INVOKE_CHANNEL, method, input)) as InvokeReply;
    if (response.ok) return response.value;
    // `code` and `fields` let the page tell a refused field from a missing task from a crash.
    throw Object.assign(new Error(response.error.message), { code: response.error.code, fields: response.error.fields ?? [] });
  };
}

contextBridge.exposeInMainWorld('webagent', api);
