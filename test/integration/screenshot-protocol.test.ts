// `webagent-shot://task/<id>[/thumb]` on a real store: the id is looked up, and only a file
// inside the screenshots folder is ever served; anything else is "not found".
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveScreenshotFile } from '../../src-main/core/screenshot-files';
import { resolveInside } from '../../src-main/core/safe-path';
import { screenshotPathsOf } from '../../src-main/core/store/screenshot-query';
import { parseScreenshotUrl, screenshotUrl } from '../../src-shared/app-protocols';
import { samplePage } from '../helpers/sample-page';
import { addTasks, openTempService, type TempService } from '../helpers/temp-store';

describe('parseScreenshotUrl', () => {
  it('reads the task id and the variant of the URLs the renderer builds', () => {
    expect(screenshotUrl(42)).toBe('webagent-shot://task/42');
    expect(parseScreenshotUrl(screenshotUrl(42))).toEqual({ taskId: 42, variant: 'full' });
    expect(parseScreenshotUrl(screenshotUrl(7, 'thumb'))).toEqual({ taskId: 7, variant: 'thumb' });
  });

  it('refuses anything that is not an opaque task id', () => {
    for (const url of [
      'webagent-shot://task/0',
      'webagent-shot://task/-1',
      'webagent-shot://task/1.5',
      'webagent-shot://task/01',
      'webagent-shot://task/1/other',
      'webagent-shot://task/99999999999999999',
      'webagent-shot://task/1?path=/etc/passwd',
      'webagent-shot://task/..%2f..%2fetc%2fpasswd',
      'webagent-shot://file/1',
      'webagent-shot:///etc/passwd',
      'app://task/1',
      'nonsense',
    ]) {
      expect(parseScreenshotUrl(url), url).toBeNull();
    }
  });
});

describe('resolveInside', () => {
  it('keeps paths strictly inside the folder', () => {
    expect(resolveInside('/data/screenshots', '/data/screenshots/1.png')).toBe('/data/screenshots/1.png');
    expect(resolveInside('/data/screenshots', 'sub/2.png')).toBe('/data/screenshots/sub/2.png');
    for (const path of ['/data/screenshots', '/data/screenshots/../webagent.db', '/data/screenshots-evil/1.png', '/etc/passwd', '../x.png', 'a\0.png']) {
      expect(resolveInside('/data/screenshots', path), path).toBeNull();
    }
  });
});

describe('resolveScreenshotFile on a store', () => {
  let t: TempService;
  let shots: string;
  beforeEach(async () => {
    t = await openTempService();
    shots = join(t.dir, 'screenshots');
  });
  afterEach(() => t.close());

  const lookup = (taskId: number) => screenshotPathsOf(t.store, taskId);

  function completeWith(url: string, paths: { screenshotPath: string | null; thumbnailPath: string | null }): number {
    const [id] = addTasks(t.service, [url]) as [number];
    t.service.claimNext();
    t.service.complete(id, { processingMs: 1 }, samplePage(paths));
    return id;
  }

  it('serves the screenshot and the thumbnail of a task by its id', () => {
    const id = completeWith('https://a.example/', { screenshotPath: join(shots, '1.png'), thumbnailPath: join(shots, '1.thumb.jpg') });
    expect(resolveScreenshotFile(screenshotUrl(id), shots, lookup)).toEqual({ path: join(shots, '1.png'), contentType: 'image/png' });
    expect(resolveScreenshotFile(screenshotUrl(id, 'thumb'), shots, lookup)).toEqual({ path: join(shots, '1.thumb.jpg'), contentType: 'image/jpeg' });
  });

  it('is "not found" for an unknown task, a task without a page or screenshot, and a stored path outside the folder', () => {
    const noShot = completeWith('https://b.example/', { screenshotPath: null, thumbnailPath: null });
    const outside = completeWith('https://c.example/', { screenshotPath: join(t.dir, 'webagent.db'), thumbnailPath: '/etc/passwd' });
    const lookalike = completeWith('https://d.example/', { screenshotPath: `${shots}-evil/1.png`, thumbnailPath: join(shots, '..', 'x.jpg') });
    const pending = addTasks(t.service, ['https://pending.example/'])[0] as number;
    for (const url of [screenshotUrl(9999), screenshotUrl(pending), screenshotUrl(noShot), screenshotUrl(outside), screenshotUrl(outside, 'thumb'), screenshotUrl(lookalike), screenshotUrl(lookalike, 'thumb')]) {
      expect(resolveScreenshotFile(url, shots, lookup), url).toBeNull();
    }
  });
});
