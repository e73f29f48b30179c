// Binds the contract to Electron IPC: only our own window's main frame may invoke, and
// every payload is validated by the contract handler before the core sees it.
import { ipcMain, type BrowserWindow, type WebContents } from 'electron';
import { EVENT_CHANNEL, EVENT_NAMES, INVOKE_CHANNEL } from '../../src-shared/contract';
import type { createContractHandler } from '../core/service';
import type { TaskEventHub } from '../core/task-event-hub';

export function bindIpc(
  window: BrowserWindow,
  invoke: ReturnType<typeof createContractHandler>,
  events: TaskEventHub,
): () => void {
  const isOurFrame = (sender: WebContents, frameUrl: string | undefined) =>
    sender === window.webContents && frameUrl !== undefined && frameUrl === window.webContents.getURL();

  ipcMain.handle(INVOKE_CHANNEL, async (event, method: unknown, input: unknown) => {
    if (!isOurFrame(event.sender, event.senderFrame?.url)) {
      return { ok: false, error: { code: 'invalid_input', message: 'invoke refused: unknown sender' } };
    }
    return invoke(method, input);
  });

  const unsubscribers = EVENT_NAMES.map((name) => {
    const forward = (payload: unknown) => {
      if (!window.isDestroyed()) window.webContents.send(EVENT_CHANNEL, name, payload);
    };
    events.on(name, forward);
    return () => events.off(name, forward);
  });

  return () => {
    ipcMain.removeHandler(INVOKE_CHANNEL);
    for (const unsubscribe of unsubscribers) unsubscribe();
  };
}
