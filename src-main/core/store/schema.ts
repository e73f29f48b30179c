// Row types of the SQLite tables, as kysely sees them. Times are epoch milliseconds;
// booleans are 0/1 integers; lists and objects are JSON text.
import type { Generated, Insertable, Selectable } from 'kysely';
import type { TaskErrorType, TaskStatus } from '../../../src-shared/domain';

export interface BatchesTable {
  id: Generated<number>;
  name: string;
  /** Where the URLs came from: a file name, "paste", "cli", "api". */
  source: string;
  created_at: number;
  task_count: number;
}

export interface TasksTable {
  id: Generated<number>;
  batch_id: number | null;
  url: string;
  domain: string;
  status: TaskStatus;
  priority: number;
  options_json: string;
  progress_percentage: number;
  progress_step: string | null;
  progress_details: string | null;
  attempts: number;
  max_attempts: number;
  next_attempt_at: number;
  error_type: TaskErrorType | null;
  error_message: string | null;
  error_retryable: number | null;
  worker_id: string | null;
  context_id: string | null;
  memory_bytes: number | null;
  processing_ms: number | null;
  cache_hit: number;
  created_at: number;
  started_at: number | null;
  completed_at: number | null;
  updated_at: number;
  heartbeat_at: number | null;
}

export interface PagesTable {
  id: Generated<number>;
  task_id: number;
  final_url: string;
  redirects_json: string;
  title: string;
  domain: string;
  language: string | null;
  canonical_url: string | null;
  open_graph_json: string;
  meta_description: string | null;
  meta_keywords: string | null;
  content_hash: string;
  http_status: number | null;
  forms_count: number;
  links_count: number;
  images_count: number;
  interactive_count: number;
  elements_truncated: number;
  screenshot_path: string | null;
  screenshot_truncated: number;
  thumbnail_path: string | null;
  created_at: number;
}

export interface ElementsTable {
  id: Generated<number>;
  page_id: number;
  idx: number;
  type: string;
  tag: string;
  role: string;
  name: string;
  text: string;
  element_id: string;
  classes_json: string;
  placeholder: string;
  value: string;
  aria_label: string;
  title: string;
  href: string | null;
  xpath: string | null;
  css_selector: string;
  bbox_x: number;
  bbox_y: number;
  bbox_width: number;
  bbox_height: number;
  visible: number;
  enabled: number;
  interactions_json: string;
  frame_path_json: string;
  shadow_hosts_json: string;
  semantic_role: string;
  confidence: number;
}

export interface ContentBlocksTable {
  id: Generated<number>;
  page_id: number;
  idx: number;
  type: string;
  level: number | null;
  text: string;
  importance: number;
}

export interface PageCacheTable {
  /** normalized URL + options hash */
  cache_key: string;
  /** the completed task whose page is the cached result */
  task_id: number;
  created_at: number;
  expires_at: number;
}

export interface DatabaseSchema {
  batches: BatchesTable;
  tasks: TasksTable;
  pages: PagesTable;
  elements: ElementsTable;
  content_blocks: ContentBlocksTable;
  page_cache: PageCacheTable;
}

export type TaskRow = Selectable<TasksTable>;
export type NewTaskRow = Insertable<TasksTable>;
export type BatchRow = Selectable<BatchesTable>;
export type PageRow = Selectable<PagesTable>;
