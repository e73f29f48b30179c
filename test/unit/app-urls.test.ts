// The window's URL rules, decided without Electron: which sender may invoke, where the window
// may navigate, which links go to the system browser, which renderer files `app://` serves,
// and a CSP header that says the same as the page's <meta>.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appEntryUrl, externalLinkTarget, isAppUrl, rendererFileFor } from '../../src-main/core/app-urls';
import { CONTENT_SECURITY_POLICY } from '../../src-main/core/content-security-policy';
import { makeTempDir } from '../helpers/temp-store';

const PACKAGED = appEntryUrl(undefined);
const DEV = appEntryUrl('http://localhost:5173');

describe('isAppUrl (the sender check of every invoke)', () => {
  it('accepts the app itself, any page of it', () => {
    expect(PACKAGED).toBe('app://webagent/index.html');
    expect(isAppUrl('app://webagent/index.html', PACKAGED)).toBe(true);
    expect(isAppUrl('app://webagent/index.html#/tasks?x=1', PACKAGED)).toBe(true);
    expect(isAppUrl('http://localhost:5173/', DEV)).toBe(true);
  });

  it('refuses every other origin, however close', () => {
    for (const url of [
      'app://evil/index.html',
      'app://webagent.evil/index.html',
      'webagent-shot://task/1',
      'file:///home/u/out/renderer/index.html',
      'https://webagent/index.html',
      'app://user@webagent/index.html',
      'about:blank',
      'data:text/html,<script>1</script>',
      '',
      'not a url',
    ]) {
      expect(isAppUrl(url, PACKAGED), url).toBe(false);
    }
    expect(isAppUrl('http://localhost:5174/', DEV)).toBe(false);
    expect(isAppUrl('https://localhost:5173/', DEV)).toBe(false);
    expect(isAppUrl(undefined, PACKAGED)).toBe(false);
  });
});

describe('externalLinkTarget', () => {
  it('sends http(s) links to the system browser and nothing else', () => {
    expect(externalLinkTarget('https://example.org/a?b#c')).toBe('https://example.org/a?b#c');
    expect(externalLinkTarget('http://example.org')).toBe('http://example.org/');
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'app://webagent/x', 'ms-settings:', 'nonsense']) {
      expect(externalLinkTarget(url), url).toBeNull();
    }
  });
});

describe('rendererFileFor (app://webagent/)', () => {
  const dir = makeTempDir('webagent-renderer-');
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<html>');

  it('serves the built files by path, index.html for the root', () => {
    expect(rendererFileFor('app://webagent/', dir)).toEqual({ path: join(dir, 'index.html'), contentType: 'text/html; charset=utf-8' });
    expect(rendererFileFor('app://webagent/assets/index-abc.js', dir)).toEqual({ path: join(dir, 'assets', 'index-abc.js'), contentType: 'text/javascript; charset=utf-8' });
  });

  it('keeps dot segments and leading slashes inside the folder', () => {
    expect(rendererFileFor('app://webagent/../../secret.html', dir)?.path).toBe(join(dir, 'secret.html'));
    expect(rendererFileFor('app://webagent/assets/%2e%2e/%2e%2e/secret.html', dir)?.path).toBe(join(dir, 'secret.html'));
    expect(rendererFileFor('app://webagent/%2Fetc%2Fpasswd.html', dir)?.path).toBe(join(dir, 'etc', 'passwd.html'));
  });

  it('refuses encoded traversal, other hosts and types it does not know', () => {
    for (const url of [
      'app://webagent/assets/..%2f..%2fsecret.js',
      'app://webagent/assets/%00.js',
      'app://other/index.html',
      'app://webagent/data.sqlite',
      'app://webagent/%E0%A4%A.html',
    ]) {
      expect(rendererFileFor(url, dir), url).toBeNull();
    }
  });
});

it('sends the same Content Security Policy as a header as the page has in its <meta>', () => {
  const html = readFileSync(resolve(import.meta.dirname, '../../src-renderer/index.html'), 'utf8');
  const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
  expect(meta).toBe(CONTENT_SECURITY_POLICY);
  expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
  expect(CONTENT_SECURITY_POLICY).toContain('img-src \'self\' data: webagent-shot:');
  expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
});
