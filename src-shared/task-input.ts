// What a caller gives to create tasks (UI import, CLI, API), validated once at the edge.
import { z } from 'zod';
import { TaskOptionsPatchSchema, TaskOptionsSchema } from './domain';
import type { DuplicateUrl, RejectedUrl, UrlListFormat } from './url-list';
import type { Batch } from './domain';

export const MAX_ATTEMPTS_LIMIT = 20;
/** Attempts of a new task when neither the import nor the app settings say otherwise. */
export const DEFAULT_MAX_ATTEMPTS = 3;

/** The most text a list may have (the file dialog refuses a larger file before reading it). */
export const MAX_LIST_TEXT_LENGTH = 200 * 1024 * 1024;

export const NewTasksSettingsSchema = z
  .object({
    options: TaskOptionsSchema.partial().default({}),
    /** Higher runs first. */
    priority: z.number().int().min(-1000).max(1000).default(0),
    maxAttempts: z.number().int().min(1).max(MAX_ATTEMPTS_LIMIT).default(DEFAULT_MAX_ATTEMPTS),
    /** Skip URLs that already have a pending or running task (default), or add them again. */
    skipActive: z.boolean().default(true),
  })
  .strict();
export type NewTasksSettings = z.input<typeof NewTasksSettingsSchema>;

/**
 * The same settings with nothing filled in: what the caller chose. The app fills the rest from
 * its settings (default timeout, screenshots, attempts) before the service fills its defaults.
 */
export const NewTasksSettingsInputSchema = z
  .strictObject({
    options: TaskOptionsPatchSchema,
    priority: NewTasksSettingsSchema.shape.priority.unwrap(),
    maxAttempts: NewTasksSettingsSchema.shape.maxAttempts.unwrap(),
    skipActive: NewTasksSettingsSchema.shape.skipActive.unwrap(),
  })
  .partial();

export const ImportListRequestSchema = z
  .object({
    text: z.string().max(MAX_LIST_TEXT_LENGTH),
    fileName: z.string().max(1000).optional(),
    format: z.enum(['text', 'csv', 'json', 'html']).optional(),
    /** Shown in the batch list; defaults to the file name or "pasted list". */
    batchName: z.string().max(200).optional(),
    source: z.string().max(200).default('paste'),
    /** False for URLs sent one by one (the API): the tasks then belong to no batch. */
    createBatch: z.boolean().default(true),
    settings: NewTasksSettingsSchema.prefault({}),
  })
  .strict();
export type ImportListRequest = z.input<typeof ImportListRequestSchema>;

/** An import request as a caller sends it (IPC, API): its settings keep only what was chosen. */
export const ImportListRequestInputSchema = ImportListRequestSchema.extend({ settings: NewTasksSettingsInputSchema.optional() });
export type ImportListRequestInput = z.output<typeof ImportListRequestInputSchema>;

/** A URL skipped because a pending or running task has it already. */
export interface AlreadyQueuedUrl {
  line: number;
  url: string;
  taskId: number;
}

export interface ImportPreview {
  format: UrlListFormat;
  /** URLs that would be added. */
  toAdd: number;
  duplicates: DuplicateUrl[];
  alreadyQueued: AlreadyQueuedUrl[];
  rejected: RejectedUrl[];
  /** Lines where a bare domain got https:// added. */
  schemeAdded: number;
}

export interface ImportResult extends Omit<ImportPreview, 'toAdd'> {
  batch: Batch | null;
  created: number;
  taskIds: number[];
}
