// Exposes `window.webagent`: one function per contract method, plus `on` for events.
// Generated from the contract's lists, so nothing else of IPC reaches the page.
import { contextBridge, ipcRenderer } from 'electron';
import { EVENT_CHANNEL, EVENT_NAMES, INVOKE_CHANNEL, METHOD_NAMES, type EventName } from '../src-shared/contract';

type Listener = (payload: unknown) => void;
const listeners = new Map<EventName, Set<Listener>>();

ipcRenderer.on(EVENT_CHANNEL, (_event, name: EventName, payload: unknown) => {
  for (const listener of listeners.get(name) ?? []) listener(payload);
});

const api: Record<string, unknown> = {
  on(event: EventName, listener: Listener) {
    if (!EVENT_NAMES.includes(event)) throw new Error(`unknown event ${String(event)}`);
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  },
};
for (const method of METHOD_NAMES) {
  api[method] = async (input: unknown) => {
    const response = (await ipcRenderer.invoke(INVOKE_CHANNEL, method, input)) as
      | { ok: true; value: unknown }
      | { ok: false; error: { code: string; message: string } };
    if (response.ok) return response.value;
    throw Object.assign(new Error(response.error.message), { code: response.error.code });
  };
}

contextBridge.exposeInMainWorld('webagent', api);
