// Schema migrations, in code (kysely Migrator). Append new migrations; never edit a shipped one.
import { sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';

const initial: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('batches')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('created_at', 'integer', (c) => c.notNull())
      .addColumn('task_count', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();

    await db.schema
      .createTable('tasks')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('batch_id', 'integer', (c) => c.references('batches.id').onDelete('set null'))
      .addColumn('url', 'text', (c) => c.notNull())
      .addColumn('domain', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) =>
        c.notNull().check(sql`status in ('pending', 'in_progress', 'completed', 'failed', 'cancelled')`),
      )
      .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('options_json', 'text', (c) => c.notNull())
      .addColumn('progress_percentage', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('progress_step', 'text')
      .addColumn('progress_details', 'text')
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('max_attempts', 'integer', (c) => c.notNull())
      .addColumn('next_attempt_at', 'integer', (c) => c.notNull())
      .addColumn('error_type', 'text')
      .addColumn('error_message', 'text')
      .addColumn('error_retryable', 'integer')
      .addColumn('worker_id', 'text')
      .addColumn('context_id', 'text')
      .addColumn('memory_bytes', 'integer')
      .addColumn('processing_ms', 'integer')
      .addColumn('cache_hit', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'integer', (c) => c.notNull())
      .addColumn('started_at', 'integer')
      .addColumn('completed_at', 'integer')
      .addColumn('updated_at', 'integer', (c) => c.notNull())
      .addColumn('heartbeat_at', 'integer')
      .execute();

    // The claim walks this partial index in claim order (priority, then age) and reads
    // next_attempt_at from it, so a claim never scans finished tasks.
    await sql`create index tasks_claim on tasks (priority desc, id, next_attempt_at) where status = 'pending'`.execute(db);
    // Stale recovery and the active count.
    await sql`create index tasks_in_progress on tasks (heartbeat_at) where status = 'in_progress'`.execute(db);
    // De-duplication of new URLs against work that is still to do.
    await sql`create index tasks_active_url on tasks (url) where status in ('pending', 'in_progress')`.execute(db);
    // List filters and sorts (each ends in id for a stable keyset order).
    // Partial, so importing (pending) tasks never touches it: a fifth of a 100,000-line import.
    // Queries reach it through NOT_PENDING (status-sql.ts); pending tasks through tasks_claim.
    await sql`create index tasks_status on tasks (status, id) where status in ('in_progress', 'completed', 'failed', 'cancelled')`.execute(db);
    await db.schema.createIndex('tasks_batch').on('tasks').columns(['batch_id', 'id']).execute();
    await db.schema.createIndex('tasks_domain').on('tasks').columns(['domain', 'id']).execute();
    await db.schema.createIndex('tasks_created').on('tasks').columns(['created_at', 'id']).execute();
    // Partial: inserting pending tasks (no completed_at) does not touch it.
    await sql`create index tasks_completed on tasks (completed_at) where completed_at is not null`.execute(db);
    // Median and p95 of processing time read the n-th value of this index.
    await sql`create index tasks_processing on tasks (processing_ms) where status = 'completed'`.execute(db);

    await db.schema
      .createTable('pages')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('task_id', 'integer', (c) => c.notNull().unique().references('tasks.id').onDelete('cascade'))
      .addColumn('final_url', 'text', (c) => c.notNull())
      .addColumn('redirects_json', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('domain', 'text', (c) => c.notNull())
      .addColumn('language', 'text')
      .addColumn('canonical_url', 'text')
      .addColumn('open_graph_json', 'text', (c) => c.notNull())
      .addColumn('meta_description', 'text')
      .addColumn('meta_keywords', 'text')
      .addColumn('content_hash', 'text', (c) => c.notNull())
      .addColumn('http_status', 'integer')
      .addColumn('forms_count', 'integer', (c) => c.notNull())
      .addColumn('links_count', 'integer', (c) => c.notNull())
      .addColumn('images_count', 'integer', (c) => c.notNull())
      .addColumn('interactive_count', 'integer', (c) => c.notNull())
      .addColumn('elements_truncated', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('screenshot_path', 'text')
      .addColumn('screenshot_truncated', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('thumbnail_path', 'text')
      .addColumn('created_at', 'integer', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('elements')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('page_id', 'integer', (c) => c.notNull().references('pages.id').onDelete('cascade'))
      .addColumn('idx', 'integer', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('tag', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('element_id', 'text', (c) => c.notNull())
      .addColumn('classes_json', 'text', (c) => c.notNull())
      .addColumn('placeholder', 'text', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('aria_label', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('href', 'text')
      .addColumn('xpath', 'text')
      .addColumn('css_selector', 'text', (c) => c.notNull())
      .addColumn('bbox_x', 'real', (c) => c.notNull())
      .addColumn('bbox_y', 'real', (c) => c.notNull())
      .addColumn('bbox_width', 'real', (c) => c.notNull())
      .addColumn('bbox_height', 'real', (c) => c.notNull())
      .addColumn('visible', 'integer', (c) => c.notNull())
      .addColumn('enabled', 'integer', (c) => c.notNull())
      .addColumn('interactions_json', 'text', (c) => c.notNull())
      .addColumn('frame_path_json', 'text', (c) => c.notNull())
      .addColumn('shadow_hosts_json', 'text', (c) => c.notNull())
      .addColumn('semantic_role', 'text', (c) => c.notNull())
      .addColumn('confidence', 'real', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('elements_page').on('elements').columns(['page_id', 'idx']).execute();

    await db.schema
      .createTable('content_blocks')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('page_id', 'integer', (c) => c.notNull().references('pages.id').onDelete('cascade'))
      .addColumn('idx', 'integer', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('level', 'integer')
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('importance', 'real', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('content_blocks_page').on('content_blocks').columns(['page_id', 'idx']).execute();

    await db.schema
      .createTable('page_cache')
      .addColumn('cache_key', 'text', (c) => c.primaryKey())
      .addColumn('task_id', 'integer', (c) => c.notNull().references('tasks.id').onDelete('cascade'))
      .addColumn('created_at', 'integer', (c) => c.notNull())
      .addColumn('expires_at', 'integer', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('page_cache_task').on('page_cache').column('task_id').execute();
    await db.schema.createIndex('page_cache_expiry').on('page_cache').column('expires_at').execute();
  },
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => ({ '0001_initial': initial }),
};
