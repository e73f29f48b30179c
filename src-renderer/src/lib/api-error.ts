// What a failed `window.webagent` call tells the page: the bridge throws an Error carrying the
// contract's `code` and, for refused input, `fields`, so a form can mark each wrong field.
import type { AppErrorCode, FieldIssue } from '../../../src-shared/errors';

export interface ApiErrorInfo {
  message: string;
  code: AppErrorCode | null;
  fields: FieldIssue[];
}

export function apiErrorOf(error: unknown): ApiErrorInfo {
  if (error instanceof Error || (typeof error === 'object' && error !== null)) {
    const record = error as { message?: unknown; code?: unknown; fields?: unknown };
    return {
      message: typeof record.message === 'string' ? record.message : String(error),
      code: typeof record.code === 'string' ? (record.code as AppErrorCode) : null,
      fields: Array.isArray(record.fields) ? (record.fields as FieldIssue[]) : [],
    };
  }
  return { message: String(error), code: null, fields: [] };
}

export function errorMessage(error: unknown): string {
  return apiErrorOf(error).message;
}

/** True when the host does not offer the method (a desktop dialog on the test host). */
export function isUnavailable(error: unknown): boolean {
  return apiErrorOf(error).code === 'unavailable';
}
