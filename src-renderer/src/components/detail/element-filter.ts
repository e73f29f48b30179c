// The elements tab's filter (type, visible only, text): one pure function, so the screenshot's
// boxes and the table always show the same elements.
import type { PageElement } from '../../../../src-shared/domain';
import type { ElementType } from './element-colors';

export interface ElementFilter {
  type: ElementType | 'all';
  visibleOnly: boolean;
  /** Matched, case-insensitively, against name, text, CSS selector and XPath. */
  search: string;
}

export const NO_ELEMENT_FILTER: ElementFilter = { type: 'all', visibleOnly: false, search: '' };

export function filterElements(elements: readonly PageElement[], filter: ElementFilter): PageElement[] {
  const needle = filter.search.trim().toLowerCase();
  return elements.filter((element) => {
    if (filter.type !== 'all' && element.type !== filter.type) return false;
    if (filter.visibleOnly && !element.visible) return false;
    if (needle === '') return true;
    return (
      element.name.toLowerCase().includes(needle) ||
      element.text.toLowerCase().includes(needle) ||
      element.cssSelector.toLowerCase().includes(needle) ||
      (element.xpath ?? '').toLowerCase().includes(needle)
    );
  });
}

export function countByType(elements: readonly PageElement[]): Map<ElementType, number> {
  const counts = new Map<ElementType, number>();
  for (const element of elements) counts.set(element.type, (counts.get(element.type) ?? 0) + 1);
  return counts;
}
