// Binds the contract to Electron IPC, every method through one channel: only our window's main
// frame, showing the app's own URL, may invoke, and every payload is validated by the contract
// handler before the core sees it. Every contract event goes to the window.
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { EVENT_CHANNEL, INVOKE_CHANNEL, type InvokeResponse, type MethodName } from '../../src-shared/contract';
import { isAppUrl } from '../core/app-urls';
import type { ContractEventBus } from '../core/contract-event-bus';
import type { Logger } from '../core/logger';
import type { ContractHandler } from '../core/service';

const REFUSED: InvokeResponse<MethodName> = { ok: false, error: { code: 'invalid_input', message: 'invoke refused: unknown sender' } };

export function bindIpc(options: {
  window: BrowserWindow;
  entryUrl: string;
  invoke: ContractHandler;
  events: ContractEventBus;
  logger: Logger;
}): () => void {
  const { window, entryUrl, invoke, events, logger } = options;

  const isOurFrame = (event: IpcMainInvokeEvent): boolean => {
    const frame = event.senderFrame;
    return (
      !window.isDestroyed() &&
      event.sender === window.webContents &&
      frame !== null &&
      frame.parent === null &&
      isAppUrl(frame.url, entryUrl)
    );
  };

  ipcMain.handle(INVOKE_CHANNEL, async (event, method: unknown, input: unknown) => {
    if (!isOurFrame(event)) {
      logger.warn({ method: String(method).slice(0, 100), url: event.senderFrame?.url }, 'refused an invoke from an unknown sender');
      return REFUSED;
    }
    return invoke(method, input);
  });

  const unsubscribe = events.subscribeAll((name, payload) => {
    // A window that is closing or reloading drops events; it reloads its state when it is back.
    if (!window.isDestroyed() && !window.webContents.isDestroyed()) window.webContents.send(EVENT_CHANNEL, name, payload);
  });

  return () => {
    ipcMain.removeHandler(INVOKE_CHANNEL);
    unsubscribe();
  };
}
