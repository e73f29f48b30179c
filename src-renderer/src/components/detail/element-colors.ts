// Element types and their colours live in CSS (`--element-<type>`, light and dark themes);
// this list only keeps the legend in the same order as the filter.
import { ELEMENT_TYPES, type PageElement } from '../../../../src-shared/domain';

export type ElementType = PageElement['type'];

export const ELEMENT_TYPE_ORDER: readonly ElementType[] = ELEMENT_TYPES;

export function elementTypeLabel(type: ElementType): string {
  return type === 'file_upload' ? 'file upload' : type;
}
