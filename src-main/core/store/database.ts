// Opens the SQLite file: pragmas, migrations, and the synchronous query executor.
//
// kysely builds and type-checks every query; better-sqlite3 runs it synchronously. Sync
// execution is deliberate: main is the only writer, better-sqlite3 is synchronous anyway,
// and a sync `BEGIN IMMEDIATE` transaction cannot interleave with other work or deadlock
// on a read-to-write lock upgrade when the CLI writes to the same file.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, type Compilable, type CompiledQuery } from 'kysely';
import { AppError } from '../../../src-shared/errors';
import { migrationProvider } from './migrations';
import { chooseNativeBinding, nativeBindingHint } from './native-binding';
import type { DatabaseSchema } from './schema';

export interface OpenStoreOptions {
  /** How long a writer waits for another process's write lock before failing. */
  busyTimeoutMs?: number;
  readonly?: boolean;
  /** Where the app keeps better-sqlite3's Electron build; used only when running in Electron (native-binding.ts). */
  electronBindingPath?: string;
}

export class Store {
  /** Query builder only: build with it, run with `all` / `first` / `run`. */
  readonly query: Kysely<DatabaseSchema>;
  private readonly statements = new Map<string, BetterSqlite3.Statement>();

  private constructor(
    readonly sqlite: BetterSqlite3.Database,
    readonly path: string,
  ) {
    this.query = new Kysely<DatabaseSchema>({ dialect: new SqliteDialect({ database: sqlite }) });
  }

  static async open(path: string, options: OpenStoreOptions = {}): Promise<Store> {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const bindingContext = {
      isElectron: process.versions.electron !== undefined,
      electronBindingPath: options.electronBindingPath ?? null,
      exists: existsSync,
    };
    const nativeBinding = chooseNativeBinding(bindingContext);
    let sqlite: BetterSqlite3.Database;
    try {
      sqlite = new BetterSqlite3(path, { readonly: options.readonly ?? false, ...(nativeBinding ? { nativeBinding } : {}) });
    } catch (error) {
      const hint = nativeBindingHint(bindingContext, nativeBinding);
      throw new AppError('store_unavailable', `cannot open the database ${path}: ${(error as Error).message}${hint}`);
    }
    sqlite.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 10_000}`);
    if (!options.readonly) {
      // WAL + NORMAL: durable across an app crash (what we promise); a power cut may lose the last commits.
      sqlite.pragma('journal_mode = WAL');
      sqlite.pragma('synchronous = NORMAL');
    }
    sqlite.pragma('foreign_keys = ON');
    const store = new Store(sqlite, path);
    if (!options.readonly) {
      await store.migrate();
      // Keeps the planner's statistics fresh (cheap; SQLite's advice for long-lived connections).
      sqlite.pragma('optimize = 0x10002');
    }
    return store;
  }

  private async migrate(): Promise<void> {
    const migrator = new Migrator({ db: this.query, provider: migrationProvider });
    const { error, results } = await migrator.migrateToLatest();
    if (error) {
      const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
      throw new AppError('store_unavailable', `migration ${failed} failed on ${this.path}: ${String(error)}`);
    }
  }

  private prepare(compiled: CompiledQuery): BetterSqlite3.Statement {
    let statement = this.statements.get(compiled.sql);
    if (!statement) {
      statement = this.sqlite.prepare(compiled.sql);
      // Queries with IN lists of varying length make new SQL; keep the cache bounded.
      if (this.statements.size > 500) this.statements.clear();
      this.statements.set(compiled.sql, statement);
    }
    return statement;
  }

  all<R>(query: Compilable<R>): R[] {
    const compiled = query.compile();
    return this.prepare(compiled).all(...(compiled.parameters as unknown[])) as R[];
  }

  first<R>(query: Compilable<R>): R | undefined {
    const compiled = query.compile();
    const statement = this.prepare(compiled);
    return (statement.reader ? statement.get(...(compiled.parameters as unknown[])) : undefined) as R | undefined;
  }

  run(query: Compilable<unknown>): { changes: number; lastInsertRowid: number } {
    const compiled = query.compile();
    const result = this.prepare(compiled).run(...(compiled.parameters as unknown[]));
    return { changes: result.changes, lastInsertRowid: Number(result.lastInsertRowid) };
  }

  /**
   * Runs `fn` in one `BEGIN IMMEDIATE` transaction: it takes the write lock up front, so a
   * concurrent writer in another process waits (busy_timeout) instead of failing halfway.
   * Nested calls become savepoints.
   */
  transaction<T>(fn: () => T): T {
    return this.sqlite.transaction(fn).immediate();
  }

  close(): void {
    this.statements.clear();
    if (!this.sqlite.open) return;
    if (!this.sqlite.readonly) this.sqlite.pragma('optimize');
    this.sqlite.close();
  }
}
