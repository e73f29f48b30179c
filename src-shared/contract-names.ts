// The names of the contract's methods and events, and its two IPC channels, without their
// schemas. The preload imports only this file: a sandboxed preload can `require` nothing but
// `electron`, so it must not pull zod in. contract.ts and contract-events.ts are checked
// against these lists by the compiler (`satisfies`).
import type { AppErrorPayload } from './errors';

/** What an invoke returns over the wire: a result or a typed error, never a thrown stack. */
export type InvokeReply<Value = unknown> = { ok: true; value: Value } | { ok: false; error: AppErrorPayload };

export const METHOD_NAMES = [
  'listTasks',
  'getTask',
  'getPage',
  'listBatches',
  'getStats',
  'previewImport',
  'importList',
  'updateTask',
  'cancelTasks',
  'retryTasks',
  'deleteTasks',
  'getPoolStats',
  'getQueueState',
  'pauseQueue',
  'resumeQueue',
  'getSettings',
  'setSettings',
  'exportTasks',
  'chooseExportPath',
  'showInFolder',
  'testBrowser',
] as const;
export type MethodName = (typeof METHOD_NAMES)[number];

/** The contract handler answers these names only. */
export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && (METHOD_NAMES as readonly string[]).includes(name);
}

export const EVENT_NAMES = [
  'tasks-created',
  'tasks-updated',
  'tasks-deleted',
  'progress',
  'stats',
  'queue-state',
  'export-progress',
  'settings-changed',
  'menu-command',
] as const;
export type EventName = (typeof EVENT_NAMES)[number];

/** The preload subscribes the page to these names only. */
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && (EVENT_NAMES as readonly string[]).includes(name);
}

export const INVOKE_CHANNEL = 'webagent:invoke';
export const EVENT_CHANNEL = 'webagent:event';
