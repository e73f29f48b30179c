// Turns a zod error into the refused fields of an input, one message each, so that a form can
// mark every field and a log line or the CLI can print them all in one sentence.
import type { z } from 'zod';
import type { FieldIssue } from './errors';

export function fieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.flatMap((issue): FieldIssue[] => {
    const path = issue.path.map(String).join('.');
    // A strict object names unknown keys in one issue at its own path: give each key its own line.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: path ? `${path}.${key}` : key, message: 'is not a known field' }));
    }
    return [{ path, message: issue.message }];
  });
}

/** `concurrency: must be ...; blockDomains.2: "a b" is not a host name`. */
export function describeFieldIssues(issues: readonly FieldIssue[]): string {
  return issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message)).join('; ');
}
