// The parsed page of a completed task: `pages`, `elements` and `content_blocks`.
import type { Selectable } from 'kysely';
import { PageResultSchema, type PageResult } from '../../../src-shared/domain';
import type { Store } from './database';
import type { ContentBlocksTable, ElementsTable, PageRow } from './schema';

type ElementRow = Selectable<ElementsTable>;
type ContentBlockRow = Selectable<ContentBlocksTable>;

const ELEMENT_COLUMNS = [
  'page_id', 'idx', 'type', 'tag', 'role', 'name', 'text', 'element_id', 'classes_json', 'placeholder', 'value',
  'aria_label', 'title', 'href', 'xpath', 'css_selector', 'bbox_x', 'bbox_y', 'bbox_width', 'bbox_height', 'visible',
  'enabled', 'interactions_json', 'frame_path_json', 'shadow_hosts_json', 'semantic_role', 'confidence',
] as const;
const BLOCK_COLUMNS = ['page_id', 'idx', 'type', 'level', 'text', 'importance'] as const;

function insertSql(table: string, columns: readonly string[]): string {
  return `insert into ${table} (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`;
}

export class PageRepository {
  constructor(private readonly store: Store) {}

  /** Writes a page with all its elements and blocks. Call inside the transaction that completes the task. */
  insert(taskId: number, page: PageResult, now: number): number {
    const { lastInsertRowid: pageId } = this.store.run(
      this.store.query.insertInto('pages').values({
        task_id: taskId,
        final_url: page.finalUrl,
        redirects_json: JSON.stringify(page.redirects),
        title: page.title,
        domain: page.domain,
        language: page.language,
        canonical_url: page.canonicalUrl,
        open_graph_json: JSON.stringify(page.openGraph),
        meta_description: page.metaDescription,
        meta_keywords: page.metaKeywords,
        content_hash: page.contentHash,
        http_status: page.httpStatus,
        forms_count: page.counts.forms,
        links_count: page.counts.links,
        images_count: page.counts.images,
        interactive_count: page.counts.interactiveElements,
        elements_truncated: page.elementsTruncated ? 1 : 0,
        screenshot_path: page.screenshotPath,
        screenshot_truncated: page.screenshotTruncated ? 1 : 0,
        thumbnail_path: page.thumbnailPath,
        created_at: now,
      }),
    );
    const insertElement = this.store.sqlite.prepare(insertSql('elements', ELEMENT_COLUMNS));
    for (const e of page.elements) {
      insertElement.run(
        pageId, e.index, e.type, e.tag, e.role, e.name, e.text, e.id, JSON.stringify(e.classes), e.placeholder, e.value,
        e.ariaLabel, e.title, e.href, e.xpath, e.cssSelector, e.bbox.x, e.bbox.y, e.bbox.width, e.bbox.height,
        e.visible ? 1 : 0, e.enabled ? 1 : 0, JSON.stringify(e.interactions), JSON.stringify(e.framePath),
        JSON.stringify(e.shadowHosts), e.semanticRole, e.confidence,
      );
    }
    const insertBlock = this.store.sqlite.prepare(insertSql('content_blocks', BLOCK_COLUMNS));
    page.contentBlocks.forEach((block, idx) => {
      insertBlock.run(pageId, idx, block.type, block.level, block.text, block.importance);
    });
    return pageId;
  }

  getByTaskId(taskId: number): PageResult | undefined {
    return this.getByTaskIds([taskId]).get(taskId);
  }

  /**
   * The pages of many tasks in three queries (the export reads them in batches), keyed by task
   * id; a task without a page has no entry. Keep `taskIds` to a few hundred: each is a parameter.
   */
  getByTaskIds(taskIds: readonly number[]): Map<number, PageResult> {
    const result = new Map<number, PageResult>();
    if (taskIds.length === 0) return result;
    const pages = this.store.all(this.store.query.selectFrom('pages').selectAll().where('task_id', 'in', taskIds));
    if (pages.length === 0) return result;
    const pageIds = pages.map((page) => page.id);
    const elements = groupByPage(
      this.store.all(
        this.store.query.selectFrom('elements').selectAll().where('page_id', 'in', pageIds).orderBy('page_id').orderBy('idx'),
      ),
    );
    const blocks = groupByPage(
      this.store.all(
        this.store.query.selectFrom('content_blocks').selectAll().where('page_id', 'in', pageIds).orderBy('page_id').orderBy('idx'),
      ),
    );
    for (const page of pages) {
      result.set(page.task_id, toPageResult(page, elements.get(page.id) ?? [], blocks.get(page.id) ?? []));
    }
    return result;
  }
}

function groupByPage<R extends { page_id: number }>(rows: readonly R[]): Map<number, R[]> {
  const groups = new Map<number, R[]>();
  for (const row of rows) {
    const group = groups.get(row.page_id);
    if (group) group.push(row);
    else groups.set(row.page_id, [row]);
  }
  return groups;
}

function toPageResult(page: PageRow, elements: readonly ElementRow[], blocks: readonly ContentBlockRow[]): PageResult {
  // Parsing checks that what was stored still has the shape the export promises.
  return PageResultSchema.parse({
    finalUrl: page.final_url,
    redirects: JSON.parse(page.redirects_json),
    title: page.title,
    domain: page.domain,
    language: page.language,
    canonicalUrl: page.canonical_url,
    openGraph: JSON.parse(page.open_graph_json),
    metaDescription: page.meta_description,
    metaKeywords: page.meta_keywords,
    contentHash: page.content_hash,
    httpStatus: page.http_status,
    counts: {
      forms: page.forms_count,
      links: page.links_count,
      images: page.images_count,
      interactiveElements: page.interactive_count,
    },
    elements: elements.map((e) => ({
      index: e.idx,
      type: e.type,
      tag: e.tag,
      role: e.role,
      name: e.name,
      text: e.text,
      id: e.element_id,
      classes: JSON.parse(e.classes_json),
      placeholder: e.placeholder,
      value: e.value,
      ariaLabel: e.aria_label,
      title: e.title,
      href: e.href,
      xpath: e.xpath,
      cssSelector: e.css_selector,
      bbox: { x: e.bbox_x, y: e.bbox_y, width: e.bbox_width, height: e.bbox_height },
      visible: e.visible === 1,
      enabled: e.enabled === 1,
      interactions: JSON.parse(e.interactions_json),
      framePath: JSON.parse(e.frame_path_json),
      shadowHosts: JSON.parse(e.shadow_hosts_json),
      semanticRole: e.semantic_role,
      confidence: e.confidence,
    })),
    elementsTruncated: page.elements_truncated === 1,
    contentBlocks: blocks.map((b) => ({ type: b.type, level: b.level, text: b.text, importance: b.importance })),
    screenshotPath: page.screenshot_path,
    screenshotTruncated: page.screenshot_truncated === 1,
    thumbnailPath: page.thumbnail_path,
  });
}
