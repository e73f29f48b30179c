// Every status transition of a task, legal and illegal, on a real SQLite file.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IllegalTransitionError, TaskNotFoundError } from '../../src-shared/errors';
import type { TaskError } from '../../src-shared/domain';
import { addTasks, openTempService, type TempService } from '../helpers/temp-store';
import { samplePage } from '../helpers/sample-page';

const timeout: TaskError = { type: 'timeout', message: 'navigation timed out after 30000 ms', retryable: true };
const notFound: TaskError = { type: 'http_status', message: 'HTTP 404', retryable: false };

let t: TempService;
beforeEach(async () => {
  t = await openTempService({ backoff: { baseMs: 1000, maxMs: 60_000 } });
});
afterEach(() => t.close());

function rawRow(id: number) {
  return t.store.sqlite.prepare('select * from tasks where id = ?').get(id);
}

/** Runs an action that must throw a typed error and must leave the row exactly as it was. */
function expectRefusedWithoutChange(id: number, action: () => unknown, errorClass: new (...args: never[]) => Error) {
  const before = rawRow(id);
  expect(action).toThrow(errorClass);
  expect(rawRow(id)).toEqual(before);
}

describe('claim', () => {
  it('moves the next due task to in_progress and counts the attempt', () => {
    const [id] = addTasks(t.service, ['https://a.example/']);
    const task = t.service.claimNext('worker-1');
    expect(task).toMatchObject({ id, status: 'in_progress', attempts: 1, workerId: 'worker-1', startedAt: t.clock.now, heartbeatAt: t.clock.now });
    expect(t.service.claimNext()).toBeUndefined();
    expect(t.service.activeCount()).toBe(1);
  });

  it('claims by priority, then by age', () => {
    const [low] = addTasks(t.service, ['https://low.example/'], { priority: 0 });
    const [high1] = addTasks(t.service, ['https://high1.example/'], { priority: 5 });
    const [high2] = addTasks(t.service, ['https://high2.example/'], { priority: 5 });
    const [mid] = addTasks(t.service, ['https://mid.example/'], { priority: 1 });
    const order = [1, 2, 3, 4].map(() => t.service.claimNext()?.id);
    expect(order).toEqual([high1, high2, mid, low]);
  });

  it('does not claim a task before its next attempt is due', () => {
    const [id] = addTasks(t.service, ['https://a.example/']);
    t.service.claimNext();
    t.service.fail(id as number, timeout);
    expect(t.service.claimNext()).toBeUndefined();
    expect(t.service.nextDueAt()).toBe(t.clock.now + 1000);
    t.clock.advance(999);
    expect(t.service.claimNext()).toBeUndefined();
    t.clock.advance(1);
    expect(t.service.claimNext()?.id).toBe(id);
  });
});

describe('progress', () => {
  it('records percentage, step and details of a running task, and its heartbeat', () => {
    const [id] = addTasks(t.service, ['https://a.example/']) as [number];
    t.service.claimNext();
    t.clock.advance(500);
    t.service.reportProgress(id, { percentage: 45, step: 'metadata', details: 'reading meta tags' });
    expect(t.service.get(id)).toMatchObject({
      progress: { percentage: 45, step: 'metadata', details: 'reading meta tags' },
      heartbeatAt: t.clock.now,
    });
  });

  it('is refused for a task that is not running', () => {
    const [id] = addTasks(t.service, ['https://a.example/']) as [number];
    expectRefusedWithoutChange(id, () => t.service.reportProgress(id, { percentage: 10, step: 'acquiring_context', details: null }), IllegalTransitionError);
  });
});

describe('complete', () => {
  it('stores metrics and the page in one go', () => {
    const [id] = addTasks(t.service, ['https://a.example/']) as [number];
    t.service.claimNext();
    t.clock.advance(800);
    const task = t.service.complete(id, { processingMs: 812, memoryBytes: 1234, workerId: 'w', contextId: 'c1' }, samplePage());
    expect(task).toMatchObject({
      status: 'completed', processingMs: 812, memoryBytes: 1234, contextId: 'c1', completedAt: t.clock.now,
      progress: { percentage: 100, step: 'done' }, title: 'Example Domain', cacheHit: false,
    });
    expect(t.service.getPage(id)).toEqual(samplePage());
  });

  it('writes neither page nor status when the task is not running', () => {
    const [id] = addTasks(t.service, ['https://a.example/']) as [number];
    expectRefusedWithoutChange(id, () => t.service.complete(id, { processingMs: 1 }, samplePage()), IllegalTransitionError);
    expect(t.service.getPage(id)).toBeNull();
    expect(t.store.sqlite.prepare('select count(*) as n from pages').get()).toEqual({ n: 0 });
  });

  it('cannot complete twice', () => {
    const [id] = addTasks(t.service, ['https://a.example/']) as [number];
    t.service.claimNext();
    t.service.complete(id, { processingMs: 1 });
    expectRefusedWithoutChange(id, () => t.service.complete(id, { processingMs: 2 }), IllegalTransitionError);
  });
});

describe('fail', () => {
  it('puts a retryable failure with attempts left back to pending with exponential backoff', () => {
    const [id] = addTasks(t.service, ['https://a.example/'], { maxAttempts: 4 }) as [number];
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      const claimed = t.service.claimNext();
      expect(claimed?.attempts).toBe(attempt);
      const { task, willRetry } = t.service.fail(id, timeout);
      expect(willRetry).toBe(true);
      expect(task).toMatchObject({ status: 'pending', error: timeout });
      delays.push(task.nextAttemptAt - t.clock.now);
      t.clock.advance(task.nextAttemptAt - t.clock.now);
    }
    expect(delays).toEqual([1000, 2000, 4000]);
    t.service.claimNext();
    const last = t.service.fail(id, timeout);
    expect(last.willRetry).toBe(false);
    expect(last.task).toMatchObject({ status: 'failed', attempts: 4, error: timeout, completedAt: t.clock.now });
  });

  it('fails a non-retryable error at once, whatever the attempts left', () => {
    const [id] = addTasks(t.service, ['https://a.example/'], { maxAttempts: 5 }) as [number];
    t.service.claimNext();
    const outcome = t.service.fail(id, notFound);
    expect(outcome.willRetry).toBe(false);
    expect(outcome.task).toMatchObject({ status: 'failed', attempts: 1, error: notFound });
  });

  it('waits for a longer Retry-After', () => {
    const [id] = addTasks(t.service, ['https://a.example/']) as [number];
    t.service.claimNext();
    const { task } = t.service.fail(id, { type: 'http_status', message: 'HTTP 503', retryable: true }, 30_000);
    expect(task.nextAttemptAt - t.clock.now).toBe(30_000);
  });

  it('is refused for a task that is not running', () => {
    const [id] = addTasks(t.service, ['https://a.example/']) as [number];
    expectRefusedWithoutChange(id, () => t.service.fail(id, timeout), IllegalTransitionError);
  });
});

describe('cancel and retry', () => {
  it('cancels pending and running tasks, not finished ones', () => {
    const [pending, running, done] = addTasks(t.service, ['https://a.example/', 'https://b.example/', 'https://c.example/']) as [number, number, number];
    t.service.claimNext(); // a
    t.service.claimNext(); // b
    t.service.claimNext(); // c
    t.service.complete(done, { processingMs: 5 });
    t.service.requeue(pending);
    const result = t.service.cancel([pending, running, done, 999]);
    expect(result.changed.map((task) => [task.id, task.status])).toEqual([[pending, 'cancelled'], [running, 'cancelled']]);
    expect(result.errors).toEqual([
      { id: done, code: 'illegal_transition', message: `task ${done} is completed and cannot become cancelled` },
      { id: 999, code: 'not_found', message: 'task 999 does not exist' },
    ]);
    expect(t.service.get(done).status).toBe('completed');
  });

  it('retries failed and cancelled tasks with a fresh set of attempts', () => {
    const [failed, cancelled] = addTasks(t.service, ['https://a.example/', 'https://b.example/']) as [number, number];
    t.service.claimNext();
    t.service.fail(failed, notFound);
    t.service.cancel([cancelled]);
    const result = t.service.retry([failed, cancelled]);
    expect(result.errors).toEqual([]);
    for (const task of result.changed) {
      expect(task).toMatchObject({ status: 'pending', attempts: 0, error: null, nextAttemptAt: t.clock.now });
    }
    expect(t.service.claimNext()?.id).toBe(failed);
  });

  it('refuses to retry pending, running or completed tasks, changing nothing', () => {
    const [a, b, c] = addTasks(t.service, ['https://a.example/', 'https://b.example/', 'https://c.example/']) as [number, number, number];
    t.service.claimNext();
    t.service.claimNext();
    t.service.complete(b, { processingMs: 3 });
    const before = [a, b, c].map(rawRow);
    const result = t.service.retry([a, b, c]);
    expect(result.changed).toEqual([]);
    expect(result.errors.map((error) => error.code)).toEqual(['illegal_transition', 'illegal_transition', 'illegal_transition']);
    expect([a, b, c].map(rawRow)).toEqual(before);
  });
});

describe('requeue (graceful shutdown)', () => {
  it('gives the attempt back', () => {
    const [id] = addTasks(t.service, ['https://a.example/']) as [number];
    t.service.claimNext();
    expect(t.service.requeue(id)).toMatchObject({ status: 'pending', attempts: 0 });
  });
});

describe('stale recovery', () => {
  it('puts tasks without a recent heartbeat back to pending, counted as an attempt', () => {
    const [stale, fresh] = addTasks(t.service, ['https://a.example/', 'https://b.example/']) as [number, number];
    t.service.claimNext();
    t.clock.advance(60_000);
    t.service.claimNext();
    t.clock.advance(61_000);
    const outcomes = t.service.recoverStale(90_000);
    expect(outcomes.map((o) => o.task.id)).toEqual([stale]);
    expect(t.service.get(stale)).toMatchObject({ status: 'pending', attempts: 1, error: { type: 'interrupted', retryable: true } });
    expect(t.service.get(fresh).status).toBe('in_progress');
  });

  it('fails a stale task that has no attempts left', () => {
    const [id] = addTasks(t.service, ['https://a.example/'], { maxAttempts: 1 }) as [number];
    t.service.claimNext();
    t.clock.advance(10 * 60_000);
    const [outcome] = t.service.recoverStale(60_000);
    expect(outcome?.willRetry).toBe(false);
    expect(t.service.get(id)).toMatchObject({ status: 'failed', error: { type: 'interrupted' } });
  });

  it('keeps a task alive while it reports heartbeats', () => {
    const [id] = addTasks(t.service, ['https://a.example/']) as [number];
    t.service.claimNext();
    for (let i = 0; i < 5; i++) {
      t.clock.advance(50_000);
      t.service.heartbeat([id]);
    }
    expect(t.service.recoverStale(60_000)).toEqual([]);
    expect(t.service.get(id).status).toBe('in_progress');
  });
});

describe('recovery of tasks whose process ended', () => {
  it('puts back at once only the running tasks of owners that are gone', () => {
    const [orphan, alive, unowned] = addTasks(t.service, ['https://a.example/', 'https://b.example/', 'https://c.example/']) as [number, number, number];
    t.service.claimNext('cli@box:1');
    t.service.claimNext('cli@box:2');
    t.service.claimNext();
    const asked: string[] = [];
    const outcomes = t.service.recoverOrphaned((owner) => {
      asked.push(owner);
      return owner === 'cli@box:1';
    });
    expect(asked.sort()).toEqual(['cli@box:1', 'cli@box:2']);
    expect(outcomes.map((o) => o.task.id)).toEqual([orphan]);
    expect(t.service.get(orphan)).toMatchObject({ status: 'pending', attempts: 1, error: { type: 'interrupted', retryable: true } });
    expect(t.service.get(alive).status).toBe('in_progress');
    expect(t.service.get(unowned).status).toBe('in_progress');
  });
});

describe('update', () => {
  it('changes priority and options', () => {
    const [id] = addTasks(t.service, ['https://a.example/']) as [number];
    expect(t.service.updatePriority(id, 7).priority).toBe(7);
    expect(t.service.updateOptions(id, { screenshots: false }).options).toMatchObject({ screenshots: false, fastMode: false });
  });

  it('refuses invalid values and unknown tasks', () => {
    const [id] = addTasks(t.service, ['https://a.example/']) as [number];
    expectRefusedWithoutChange(id, () => t.service.updateOptions(id, { timeoutMs: 5 }), Error);
    expectRefusedWithoutChange(id, () => t.service.updatePriority(id, 1.5), Error);
    expect(() => t.service.updatePriority(4242, 1)).toThrow(TaskNotFoundError);
    expect(() => t.service.get(4242)).toThrow(TaskNotFoundError);
  });
});
