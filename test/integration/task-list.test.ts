// Listing tasks: every filter, every sort, keyset pagination that stays stable while rows are added.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src-shared/errors';
import { TASK_SORT_FIELDS, type TaskListQuery } from '../../src-shared/task-query';
import { addTasks, openTempService, type TempService } from '../helpers/temp-store';
import { samplePage } from '../helpers/sample-page';

let t: TempService;
beforeEach(async () => {
  t = await openTempService();
});
afterEach(() => t.close());

function ids(query: TaskListQuery): number[] {
  return t.service.list(query).tasks.map((task) => task.id);
}

/** Walks every page with the cursor; `between` runs after each page (to change the table meanwhile). */
function walk(query: TaskListQuery, between?: (pageNumber: number) => void): number[] {
  const seen: number[] = [];
  let cursor: string | undefined;
  for (let pageNumber = 0; ; pageNumber++) {
    const page = t.service.list({ ...query, ...(cursor ? { cursor } : {}) });
    seen.push(...page.tasks.map((task) => task.id));
    if (!page.nextCursor) return seen;
    cursor = page.nextCursor;
    between?.(pageNumber);
  }
}

describe('filters', () => {
  it('by status set, batch, domain, text in URL or title, and creation time', () => {
    const first = t.service.importList({ text: 'https://alpha.example/one\nhttps://beta.example/two', source: 'test' });
    t.clock.advance(60_000);
    const second = t.service.importList({ text: 'https://alpha.example/three\nhttps://gamma.example/Four_%', source: 'test' });
    const [one, two] = first.taskIds as [number, number];
    const [three, four] = second.taskIds as [number, number];
    t.service.claimNext(); // one
    t.service.complete(one, { processingMs: 10 }, samplePage({ title: 'Needle in a title' }));
    t.service.cancel([two]);

    expect(ids({ statuses: ['pending'] })).toEqual([four, three]);
    expect(ids({ statuses: ['completed', 'cancelled'] })).toEqual([two, one]);
    expect(ids({ statuses: [] })).toEqual([]);
    expect(ids({ batchId: first.batch!.id })).toEqual([two, one]);
    expect(ids({ domain: 'alpha.example' })).toEqual([three, one]);
    expect(ids({ domain: 'ALPHA.example' })).toEqual([three, one]);
    expect(ids({ search: 'needle' })).toEqual([one]);
    expect(ids({ search: 'THREE' })).toEqual([three]);
    // LIKE wildcards in the search text are literal characters.
    expect(ids({ search: '_%' })).toEqual([four]);
    expect(ids({ search: '%' })).toEqual([four]);
    const secondImportAt = t.clock.now;
    expect(ids({ createdFrom: secondImportAt })).toEqual([four, three]);
    expect(ids({ createdTo: secondImportAt })).toEqual([two, one]);
    expect(ids({ domain: 'alpha.example', statuses: ['pending'] })).toEqual([three]);
    expect(t.service.list({ statuses: ['pending'], limit: 1 }).total).toBe(2);
    expect(t.service.list({ search: 'needle' }).tasks[0]?.title).toBe('Needle in a title');
  });

  it('refuses an invalid query with a typed error', () => {
    expect(() => t.service.list({ limit: 0 })).toThrow(InvalidInputError);
    expect(() => t.service.list({ statuses: ['done' as never] })).toThrow(InvalidInputError);
    expect(() => t.service.list({ cursor: 'garbage' })).toThrow(InvalidInputError);
    expect(() => t.service.list({ extra: 1 } as never)).toThrow(InvalidInputError);
  });
});

describe('sorting and pagination', () => {
  beforeEach(() => {
    const urls = Array.from({ length: 57 }, (_, i) => `https://d${i % 5}.example/p${(i * 7919) % 57}`);
    const taskIds = addTasks(t.service, urls);
    taskIds.forEach((id, i) => {
      if (i % 3 === 0) t.service.updatePriority(id, i % 4);
    });
    for (let i = 0; i < 20; i++) {
      const task = t.service.claimNext();
      if (!task) break;
      t.clock.advance(7);
      if (i % 4 === 0) t.service.fail(task.id, { type: 'http_status', message: 'HTTP 404', retryable: false });
      else t.service.complete(task.id, { processingMs: (i * 37) % 11 });
    }
  });

  it.each(TASK_SORT_FIELDS.flatMap((field) => [[field, 'asc'], [field, 'desc']] as const))(
    'by %s %s: pages of 10 give every task once, in order',
    (sortBy, sortDirection) => {
      const everything = t.service.list({ sortBy, sortDirection, limit: 1000 }).tasks;
      expect(everything).toHaveLength(57);
      const paged = walk({ sortBy, sortDirection, limit: 10 });
      expect(paged).toEqual(everything.map((task) => task.id));
      const offsetPage = t.service.list({ sortBy, sortDirection, limit: 10, offset: 20 }).tasks.map((task) => task.id);
      expect(offsetPage).toEqual(everything.slice(20, 30).map((task) => task.id));
    },
  );

  it('a cursor walk neither repeats nor skips while new tasks are inserted', () => {
    const before = new Set(t.service.list({ limit: 1000 }).tasks.map((task) => task.id));
    let n = 0;
    const seen = walk({ sortBy: 'createdAt', sortDirection: 'desc', limit: 8 }, () => {
      t.clock.advance(1);
      addTasks(t.service, [`https://new${n++}.example/`, `https://new${n++}.example/`]);
    });
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((id) => before.has(id)).length).toBe(before.size);
    // The rows added during the walk sort before the cursor and are not in it.
    expect(seen.length).toBe(before.size);
  });

  it('a cursor from one sort is refused for another', () => {
    const page = t.service.list({ sortBy: 'url', limit: 5 });
    expect(() => t.service.list({ sortBy: 'domain', limit: 5, cursor: page.nextCursor! })).toThrow(InvalidInputError);
  });
});
