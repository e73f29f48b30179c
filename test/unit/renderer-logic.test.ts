// The renderer's pure parts: the settings form's draft and patch, and the tasks table's query.
// Both end up as a contract payload: what they build must pass the contract's own schemas.
import { describe, expect, it } from 'vitest';
import { draftOf, patchOf } from '../../src-renderer/src/lib/settings-draft';
import { listQueryOf, queryKeyOf } from '../../src-renderer/src/state/task-query-store';
import { AppSettingsPatchSchema, DEFAULT_APP_SETTINGS } from '../../src-shared/settings';
import { TaskListQuerySchema } from '../../src-shared/task-query';

describe('settings draft', () => {
  it('an untouched form changes nothing', () => {
    expect(patchOf(DEFAULT_APP_SETTINGS, draftOf(DEFAULT_APP_SETTINGS))).toEqual({});
  });

  it('sends only what changed, as values the contract accepts', () => {
    const draft = { ...draftOf(DEFAULT_APP_SETTINGS), concurrency: ' 8 ', blockDomains: 'ads.example\n\n  tracker.example ', siteIsolation: true, browserPath: '  ' };
    const patch = patchOf(DEFAULT_APP_SETTINGS, draft);
    expect(patch).toEqual({ concurrency: 8, blockDomains: ['ads.example', 'tracker.example'], siteIsolation: true });
    expect(AppSettingsPatchSchema.parse(patch)).toEqual(patch);
  });

  it('a value that is not a number travels as typed, so main names the field', () => {
    const patch = patchOf(DEFAULT_APP_SETTINGS, { ...draftOf(DEFAULT_APP_SETTINGS), timeoutMs: 'soon' });
    expect(patch).toEqual({ timeoutMs: 'soon' });
    const refused = AppSettingsPatchSchema.safeParse(patch);
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.path).toEqual(['timeoutMs']);
  });

  it('an emptied path means "find one" (null), a typed one is kept', () => {
    const saved = { ...DEFAULT_APP_SETTINGS, browserPath: '/opt/chrome' };
    expect(patchOf(saved, { ...draftOf(saved), browserPath: '' })).toEqual({ browserPath: null });
    expect(patchOf(DEFAULT_APP_SETTINGS, { ...draftOf(DEFAULT_APP_SETTINGS), browserPath: ' /usr/bin/chromium ' })).toEqual({ browserPath: '/usr/bin/chromium' });
  });
});

describe('tasks table query', () => {
  type Query = Parameters<typeof listQueryOf>[0];
  const base: Query = { statuses: [], batchId: null, domain: '', search: '', sortBy: 'createdAt', sortDirection: 'desc' };

  it('leaves out filters that are not set, and passes the contract schema', () => {
    expect(listQueryOf({ ...base, statuses: [] })).toEqual({ sortBy: 'createdAt', sortDirection: 'desc' });
    const query = listQueryOf({ ...base, statuses: ['failed', 'cancelled'], batchId: 3, domain: 'a.example', search: 'x'.repeat(600) });
    expect(query).toMatchObject({ statuses: ['failed', 'cancelled'], batchId: 3, domain: 'a.example' });
    expect(query.search).toHaveLength(500);
    expect(TaskListQuerySchema.safeParse(query).success).toBe(true);
  });

  it('a different filter is a different table (its key changes), the same one is not', () => {
    expect(queryKeyOf({ ...base, search: 'a' })).not.toBe(queryKeyOf({ ...base, search: 'b' }));
    expect(queryKeyOf({ ...base, statuses: ['failed'] })).toBe(queryKeyOf({ ...base, statuses: ['failed'] }));
  });
});
