// Typed errors that cross process boundaries by their `code`. Pure: no node, electron or DOM.
import type { TaskStatus } from './domain';

export const APP_ERROR_CODES = ['not_found', 'illegal_transition', 'invalid_input', 'store_unavailable', 'unavailable', 'internal'] as const;
export type AppErrorCode = (typeof APP_ERROR_CODES)[number];

/** One refused field of an input: `path` is dotted (`blockDomains.2`), '' for the input as a whole. */
export interface FieldIssue {
  path: string;
  message: string;
}

/** The shape an error takes when it crosses IPC, the CLI's --json output or the HTTP API. */
export interface AppErrorPayload {
  code: AppErrorCode;
  message: string;
  /** For `invalid_input`: which fields were refused and why, so a form can mark each one. */
  fields?: FieldIssue[];
}

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }

  toPayload(): AppErrorPayload {
    return { code: this.code, message: this.message };
  }
}

export class TaskNotFoundError extends AppError {
  constructor(readonly taskId: number) {
    super('not_found', `task ${taskId} does not exist`);
  }
}

export class IllegalTransitionError extends AppError {
  constructor(
    readonly taskId: number,
    readonly from: TaskStatus,
    readonly to: TaskStatus,
  ) {
    super('illegal_transition', `task ${taskId} is ${from} and cannot become ${to}`);
  }
}

export class InvalidInputError extends AppError {
  constructor(
    message: string,
    readonly fields: FieldIssue[] = [],
  ) {
    super('invalid_input', message);
  }

  override toPayload(): AppErrorPayload {
    return this.fields.length > 0 ? { ...super.toPayload(), fields: this.fields } : super.toPayload();
  }
}

/** The host does not offer this (no worker runs, no settings store, no exporter). */
export class UnavailableError extends AppError {
  constructor(message: string) {
    super('unavailable', message);
  }
}
