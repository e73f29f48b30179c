// Page metadata and content blocks: title/language/canonical/Open Graph with their fallbacks,
// blocks of every type in reading order with heading levels, hidden text left out, main
// content ranked above boilerplate, RTL and CJK text kept exactly, and a content hash that
// follows the main text only.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright';
import type { ContentBlock } from '../../src-shared/domain';
import { extractPage, type ExtractedPage } from '../../src-main/worker/extract';
import { useExtractionSession } from '../helpers/extraction-session';

const session = useExtractionSession();

async function extract(name: string): Promise<{ page: Page; result: ExtractedPage }> {
  const page = await session.openFixture(name);
  return { page, result: await extractPage(page) };
}

function block(blocks: ContentBlock[], text: string): ContentBlock {
  const found = blocks.filter((b) => b.text === text);
  if (found.length !== 1) throw new Error(`${found.length} blocks with text ${JSON.stringify(text)}`);
  return found[0]!;
}
function indexOf(blocks: ContentBlock[], text: string): number {
  return blocks.indexOf(block(blocks, text));
}

describe('metadata', () => {
  it('reads title, language, canonical URL, Open Graph, description, keywords and counts', async () => {
    const { result } = await extract('extract-content.html');
    expect(result).toMatchObject({
      title: 'Content blocks fixture',
      language: 'en',
      canonicalUrl: session.server.url('/canonical/content-page'),
      metaDescription: 'A page to test content blocks and importance.',
      metaKeywords: 'fixture, content, blocks',
    });
    expect(result.openGraph).toEqual({
      title: 'Open Graph title',
      description: 'Open Graph description',
      image: session.server.url('/images/og-card.png'),
      url: session.server.url('/content'),
      type: 'article',
      site_name: 'Fixture Site',
    });
    expect(result.counts).toEqual({ forms: 0, links: 4, images: 2, interactiveElements: 5 });
  });

  it('falls back to og:title, then to the first h1, and to content-language', async () => {
    const dense = await extract('extract-content-dense.html');
    expect(dense.result.title).toBe('Dense page from Open Graph');
    expect(dense.result.language).toBe('en');
    const untitled = await extract('extract-untitled.html');
    expect(untitled.result).toMatchObject({
      title: 'Fallback heading',
      language: 'de-CH',
      canonicalUrl: null,
      openGraph: {},
      metaDescription: 'Upper-case meta name, extra spaces.',
      metaKeywords: null,
    });
  });

  it('reads the small simple page', async () => {
    const { result } = await extract('simple.html');
    expect(result.title).toBe('Simple page');
    expect(result.elements.map((e) => [e.type, e.name])).toEqual([
      ['link', 'This page again'],
      ['button', 'Press'],
    ]);
    expect(result.contentBlocks.map((b) => [b.type, b.level, b.text])).toEqual([
      ['heading', 1, 'Simple page'],
      ['paragraph', null, 'This page exists so that tests have something small and predictable to load.'],
      ['paragraph', null, 'This page again'],
    ]);
  });
});

describe('content blocks', () => {
  it('gives headings with their levels, in reading order', async () => {
    const { result } = await extract('extract-content.html');
    expect(result.contentBlocks.filter((b) => b.type === 'heading').map((b) => [b.level, b.text])).toEqual([
      [1, 'Main headline of the article'],
      [2, 'Section heading'],
      [3, 'Lists'],
      [4, 'A table'],
      [5, 'Fifth level'],
      [6, 'Sixth level'],
      [2, 'Related stories'],
    ]);
  });

  it('extracts every block type with its text, and nothing hidden', async () => {
    const { result } = await extract('extract-content.html');
    const blocks = result.contentBlocks;
    expect(block(blocks, 'The second paragraph has an inline link and some emphasis inside it.').type).toBe('paragraph');
    expect(block(blocks, 'Apples\nPears\nPlums')).toMatchObject({ type: 'list', level: null });
    expect(block(blocks, 'First step\nSecond step').type).toBe('list');
    expect(block(blocks, 'Name\tQuantity\nTea\t2\nMilk\t1').type).toBe('table');
    expect(block(blocks, 'const answer = 42;\nconsole.log(answer);').type).toBe('code');
    expect(block(blocks, 'To be, or not to be, that is the question.').type).toBe('quote');
    expect(block(blocks, 'A red square on white').type).toBe('image');
    expect(block(blocks, 'Loose text directly inside a div, outside of any paragraph element.').type).toBe('paragraph');
    const all = blocks.map((b) => b.text).join('\n');
    for (const hidden of ['Hidden paragraph', 'Screen reader only', 'Hidden by the attribute', 'Invisible paragraph']) expect(all).not.toContain(hidden);
    expect(blocks.filter((b) => b.type === 'image')).toHaveLength(1); // the empty-alt image is decoration
    expect(blocks.every((b) => b.text.trim() === b.text && b.text.length > 0)).toBe(true);
  });

  it('keeps the reading order of the document', async () => {
    const { result } = await extract('extract-content.html');
    const order = [
      'We use cookies to improve your experience on this site.',
      'Home\nAbout us\nContact',
      'Main headline of the article',
      'The first paragraph of the article is long enough to count as real content for a reader of this page.',
      'Section heading',
      'Apples\nPears\nPlums',
      'Name\tQuantity\nTea\t2\nMilk\t1',
      'A red square on white',
      'Sixth level',
      'Related stories',
      'Copyright 2026 Fixture Incorporated. All rights reserved.',
    ].map((text) => indexOf(result.contentBlocks, text));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('ranks main content above navigation, asides, footers and cookie banners; h1 above h2 ... above h6', async () => {
    const { result } = await extract('extract-content.html');
    const importance = (text: string) => block(result.contentBlocks, text).importance;
    const mainParagraph = importance('The first paragraph of the article is long enough to count as real content for a reader of this page.');
    for (const boilerplate of [
      'We use cookies to improve your experience on this site.',
      'Home\nAbout us\nContact',
      'A sidebar paragraph that is boilerplate around the article.',
      'Copyright 2026 Fixture Incorporated. All rights reserved.',
      'Related stories',
    ]) {
      expect(importance(boilerplate), boilerplate).toBeLessThan(mainParagraph);
    }
    expect(importance('We use cookies to improve your experience on this site.')).toBeLessThan(importance('A sidebar paragraph that is boilerplate around the article.'));
    const headings = ['Main headline of the article', 'Section heading', 'Lists', 'A table', 'Fifth level', 'Sixth level'].map(importance);
    for (let i = 1; i < headings.length; i++) expect(headings[i]).toBeLessThan(headings[i - 1]!);
    expect(headings[0]).toBeGreaterThan(mainParagraph);
    expect(result.contentBlocks.every((b) => b.importance >= 0 && b.importance <= 1)).toBe(true);
  });

  it('finds the densest text region when there is no main or article element', async () => {
    const { result } = await extract('extract-content-dense.html');
    const importance = (text: string) => block(result.contentBlocks, text).importance;
    const story = importance(
      'This story has no main element and no article element, so the densest text region has to be found from its paragraphs, which are long, with commas, clauses, and detail.',
    );
    expect(importance('Short sidebar note.')).toBeLessThan(story);
    expect(importance('Footer-like text in a plain div at the bottom of the page.')).toBeLessThan(story);
    expect(importance('Story title without a main element')).toBeGreaterThan(importance('Short sidebar note.'));
  });

  it('keeps right-to-left and CJK text exactly', async () => {
    const { result } = await extract('extract-content.html');
    for (const text of [
      'هذه فقرة باللغة العربية لاختبار النص من اليمين إلى اليسار.',
      'זוהי פסקה בעברית לבדיקה.',
      'これは日本語の段落です。テスト用の文章です。',
      '这是一个中文段落，用于测试。',
      '이것은 한국어 문단입니다.',
    ]) {
      expect(block(result.contentBlocks, text).type).toBe('paragraph');
    }
  });
});

describe('content hash', () => {
  it('is the sha256 of the main text: stable, moved by the article, not by the footer', async () => {
    const { page, result } = await extract('extract-content.html');
    expect(result.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect((await extractPage(page)).contentHash).toBe(result.contentHash);
    await page.evaluate(() => {
      document.getElementById('footer-text')!.textContent = 'Copyright 2027, a new year in the footer.';
    });
    expect((await extractPage(page)).contentHash).toBe(result.contentHash);
    await page.evaluate(() => {
      document.querySelector('article p')!.textContent = 'The article changed.';
    });
    expect((await extractPage(page)).contentHash).not.toBe(result.contentHash);
  });
});
