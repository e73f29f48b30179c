// In-page extraction: runs INSIDE the page through frame.evaluate, one call per frame.
// Playwright sends it as text (fn.toString()), so it is self-contained: every helper lives in
// the function body, nothing from module scope is used at run time (imports are types only).
// It is long on purpose; the sections below follow the order of the work:
//   1 basics  2 visibility  3 roles  4 accessible names  5 selectors  6 detection
//   7 element description  8 metadata  9 content blocks  10 frame placement  11 assembly
import type { ContentBlock, PageElement } from '../../../src-shared/domain';

export interface InjectedExtractOptions {
  /** Elements to describe in this frame: the page-wide cap minus what earlier frames used. */
  elementBudget: number;
  /** Top document: metadata and content blocks too. A frame: elements and its place in its parent. */
  isTop: boolean;
  /** Symbol.for key of the listener registry installed by the init script. */
  registryKey: string;
  maxContentBlocks: number;
  maxBlockChars: number;
}

/** A PageElement before extract.ts numbers it and places it in the frame tree. */
export type InjectedElement = Omit<PageElement, 'index' | 'framePath'>;

export interface InjectedFrameInfo {
  /** False when the parent document cannot be reached (cross-origin): the frame is skipped. */
  accessible: boolean;
  /** CSS selector of the iframe element, unique in the parent document (open shadow roots included). */
  selectorInParent: string | null;
  /** Position among the parent's iframes in document order, to put sibling frames in tree order. */
  orderInParent: number;
  /** Top-left of the iframe's content box in the parent's viewport coordinates. */
  contentOffset: { x: number; y: number };
  visibleInParent: boolean;
}

export interface InjectedPageData {
  url: string;
  scroll: { x: number; y: number };
  title: string;
  language: string | null;
  canonicalUrl: string | null;
  openGraph: Record<string, string>;
  metaDescription: string | null;
  metaKeywords: string | null;
  counts: { forms: number; links: number; images: number };
  /** bbox in this document's page coordinates; extract.ts moves frame elements to the top page. */
  elements: InjectedElement[];
  /** Interactive elements found, before the budget cut. */
  interactiveTotal: number;
  contentBlocks: ContentBlock[];
  /** Normalized visible main text, the input of contentHash. */
  mainText: string;
  frame: InjectedFrameInfo | null;
  /** Selectors or XPaths that could not be proven unique (expected 0; kept for diagnostics). */
  unprovenSelectors: number;
  durationMs: number;
}

export function extractFromDocument(options: InjectedExtractOptions): InjectedPageData {
  // ================================================================ 1. basics
  const startedAt = performance.now();
  const doc = document;
  const win = window;
  const HTML_NS = 'http://www.w3.org/1999/xhtml';
  const XLINK_NS = 'http://www.w3.org/1999/xlink';

  type ElementType = PageElement['type'];
  type Interaction = PageElement['interactions'][number];
  type SemanticRole = PageElement['semanticRole'];

  /** Collapses what CSS collapses (ASCII whitespace) plus no-break spaces; CJK and RTL text pass untouched. */
  const WHITESPACE = /[\t\n\f\r \u00a0]+/g;
  function collapse(text: string): string {
    return text.replace(WHITESPACE, ' ').trim();
  }
  /** Cuts to `max` UTF-16 units without splitting a surrogate pair. */
  function cut(text: string, max: number): string {
    if (text.length <= max) return text;
    let end = max;
    const code = text.charCodeAt(end - 1);
    if (code >= 0xd800 && code <= 0xdbff) end--;
    return text.slice(0, end);
  }
  function round2(n: number): number {
    return Math.round(n * 100) / 100;
  }

  const styleCache = new Map<Element, CSSStyleDeclaration>();
  function styleOf(el: Element): CSSStyleDeclaration {
    let style = styleCache.get(el);
    if (!style) {
      style = (el.ownerDocument.defaultView || win).getComputedStyle(el);
      styleCache.set(el, style);
    }
    return style;
  }
  /** DOM parent, crossing from a shadow root's top to its host (Playwright's parentElementOrShadowHost). */
  function parentOrHost(el: Element): Element | null {
    if (el.parentElement) return el.parentElement;
    const parent = el.parentNode;
    return parent && parent.nodeType === 11 ? (parent as ShadowRoot).host || null : null;
  }
  /** Parent in the flat (rendered) tree: slotted elements hang under their slot. */
  function flatParent(el: Element): Element | null {
    return el.assignedSlot || parentOrHost(el);
  }
  function composedContains(ancestor: Element, el: Element): boolean {
    for (let n: Element | null = el; n; n = flatParent(n)) if (n === ancestor) return true;
    return false;
  }
  function hasHref(el: Element): boolean {
    return el.hasAttribute('href') || (el.namespaceURI !== HTML_NS && el.hasAttributeNS(XLINK_NS, 'href'));
  }
  function absoluteUrl(value: string, base: string): string {
    try {
      return new URL(value, base).href;
    } catch {
      return value;
    }
  }

  interface Box {
    left: number;
    top: number;
    right: number;
    bottom: number;
    width: number;
    height: number;
  }
  /** The element's box as Playwright's boundingBox() reports it (DOM.getBoxModel, which for an
   *  inline box is its lines' bounding box): the union of its client rects that are not empty
   *  points. getBoundingClientRect also drops rects of zero height, and so misses the line of a
   *  block inside an inline element (<a><span/><div/></a>). */
  function boxOf(el: Element): Box {
    const rects = el.getClientRects();
    if (rects.length <= 1) return el.getBoundingClientRect();
    let left = Infinity;
    let top = Infinity;
    let right = -Infinity;
    let bottom = -Infinity;
    for (let i = 0; i < rects.length; i++) {
      const r = rects[i]!;
      if (r.width === 0 && r.height === 0) continue;
      left = Math.min(left, r.left);
      top = Math.min(top, r.top);
      right = Math.max(right, r.right);
      bottom = Math.max(bottom, r.bottom);
    }
    if (left === Infinity) return el.getBoundingClientRect();
    return { left, top, right, bottom, width: right - left, height: bottom - top };
  }

  // ================================================================ 2. visibility
  // "Visible" answers: could a user see and reach this element? display/visibility/opacity,
  // size, the hidden attribute (through display), closed <details>, aria-hidden and inert
  // ancestry, modal dialogs, overflow:hidden / clip / clip-path, and boxes left of or above the page.

  /** Bit 1: aria-hidden=true on the element or a flat-tree ancestor; bit 2: inert. */
  const ancestryFlags = new Map<Element, number>();
  function hiddenAncestry(el: Element): number {
    const cached = ancestryFlags.get(el);
    if (cached !== undefined) return cached;
    let flags = 0;
    const ariaHidden = el.getAttribute('aria-hidden');
    if (ariaHidden !== null && ariaHidden.trim().toLowerCase() === 'true') flags |= 1;
    if (el.hasAttribute('inert')) flags |= 2;
    const parent = flatParent(el);
    if (parent) flags |= hiddenAncestry(parent);
    ancestryFlags.set(el, flags);
    return flags;
  }

  function firstSummaryOf(details: Element): Element | null {
    for (let c = details.firstElementChild; c; c = c.nextElementSibling) if (c.localName === 'summary') return c;
    return null;
  }
  function insideClosedDetails(el: Element): boolean {
    for (let n: Element | null = el; n; n = parentOrHost(n)) {
      const parent = n.parentElement;
      if (parent && parent.localName === 'details' && !(parent as HTMLDetailsElement).open && firstSummaryOf(parent) !== n) return true;
    }
    return false;
  }

  const modalByDocument = new Map<Document, Element | null>();
  function openModalOf(d: Document): Element | null {
    let modal = modalByDocument.get(d);
    if (modal === undefined) {
      try {
        modal = d.querySelector('dialog:modal');
      } catch {
        modal = null;
      }
      modalByDocument.set(d, modal);
    }
    return modal;
  }

  function cssLength(value: string, size: number): number {
    const n = parseFloat(value);
    if (Number.isNaN(n)) return 0;
    return value.endsWith('%') ? (n / 100) * size : n;
  }
  /** `clip` or `clip-path` that leaves nothing of the element (the sr-only patterns among others). */
  function clipHidesAll(el: Element, style: CSSStyleDeclaration): boolean {
    const clip = style.clip;
    if (clip && clip !== 'auto' && (style.position === 'absolute' || style.position === 'fixed')) {
      const parts = clip.replace(/^rect\(|\)$/g, '').trim().split(/[\s,]+/);
      if (parts.length === 4) {
        const rect = el.getBoundingClientRect();
        const edge = (v: string, auto: number) => (v === 'auto' ? auto : parseFloat(v));
        const top = edge(parts[0]!, 0);
        const right = edge(parts[1]!, rect.width);
        const bottom = edge(parts[2]!, rect.height);
        const left = edge(parts[3]!, 0);
        if (right - left <= 1 && bottom - top <= 1) return true;
        if (right <= left || bottom <= top) return true;
      }
    }
    const clipPath = style.clipPath;
    if (clipPath && clipPath !== 'none') {
      const inset = /^inset\(([^)]*)\)/.exec(clipPath);
      if (inset) {
        const values = inset[1]!.split(/\s+round\s+/)[0]!.trim().split(/\s+/);
        const t = values[0] ?? '0';
        const r = values[1] ?? t;
        const b = values[2] ?? t;
        const l = values[3] ?? r;
        const rect = el.getBoundingClientRect();
        if (cssLength(t, rect.height) + cssLength(b, rect.height) >= rect.height) return true;
        if (cssLength(l, rect.width) + cssLength(r, rect.width) >= rect.width) return true;
      } else if (/^(circle|ellipse)\(\s*0(px|%)?[\s)]/.test(clipPath)) {
        return true;
      } else if (clipPath.startsWith('polygon(')) {
        const points = clipPath.slice(8, clipPath.lastIndexOf(')')).split(',').map((p) => p.trim());
        if (points.length > 0 && points.every((p) => p === points[0])) return true;
      }
    }
    return false;
  }
  /** Whether this box is a containing block for fixed-position descendants (and so for absolute ones). */
  function containsFixed(style: CSSStyleDeclaration): boolean {
    return (
      (!!style.transform && style.transform !== 'none') ||
      (!!style.perspective && style.perspective !== 'none') ||
      (!!style.filter && style.filter !== 'none') ||
      (!!style.backdropFilter && style.backdropFilter !== 'none') ||
      /paint|layout|strict|content/.test(style.contain || '') ||
      /transform|perspective|filter/.test(style.willChange || '') ||
      (!!style.containerType && style.containerType !== 'normal')
    );
  }
  /** An overflow:hidden/clip ancestor in the containing-block chain leaves no part of the element. */
  function clippedAway(el: Element, rect: Box): boolean {
    const own = styleOf(el);
    if (clipHidesAll(el, own)) return true;
    let mode = own.position === 'fixed' || own.position === 'absolute' ? own.position : 'normal';
    const d = el.ownerDocument;
    for (let a = flatParent(el); a; a = flatParent(a)) {
      const style = styleOf(a);
      if (clipHidesAll(a, style)) return true;
      if (style.display === 'contents') continue;
      const isContainer = mode === 'fixed' ? containsFixed(style) : mode === 'absolute' ? style.position !== 'static' || containsFixed(style) : true;
      if (!isContainer) continue;
      if (a !== d.documentElement && a !== d.body && style.display !== 'inline') {
        const clipX = style.overflowX === 'hidden' || style.overflowX === 'clip';
        const clipY = style.overflowY === 'hidden' || style.overflowY === 'clip';
        if (clipX || clipY) {
          const box = a.getBoundingClientRect();
          const left = box.left + a.clientLeft;
          const top = box.top + a.clientTop;
          if (clipX && (rect.right <= left + 0.5 || rect.left >= left + a.clientWidth - 0.5)) return true;
          if (clipY && (rect.bottom <= top + 0.5 || rect.top >= top + a.clientHeight - 0.5)) return true;
        }
      }
      mode = style.position === 'fixed' || style.position === 'absolute' ? style.position : 'normal';
    }
    return false;
  }

  function passesCheckVisibility(el: Element, withOpacity: boolean): boolean {
    if (typeof el.checkVisibility !== 'function') return true;
    return el.checkVisibility(
      withOpacity
        ? { opacityProperty: true, visibilityProperty: true, checkOpacity: true, checkVisibilityCSS: true }
        : { visibilityProperty: true, checkVisibilityCSS: true },
    );
  }

  function isVisible(el: Element, rect: Box): boolean {
    if (rect.width <= 0 || rect.height <= 0 || (rect.width <= 1 && rect.height <= 1)) return false;
    if (!passesCheckVisibility(el, true)) return false;
    if (styleOf(el).visibility !== 'visible') return false;
    if (hiddenAncestry(el) !== 0) return false;
    const modal = openModalOf(el.ownerDocument);
    if (modal && !composedContains(modal, el)) return false;
    if (insideClosedDetails(el)) return false;
    if (clippedAway(el, rect)) return false;
    const view = el.ownerDocument.defaultView || win;
    if (rect.right + view.scrollX <= 0 || rect.bottom + view.scrollY <= 0) return false;
    return true;
  }

  // ================================================================ 3. roles
  // Implicit roles follow Playwright's roleUtils (html-aam), re-expressed here.
  const VALID_ROLES = new Set(
    ('alert alertdialog application article banner blockquote button caption cell checkbox code columnheader combobox ' +
      'complementary contentinfo definition deletion dialog directory document emphasis feed figure form generic grid ' +
      'gridcell group heading img insertion link list listbox listitem log main mark marquee math meter menu menubar ' +
      'menuitem menuitemcheckbox menuitemradio navigation none note option paragraph presentation progressbar radio ' +
      'radiogroup region row rowgroup rowheader scrollbar search searchbox separator slider spinbutton status strong ' +
      'subscript superscript switch tab table tablist tabpanel term textbox time timer toolbar tooltip tree treegrid treeitem').split(' '),
  );
  const GLOBAL_ARIA = [
    'aria-atomic', 'aria-busy', 'aria-controls', 'aria-current', 'aria-describedby', 'aria-details', 'aria-dropeffect',
    'aria-flowto', 'aria-grabbed', 'aria-hidden', 'aria-keyshortcuts', 'aria-label', 'aria-labelledby', 'aria-live',
    'aria-owns', 'aria-relevant', 'aria-roledescription',
  ];
  const LABEL_PROHIBITED = new Set(['caption', 'code', 'deletion', 'emphasis', 'generic', 'insertion', 'paragraph', 'presentation', 'strong', 'subscript', 'superscript']);
  const LANDMARK_BLOCKERS = 'article:not([role]), aside:not([role]), main:not([role]), nav:not([role]), section:not([role]), [role=article], [role=complementary], [role=main], [role=navigation], [role=region]';

  function explicitRole(el: Element): string | null {
    const attr = el.getAttribute('role');
    if (!attr) return null;
    for (const token of attr.split(/\s+/)) {
      const role = token.toLowerCase();
      if (role && VALID_ROLES.has(role)) return role;
    }
    return null;
  }
  function hasGlobalAria(el: Element, role: string | null): boolean {
    for (const attr of GLOBAL_ARIA) {
      if (!el.hasAttribute(attr)) continue;
      if ((attr === 'aria-label' || attr === 'aria-labelledby') && LABEL_PROHIBITED.has(role || '')) continue;
      if (attr === 'aria-roledescription' && role === 'generic') continue;
      return true;
    }
    return false;
  }
  function hasNumericTabIndex(el: Element): boolean {
    const value = el.getAttribute('tabindex');
    return value !== null && value.trim() !== '' && !Number.isNaN(Number(value));
  }
  function isNativelyDisabled(el: Element): boolean {
    const tag = el.localName;
    if (tag !== 'button' && tag !== 'input' && tag !== 'select' && tag !== 'textarea' && tag !== 'option' && tag !== 'optgroup') return false;
    try {
      return el.matches(':disabled');
    } catch {
      return el.hasAttribute('disabled');
    }
  }
  function isFocusable(el: Element): boolean {
    if (isNativelyDisabled(el)) return false;
    const tag = el.localName;
    if (tag === 'button' || tag === 'details' || tag === 'select' || tag === 'textarea') return true;
    if (tag === 'a' || tag === 'area') return el.hasAttribute('href');
    if (tag === 'input') return !(el as HTMLInputElement).hidden;
    return hasNumericTabIndex(el);
  }
  function closestAcrossShadow(el: Element, selector: string): Element | null {
    for (let n: Element | null = el; n; ) {
      const found = n.closest(selector);
      if (found) return found;
      const root = n.getRootNode();
      n = root.nodeType === 11 ? (root as ShadowRoot).host : null;
    }
    return null;
  }
  function idRefs(el: Element, value: string | null): Element[] {
    if (!value) return [];
    const root = el.getRootNode() as Document | ShadowRoot;
    if (typeof root.getElementById !== 'function') return [];
    const result: Element[] = [];
    for (const id of value.split(/\s+/)) {
      if (!id) continue;
      const target = root.getElementById(id);
      if (target && !result.includes(target)) result.push(target);
    }
    return result;
  }
  function hasExplicitName(el: Element): boolean {
    return el.hasAttribute('aria-label') || el.hasAttribute('aria-labelledby');
  }
  function implicitRoleOf(el: Element): string | null {
    const tag = el.localName;
    switch (tag) {
      case 'a':
      case 'area':
        return hasHref(el) ? 'link' : null;
      case 'article':
        return 'article';
      case 'aside':
        return 'complementary';
      case 'blockquote':
        return 'blockquote';
      case 'button':
        return 'button';
      case 'caption':
        return 'caption';
      case 'code':
        return 'code';
      case 'datalist':
        return 'listbox';
      case 'dd':
        return 'definition';
      case 'del':
        return 'deletion';
      case 'details':
        return 'group';
      case 'dfn':
      case 'dt':
        return 'term';
      case 'dialog':
        return 'dialog';
      case 'em':
        return 'emphasis';
      case 'fieldset':
      case 'optgroup':
        return 'group';
      case 'figure':
        return 'figure';
      case 'footer':
        return closestAcrossShadow(el, LANDMARK_BLOCKERS) ? null : 'contentinfo';
      case 'header':
        return closestAcrossShadow(el, LANDMARK_BLOCKERS) ? null : 'banner';
      case 'form':
        return hasExplicitName(el) ? 'form' : null;
      case 'h1':
      case 'h2':
      case 'h3':
      case 'h4':
      case 'h5':
      case 'h6':
        return 'heading';
      case 'hr':
        return 'separator';
      case 'html':
        return 'document';
      case 'img':
        return el.getAttribute('alt') === '' && !el.getAttribute('title') && !hasGlobalAria(el, null) && !hasNumericTabIndex(el) ? 'presentation' : 'img';
      case 'input': {
        const type = (el as HTMLInputElement).type.toLowerCase();
        if (type === 'email' || type === 'search' || type === 'tel' || type === 'text' || type === 'url' || type === '') {
          const list = idRefs(el, el.getAttribute('list'))[0];
          if (list && list.localName === 'datalist') return 'combobox';
          return type === 'search' ? 'searchbox' : 'textbox';
        }
        if (type === 'hidden') return null;
        if (type === 'file' || type === 'button' || type === 'image' || type === 'reset' || type === 'submit') return 'button';
        if (type === 'checkbox') return 'checkbox';
        if (type === 'radio') return 'radio';
        if (type === 'number') return 'spinbutton';
        if (type === 'range') return 'slider';
        return 'textbox';
      }
      case 'ins':
        return 'insertion';
      case 'li':
        return 'listitem';
      case 'main':
        return 'main';
      case 'mark':
        return 'mark';
      case 'math':
        return 'math';
      case 'menu':
      case 'ol':
      case 'ul':
        return 'list';
      case 'meter':
        return 'meter';
      case 'nav':
        return 'navigation';
      case 'option':
        return 'option';
      case 'output':
        return 'status';
      case 'p':
        return 'paragraph';
      case 'progress':
        return 'progressbar';
      case 'search':
        return 'search';
      case 'section':
        return hasExplicitName(el) ? 'region' : null;
      case 'select':
        return (el as HTMLSelectElement).multiple || (el as HTMLSelectElement).size > 1 ? 'listbox' : 'combobox';
      case 'strong':
        return 'strong';
      case 'sub':
        return 'subscript';
      case 'sup':
        return 'superscript';
      case 'svg':
        return 'img';
      case 'table':
        return 'table';
      case 'tbody':
      case 'thead':
      case 'tfoot':
        return 'rowgroup';
      case 'td': {
        const table = closestAcrossShadow(el, 'table');
        const role = table ? explicitRole(table) : null;
        return role === 'grid' || role === 'treegrid' ? 'gridcell' : 'cell';
      }
      case 'textarea':
        return 'textbox';
      case 'th': {
        const scope = el.getAttribute('scope');
        if (scope === 'row' || scope === 'rowgroup') return 'rowheader';
        return 'columnheader';
      }
      case 'time':
        return 'time';
      case 'tr':
        return 'row';
      default:
        return null;
    }
  }
  const PRESENTATION_PARENTS: Record<string, string[]> = {
    dd: ['dl', 'div'], div: ['dl'], dt: ['dl', 'div'], li: ['ol', 'ul'], tbody: ['table'], td: ['tr'],
    tfoot: ['table'], th: ['tr'], thead: ['table'], tr: ['thead', 'tbody', 'tfoot', 'table'],
  };
  function implicitRoleWithInheritance(el: Element): string | null {
    const role = implicitRoleOf(el);
    if (!role) return null;
    // A list item of a presentational list is presentational too (ARIA conflict resolution).
    for (let n: Element | null = el; n; ) {
      const parent = parentOrHost(n);
      const allowed = PRESENTATION_PARENTS[n.localName];
      if (!parent || !allowed || !allowed.includes(parent.localName)) break;
      const parentRole = explicitRole(parent);
      if ((parentRole === 'none' || parentRole === 'presentation') && !hasGlobalAria(parent, parentRole) && !isFocusable(parent)) return parentRole;
      n = parent;
    }
    return role;
  }
  const roleCache = new Map<Element, string | null>();
  function ariaRole(el: Element): string | null {
    if (roleCache.has(el)) return roleCache.get(el) ?? null;
    const explicit = explicitRole(el);
    let role: string | null;
    if (!explicit) role = implicitRoleWithInheritance(el);
    else if (explicit === 'none' || explicit === 'presentation') {
      const implicit = implicitRoleWithInheritance(el);
      role = hasGlobalAria(el, implicit) || isFocusable(el) ? implicit : explicit;
    } else role = explicit;
    roleCache.set(el, role);
    return role;
  }

  // ================================================================ 4. accessible names
  // The accname computation as Playwright's getElementAccessibleName implements it (which
  // follows Chromium where the spec is silent): aria-labelledby (several ids, hidden targets
  // count), embedded controls, aria-label, native labels/alt/value/placeholder/title, content.
  const IGNORED_FOR_ARIA = new Set(['style', 'script', 'noscript', 'template']);
  const NAME_PROHIBITED = new Set(['caption', 'code', 'definition', 'deletion', 'emphasis', 'generic', 'insertion', 'mark', 'paragraph', 'presentation', 'strong', 'subscript', 'suggestion', 'superscript', 'term', 'time']);
  const NAME_FROM_CONTENT = new Set(['button', 'cell', 'checkbox', 'columnheader', 'gridcell', 'heading', 'link', 'menuitem', 'menuitemcheckbox', 'menuitemradio', 'option', 'radio', 'row', 'rowheader', 'switch', 'tab', 'tooltip', 'treeitem']);
  const NAME_FROM_CONTENT_IN_DESCENDANT = new Set(['', 'caption', 'code', 'contentinfo', 'definition', 'deletion', 'emphasis', 'insertion', 'list', 'listitem', 'mark', 'none', 'paragraph', 'presentation', 'region', 'row', 'rowgroup', 'section', 'strong', 'subscript', 'superscript', 'table', 'term', 'time']);
  const RANGE_ROLES = new Set(['progressbar', 'scrollbar', 'slider', 'spinbutton', 'meter']);

  const hiddenForAriaCache = new Map<Element, boolean>();
  function displayNoneOrAriaHidden(el: Element): boolean {
    const cached = hiddenForAriaCache.get(el);
    if (cached !== undefined) return cached;
    let hidden = false;
    // Light children of a shadow host that no slot takes are not rendered.
    if (el.parentElement && el.parentElement.shadowRoot && !el.assignedSlot) hidden = true;
    if (!hidden) {
      const ariaHidden = el.getAttribute('aria-hidden');
      hidden = styleOf(el).display === 'none' || (ariaHidden !== null && ariaHidden.toLowerCase() === 'true');
    }
    if (!hidden) {
      const parent = parentOrHost(el);
      if (parent) hidden = displayNoneOrAriaHidden(parent);
    }
    hiddenForAriaCache.set(el, hidden);
    return hidden;
  }
  function hiddenForAria(el: Element): boolean {
    if (IGNORED_FOR_ARIA.has(el.localName)) return true;
    const style = styleOf(el);
    const isSlot = el.localName === 'slot';
    if (style.display === 'contents' && !isSlot) {
      for (let c = el.firstChild; c; c = c.nextSibling) {
        if (c.nodeType === 1 && !hiddenForAria(c as Element)) return false;
        if (c.nodeType === 3 && (c.textContent || '').trim()) return false;
      }
      return true;
    }
    const optionInSelect = el.localName === 'option' && !!el.closest('select');
    if (!optionInSelect && !isSlot) {
      if (typeof el.checkVisibility === 'function' && !el.checkVisibility()) return true;
      if (style.visibility !== 'visible') return true;
    }
    return displayNoneOrAriaHidden(el);
  }

  interface NameContext {
    includeHidden: boolean;
    visited: Set<Element>;
    inLabelledBy?: { hidden: boolean };
    inLabel?: { hidden: boolean };
    inNative?: { hidden: boolean };
    target?: 'self' | 'descendant';
  }

  // element.labels scans the whole tree on every call; one pass per root gives the same lists.
  const labelsByRoot = new Map<Node, Map<Element, HTMLLabelElement[]>>();
  function labelsOf(el: Element): HTMLLabelElement[] {
    if (!('labels' in el)) return [];
    const root = el.getRootNode() as Document | ShadowRoot;
    let byControl = labelsByRoot.get(root);
    if (!byControl) {
      byControl = new Map();
      const labels = root.querySelectorAll('label');
      for (let i = 0; i < labels.length; i++) {
        const label = labels[i]!;
        const control = label.control;
        if (!control) continue;
        const list = byControl.get(control);
        if (list) list.push(label);
        else byControl.set(control, [label]);
      }
      labelsByRoot.set(root, byControl);
    }
    return byControl.get(el) ?? [];
  }
  /** Parses a computed `content` value: strings, attr() and the "/ alt" part; anything else gives up. */
  function parseCssContent(el: Element, value: string, isPseudo: boolean): string | undefined {
    const tokens: { kind: 'text' | 'attr' | 'slash'; value: string }[] = [];
    let i = 0;
    while (i < value.length) {
      const ch = value[i]!;
      if (ch === ' ') {
        i++;
      } else if (ch === '"' || ch === "'") {
        let text = '';
        i++;
        while (i < value.length && value[i] !== ch) {
          if (value[i] === '\\') {
            const hex = /^[0-9a-fA-F]{1,6} ?/.exec(value.slice(i + 1, i + 8));
            if (hex) {
              const code = parseInt(hex[0].trim(), 16);
              text += String.fromCodePoint(code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? code : 0xfffd);
              i += 1 + hex[0].length;
            } else {
              text += value[i + 1] ?? '';
              i += 2;
            }
          } else {
            text += value[i];
            i++;
          }
        }
        i++;
        tokens.push({ kind: 'text', value: text });
      } else if (value.startsWith('attr(', i)) {
        const end = value.indexOf(')', i);
        if (end < 0) return undefined;
        tokens.push({ kind: 'attr', value: value.slice(i + 5, end).trim() });
        i = end + 1;
      } else if (ch === '/') {
        tokens.push({ kind: 'slash', value: '/' });
        i++;
      } else {
        return undefined;
      }
    }
    const slash = tokens.findIndex((t) => t.kind === 'slash');
    let used = tokens;
    if (slash >= 0) used = tokens.slice(slash + 1);
    else if (!isPseudo) return undefined;
    return used.map((t) => (t.kind === 'text' ? t.value : t.kind === 'attr' ? el.getAttribute(t.value) || '' : '')).join('');
  }
  function cssContent(el: Element, pseudo: '::before' | '::after' | null): string | undefined {
    const style = pseudo ? (el.ownerDocument.defaultView || win).getComputedStyle(el, pseudo) : styleOf(el);
    const content = style.content;
    if (!content || content === 'none' || content === 'normal') return undefined;
    if (style.display === 'none' || style.visibility === 'hidden') return undefined;
    let text = parseCssContent(el, content, pseudo !== null);
    if (pseudo && text !== undefined && (style.display || 'inline') !== 'inline') text = ' ' + text + ' ';
    return text;
  }
  function nameFromLabels(labels: HTMLLabelElement[], ctx: NameContext): string {
    return labels
      .map((label) => textAlternative(label, { includeHidden: ctx.includeHidden, visited: ctx.visited, inLabel: { hidden: hiddenForAria(label) } }))
      .filter((text) => !!text)
      .join(' ');
  }
  function descendantsWithOwned(el: Element, selector: string): Element[] {
    const result = Array.from(el.querySelectorAll(selector));
    for (const owned of idRefs(el, el.getAttribute('aria-owns'))) {
      if (owned.matches(selector)) result.push(owned);
      result.push(...Array.from(owned.querySelectorAll(selector)));
    }
    return result;
  }
  function accumulatedText(el: Element, ctx: NameContext): string {
    const tokens: string[] = [];
    const visit = (node: Node, skipSlotted: boolean) => {
      if (skipSlotted && (node as Element | Text).assignedSlot) return;
      if (node.nodeType === 1) {
        const child = node as Element;
        const display = styleOf(child).display || 'inline';
        let token = textAlternative(child, ctx);
        if (display !== 'inline' || child.localName === 'br') token = ' ' + token + ' ';
        tokens.push(token);
      } else if (node.nodeType === 3) {
        tokens.push(node.textContent || '');
      }
    };
    tokens.push(cssContent(el, '::before') || '');
    const replaced = cssContent(el, null);
    if (replaced !== undefined) {
      tokens.push(replaced);
    } else {
      const assigned = el.localName === 'slot' ? (el as HTMLSlotElement).assignedNodes() : [];
      if (assigned.length) {
        for (const node of assigned) visit(node, false);
      } else {
        for (let c = el.firstChild; c; c = c.nextSibling) visit(c, true);
        if (el.shadowRoot) for (let c = el.shadowRoot.firstChild; c; c = c.nextSibling) visit(c, true);
        for (const owned of idRefs(el, el.getAttribute('aria-owns'))) visit(owned, true);
      }
    }
    tokens.push(cssContent(el, '::after') || '');
    return tokens.join('');
  }
  /** Native text alternatives of HTML-AAM; null when the element has none and the computation goes on. */
  function nativeTextAlternative(el: Element, ctx: NameContext, childCtx: NameContext, hasLabelledBy: boolean): string | null {
    const tag = el.localName;
    const titleOf = () => el.getAttribute('title') || '';
    if (tag === 'input') {
      const input = el as HTMLInputElement;
      const type = input.type;
      if (type === 'button' || type === 'submit' || type === 'reset') {
        ctx.visited.add(el);
        if ((input.value || '').trim()) return input.value;
        if (type === 'submit') return 'Submit';
        if (type === 'reset') return 'Reset';
        return titleOf();
      }
      if (type === 'file' || type === 'image') {
        ctx.visited.add(el);
        const labels = labelsOf(el);
        if (labels.length && !ctx.inLabelledBy) return nameFromLabels(labels, ctx);
        if (type === 'file') return 'Choose File';
        const alt = el.getAttribute('alt') || '';
        if (alt.trim()) return alt;
        if (titleOf().trim()) return titleOf();
        return 'Submit';
      }
    }
    if (!hasLabelledBy && tag === 'button') {
      ctx.visited.add(el);
      const labels = labelsOf(el);
      if (labels.length) return nameFromLabels(labels, ctx);
      return null; // falls through to the content
    }
    if (!hasLabelledBy && tag === 'output') {
      ctx.visited.add(el);
      const labels = labelsOf(el);
      return labels.length ? nameFromLabels(labels, ctx) : titleOf();
    }
    if (!hasLabelledBy && (tag === 'textarea' || tag === 'select' || tag === 'input')) {
      ctx.visited.add(el);
      const labels = labelsOf(el);
      if (labels.length) return nameFromLabels(labels, ctx);
      const type = tag === 'input' ? (el as HTMLInputElement).type : '';
      const usesPlaceholder = tag === 'textarea' || ['text', 'password', 'number', 'search', 'tel', 'email', 'url'].includes(type);
      const title = titleOf();
      if (!usesPlaceholder || title) return title;
      return el.getAttribute('placeholder') || '';
    }
    if (!hasLabelledBy && (tag === 'fieldset' || tag === 'figure')) {
      ctx.visited.add(el);
      const captionTag = tag === 'fieldset' ? 'legend' : 'figcaption';
      for (let c = el.firstElementChild; c; c = c.nextElementSibling) {
        if (c.localName === captionTag) return textAlternative(c, { ...childCtx, inNative: { hidden: hiddenForAria(c) } });
      }
      return titleOf();
    }
    if (tag === 'img' || tag === 'area') {
      ctx.visited.add(el);
      const alt = el.getAttribute('alt') || '';
      if (alt.trim()) return alt;
      return titleOf();
    }
    if (tag === 'table') {
      ctx.visited.add(el);
      for (let c = el.firstElementChild; c; c = c.nextElementSibling) {
        if (c.localName === 'caption') return textAlternative(c, { ...childCtx, inNative: { hidden: hiddenForAria(c) } });
      }
      const summary = el.getAttribute('summary') || '';
      if (summary) return summary;
      return null;
    }
    const inSvg = tag === 'svg' || !!(el as SVGElement).ownerSVGElement;
    if (inSvg && el.namespaceURI !== HTML_NS) {
      ctx.visited.add(el);
      for (let c = el.firstElementChild; c; c = c.nextElementSibling) {
        if (c.localName === 'title') return textAlternative(c, { ...childCtx, inLabelledBy: { hidden: hiddenForAria(c) } });
      }
      if (tag === 'a') {
        const title = el.getAttributeNS(XLINK_NS, 'title') || '';
        if (title.trim()) return title;
      }
    }
    return null;
  }
  function textAlternative(el: Element, ctx: NameContext): string {
    if (ctx.visited.has(el)) return '';
    const childCtx: NameContext = { ...ctx, target: ctx.target === 'self' ? 'descendant' : ctx.target };
    if (!ctx.includeHidden) {
      const throughHiddenReference = !!(ctx.inLabelledBy?.hidden || ctx.inNative?.hidden || ctx.inLabel?.hidden);
      if (IGNORED_FOR_ARIA.has(el.localName) || (!throughHiddenReference && hiddenForAria(el))) {
        ctx.visited.add(el);
        return '';
      }
    }
    const labelledBy = idRefs(el, el.getAttribute('aria-labelledby'));
    if (!ctx.inLabelledBy && labelledBy.length) {
      const text = labelledBy
        .map((ref) => textAlternative(ref, { includeHidden: ctx.includeHidden, visited: ctx.visited, inLabelledBy: { hidden: hiddenForAria(ref) } }))
        .join(' ');
      if (text.trim()) return text;
    }
    const role = ariaRole(el) || '';
    const tag = el.localName;
    // A control inside a label (or reached by recursion) contributes its value, not its name.
    if ((ctx.inLabel || ctx.inLabelledBy || ctx.target === 'descendant') && !labelledBy.includes(el)) {
      if (role === 'textbox') {
        ctx.visited.add(el);
        return tag === 'input' || tag === 'textarea' ? (el as HTMLInputElement).value : el.textContent || '';
      }
      if (role === 'combobox' || role === 'listbox') {
        ctx.visited.add(el);
        let selected: Element[];
        if (tag === 'select') {
          const select = el as HTMLSelectElement;
          selected = Array.from(select.selectedOptions);
          if (!selected.length && select.options.length) selected = [select.options[0]!];
        } else {
          const listbox = role === 'combobox' ? descendantsWithOwned(el, '*').find((e) => ariaRole(e) === 'listbox') : el;
          selected = listbox ? descendantsWithOwned(listbox, '[aria-selected="true"]').filter((e) => ariaRole(e) === 'option') : [];
        }
        if (!selected.length && tag === 'input') return (el as HTMLInputElement).value;
        return selected.map((option) => textAlternative(option, childCtx)).join(' ');
      }
      if (RANGE_ROLES.has(role)) {
        ctx.visited.add(el);
        return el.getAttribute('aria-valuetext') ?? el.getAttribute('aria-valuenow') ?? el.getAttribute('value') ?? '';
      }
      if (role === 'menu') {
        ctx.visited.add(el);
        return '';
      }
    }
    const ariaLabel = el.getAttribute('aria-label') || '';
    if (ariaLabel.trim()) {
      ctx.visited.add(el);
      return ariaLabel;
    }
    const presentational = role === 'presentation' || role === 'none';
    if (!presentational) {
      const native = nativeTextAlternative(el, ctx, childCtx, labelledBy.length > 0);
      if (native !== null) return native;
    }
    const fromContent =
      NAME_FROM_CONTENT.has(role) ||
      (ctx.target === 'descendant' && NAME_FROM_CONTENT_IN_DESCENDANT.has(role)) ||
      (tag === 'summary' && !presentational) ||
      !!ctx.inLabelledBy || !!ctx.inLabel || !!ctx.inNative;
    if (fromContent) {
      ctx.visited.add(el);
      const text = accumulatedText(el, childCtx);
      if (ctx.target === 'self' ? text.trim() : text) return text;
    }
    if (!presentational || tag === 'iframe' || tag === 'frame') {
      ctx.visited.add(el);
      const title = el.getAttribute('title') || '';
      if (title.trim()) return title;
    }
    ctx.visited.add(el);
    return '';
  }
  /** Accessible name; a hidden element is named as if shown (Playwright's includeHidden). */
  function accessibleName(el: Element): string {
    const role = ariaRole(el) || '';
    if (NAME_PROHIBITED.has(role)) return '';
    const text = textAlternative(el, { includeHidden: hiddenForAria(el), visited: new Set(), target: 'self' });
    // Icon-font glyphs (private use area) and soft hyphens are noise in a name.
    return collapse(text.replace(/[\u200b\u00ad\ue000-\uf8ff]/g, ''));
  }

  // ================================================================ 5. selectors
  // A CSS selector must match exactly this element both natively (root.querySelectorAll in the
  // element's own document or shadow root) and the way Playwright's css engine reads it: that
  // engine also searches every open shadow root below (and, for a chained host locator, the
  // host's light DOM) and lets combinators cross shadow boundaries. Each scope indexes every
  // element it can reach once (ids, test ids, attributes, classes, tags), so most candidates
  // are decided by a lookup and then confirmed by one native query.
  const TEST_ID_ATTRS = ['data-testid', 'data-test-id', 'data-test', 'data-cy', 'data-qa'];
  const TEST_ID_SET = new Set(TEST_ID_ATTRS);
  const EXTRA_ATTRS = ['href', 'placeholder', 'title', 'alt', 'src', 'role', 'type', 'value'];
  const ATTR_SET = new Set(['name', 'aria-label', ...EXTRA_ATTRS]);

  interface SelectorScope {
    primary: Document | ShadowRoot;
    /** The shadow host when the scope is a shadow root (Playwright's chained-locator scope). */
    host: Element | null;
    quirks: boolean;
    /** Every reachable element by key: `<tag`, `#id`, `.tag class`, `@tag attr=value`, `@ attr=value` (test ids). */
    index: Map<string, Element[]>;
    /** Reachable elements outside the primary root, by local name; null when there are none. */
    secondaryByTag: Map<string, Element[]> | null;
  }
  interface Step {
    css: string;
    /** Local name the step's compound starts with, or null (ids, test ids, anchors). */
    tag: string | null;
    /** Relation to the previous step. */
    combinator: '>' | ' ';
    /** Only elements at the top of the scope (`:not(* *)`), for paths inside a shadow root. */
    topLevel?: boolean;
  }
  interface Anchor {
    el: Element;
    css: string;
  }

  function pushIndex(index: Map<string, Element[]>, key: string, el: Element): void {
    const list = index.get(key);
    if (list) list.push(el);
    else index.set(key, [el]);
  }
  function idKey(quirks: boolean, id: string): string {
    return '#' + (quirks ? id.toLowerCase() : id);
  }
  function classKey(quirks: boolean, tag: string, name: string): string {
    return '.' + tag + ' ' + (quirks ? name.toLowerCase() : name);
  }
  function attrKey(tag: string | null, name: string, value: string): string {
    // `type` values match case-insensitively in HTML documents.
    return '@' + (tag ?? '') + ' ' + name + '=' + (name === 'type' ? value.toLowerCase() : value);
  }
  function indexElement(quirks: boolean, el: Element, add: (key: string) => void): void {
    const tag = el.localName;
    add('<' + tag);
    const attrs = el.attributes;
    for (let i = 0; i < attrs.length; i++) {
      const attr = attrs[i]!;
      const name = attr.name;
      if (name === 'id') {
        if (attr.value) add(idKey(quirks, attr.value));
      } else if (name === 'class') {
        const list = el.classList;
        for (let j = 0; j < list.length; j++) add(classKey(quirks, tag, list[j]!));
      } else if (TEST_ID_SET.has(name)) {
        add(attrKey(null, name, attr.value));
      } else if (ATTR_SET.has(name)) {
        add(attrKey(tag, name, attr.value));
      }
    }
  }
  /** Calls `each` for every element Playwright reaches from `root`: its tree and the open shadow trees below. */
  function forEachReachable(root: Document | ShadowRoot | Element, each: (el: Element, nested: boolean) => void, nested = false): void {
    const all = root.querySelectorAll('*');
    for (let i = 0; i < all.length; i++) {
      const el = all[i]!;
      each(el, nested);
      if (el.shadowRoot) forEachReachable(el.shadowRoot, each, true);
    }
  }

  const scopes = new Map<Node, SelectorScope>();
  function scopeOf(primary: Document | ShadowRoot): SelectorScope {
    const cached = scopes.get(primary);
    if (cached) return cached;
    const host = primary.nodeType === 11 ? (primary as ShadowRoot).host : null;
    const ownerDoc = primary.nodeType === 9 ? (primary as Document) : primary.ownerDocument!;
    const quirks = ownerDoc.compatMode === 'BackCompat';
    const index = new Map<string, Element[]>();
    let secondaryByTag: Map<string, Element[]> | null = null;
    const add = (el: Element, secondary: boolean) => {
      indexElement(quirks, el, (key) => pushIndex(index, key, el));
      if (secondary) {
        secondaryByTag ??= new Map();
        pushIndex(secondaryByTag, el.localName, el);
      }
    };
    forEachReachable(primary, add);
    // A chained host locator also searches the host's light DOM.
    if (host) forEachReachable(host, (el) => add(el, true));
    const scope: SelectorScope = { primary, host, quirks, index, secondaryByTag };
    scopes.set(primary, scope);
    return scope;
  }
  function countOf(scope: SelectorScope, key: string): number {
    return scope.index.get(key)?.length ?? 0;
  }

  /** Ids and class names that a build or a framework generated, and that change between loads. */
  function looksGenerated(value: string): boolean {
    if (value.length > 60) return true;
    if (/\d{4,}/.test(value)) return true;
    if (/[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}/i.test(value)) return true;
    if (/:[rR][0-9a-zA-Z]*:|«[rR][0-9a-zA-Z]*»|^_[rR]_[0-9a-zA-Z]*_$/.test(value)) return true;
    if (/^(ember|ext-gen|ext-comp|gwt-uid|yui_|j_idt|mui|headlessui|downshift|react-select|react-aria|tippy|rc-|__bvid__|cdk-|mat-|ui-id|radix|chakra|mantine|select2|vaadin|jqx|jsx|sc|css|svelte|emotion)[-_a-z]*\d/i.test(value)) return true;
    for (const segment of value.split(/[-_:.\s]+/)) {
      if (segment.length < 5) continue;
      const digits = segment.replace(/\D/g, '').length;
      const letters = segment.length - digits;
      if (digits >= 2 && letters >= 1 && /[a-z]\d+[a-z]/i.test(segment) && !/^[a-z]+\d{1,3}$/i.test(segment)) return true;
      if (segment.length >= 8 && /^[0-9a-f]+$/i.test(segment) && digits >= 2 && letters >= 2) return true;
      // Random mixed case (sc-aXZVg, _3xYz9): several case changes in a short token.
      if (/^[a-zA-Z0-9]+$/.test(segment) && (segment.match(/[a-z][A-Z]|[A-Z][a-z]/g) || []).length >= 3 && /\d|[A-Z]{2}/.test(segment)) return true;
    }
    return false;
  }
  const STATE_CLASS = /^(is-.*|has-.*|active|selected|current|open|opened|closed|show|shown|hide|hidden|visible|invisible|hover|focus|focused|disabled|enabled|checked|expanded|collapsed|loading|loaded|lazyload|lazyloaded|in|fade|collapse|ng-.*|js-.*-active)$/i;
  const UTILITY_CLASS = /^-?(m|p)[trblxyse]?-|^(w|h|min-w|min-h|max-w|max-h|size|text|bg|border|rounded|shadow|font|leading|tracking|flex|grid|gap|space-[xy]|items|justify|content|self|place|order|col|row|z|top|left|right|bottom|inset|opacity|overflow|cursor|transition|duration|ease|delay|transform|translate-[xy]|scale|rotate|skew|origin|fill|stroke|outline|ring|divide|sr|not-sr|pointer-events|select|whitespace|break|truncate|underline|italic|uppercase|lowercase|capitalize|align|object|aspect|basis|grow|shrink|float|clear|box|decoration|block|inline|inline-block|inline-flex|hidden|absolute|relative|fixed|sticky|static|container|visible|invisible)(-|$)/;
  function isStableClass(name: string): boolean {
    if (name.length < 2 || name.length > 40) return false;
    if (/[:[\]/@!%()=,.*#\\]/.test(name)) return false;
    if (/^_/.test(name) && /\d/.test(name)) return false;
    if (/^(sc|css|jsx|svelte|emotion|styled|astro)-/i.test(name)) return false; // CSS-in-JS hashes
    if (/__[a-zA-Z0-9_-]{5,}$/.test(name) && /\d/.test(name.slice(name.lastIndexOf('__')))) return false;
    if (/-\d+$/.test(name)) return false;
    if (STATE_CLASS.test(name) || UTILITY_CLASS.test(name)) return false;
    return !looksGenerated(name);
  }
  function isStableId(id: string): boolean {
    return !!id.trim() && !looksGenerated(id);
  }
  function cssString(value: string): string {
    let out = '"';
    for (const ch of value) {
      const code = ch.codePointAt(0)!;
      if (ch === '"' || ch === '\\') out += '\\' + ch;
      else if (code < 0x20 || code === 0x7f) out += '\\' + code.toString(16) + ' ';
      else out += ch;
    }
    return out + '"';
  }
  function usableValue(value: string, max: number): boolean {
    return !!value.trim() && value.length <= max && !/[\n\r]/.test(value);
  }

  const siblingInfo = new Map<Element, { nth: number; total: number; nthByName: number }>();
  /** nth-of-type position (namespace + local name, as CSS and HTML XPath count) and by local name only. */
  function positionOf(el: Element): { nth: number; total: number; nthByName: number } {
    let info = siblingInfo.get(el);
    if (info) return info;
    const parent = el.parentNode as ParentNode | null;
    if (!parent) {
      info = { nth: 1, total: 1, nthByName: 1 };
      siblingInfo.set(el, info);
      return info;
    }
    const byType = new Map<string, number>();
    const byName = new Map<string, number>();
    const kids = parent.children;
    for (let i = 0; i < kids.length; i++) {
      const kid = kids[i]!;
      const typeKey = kid.namespaceURI + ' ' + kid.localName;
      const nth = (byType.get(typeKey) ?? 0) + 1;
      byType.set(typeKey, nth);
      const nthByName = (byName.get(kid.localName) ?? 0) + 1;
      byName.set(kid.localName, nthByName);
      siblingInfo.set(kid, { nth, total: 0, nthByName });
    }
    for (let i = 0; i < kids.length; i++) {
      const kid = kids[i]!;
      siblingInfo.get(kid)!.total = byType.get(kid.namespaceURI + ' ' + kid.localName) ?? 1;
    }
    return siblingInfo.get(el)!;
  }

  function stepsToCss(steps: Step[]): string {
    let out = '';
    steps.forEach((step, i) => {
      if (i > 0) out += step.combinator === '>' ? ' > ' : ' ';
      out += step.css + (step.topLevel ? ':not(* *)' : '');
    });
    return out;
  }
  function uniqueInOwnRoot(scope: SelectorScope, css: string, el: Element): boolean {
    try {
      const found = scope.primary.querySelectorAll(css);
      return found.length === 1 && found[0] === el;
    } catch {
      return false;
    }
  }
  function safeMatches(el: Element, css: string): boolean {
    try {
      return el.matches(css);
    } catch {
      return false;
    }
  }
  /** Playwright's reading of a complex selector at step i, from a candidate up (combinators cross shadow roots). */
  function playwrightMatches(el: Element, steps: Step[], i: number, scopeHost: Element | null): boolean {
    const step = steps[i]!;
    if (el === scopeHost || !safeMatches(el, step.css)) return false;
    if (step.topLevel) {
      const parent = parentOrHost(el);
      if (parent !== null && parent !== scopeHost) return false;
    }
    if (i === 0) return true;
    let parent = parentOrHost(el);
    if (step.combinator === '>') return !!parent && parent !== scopeHost && playwrightMatches(parent, steps, i - 1, scopeHost);
    for (; parent && parent !== scopeHost; parent = parentOrHost(parent)) {
      if (playwrightMatches(parent, steps, i - 1, scopeHost)) return true;
    }
    return false;
  }
  /** The full check: unique natively in the own root, and nothing else reachable by Playwright matches. */
  function verifySteps(el: Element, steps: Step[], scope: SelectorScope): boolean {
    return uniqueInOwnRoot(scope, stepsToCss(steps), el) && secondaryClear(el, steps, scope);
  }
  /** No element outside the own root (open shadow roots below, a host's light DOM) matches the way Playwright reads it. */
  function secondaryClear(el: Element, steps: Step[], scope: SelectorScope): boolean {
    if (!scope.secondaryByTag) return true;
    const last = steps[steps.length - 1]!;
    const pool = last.tag !== null ? scope.secondaryByTag.get(last.tag) ?? [] : Array.from(scope.secondaryByTag.values()).flat();
    for (const other of pool) if (playwrightMatches(other, steps, steps.length - 1, scope.host)) return false;
    return true;
  }
  /** How many elements of `pool` match the compound; stops at 2. */
  function poolMatches(pool: Element[] | undefined, css: string): number {
    if (!pool) return 0;
    let n = 0;
    for (const candidate of pool) if (safeMatches(candidate, css) && ++n > 1) return n;
    return n;
  }

  const anchorCounts = new Map<Element, Map<string, number> | null>();
  let anchorIndexBudget = -1;
  /** Key counts of everything reachable below an anchor, built once per anchor; null once the
   *  budget (a few times the page's size) is spent, so nested big anchors stay linear. */
  function countsBelow(anchor: Element, scope: SelectorScope): Map<string, number> | null {
    if (anchorCounts.has(anchor)) return anchorCounts.get(anchor) ?? null;
    if (anchorIndexBudget < 0) anchorIndexBudget = 4 * (scope.primary.querySelectorAll('*').length + 1000);
    let counts: Map<string, number> | null = null;
    const size = anchor.querySelectorAll('*').length;
    if (size <= anchorIndexBudget) {
      anchorIndexBudget -= size;
      const map = new Map<string, number>();
      const add = (el: Element) => indexElement(scope.quirks, el, (key) => map.set(key, (map.get(key) ?? 0) + 1));
      forEachReachable(anchor, add);
      if (anchor.shadowRoot) forEachReachable(anchor.shadowRoot, add);
      counts = map;
    }
    anchorCounts.set(anchor, counts);
    return counts;
  }
  /** Whether Playwright's descendant combinator reaches `el` from `anchor` (across shadow roots). */
  function reachableBelow(el: Element, anchor: Element, scopeHost: Element | null): boolean {
    for (let p = parentOrHost(el); p && p !== scopeHost; p = parentOrHost(p)) if (p === anchor) return true;
    return false;
  }
  /** How many reachable elements with this index key lie below the anchor (a few: count them; many: the anchor's index). */
  function countBelow(anchor: Element, key: string, scope: SelectorScope): number {
    const pool = scope.index.get(key);
    if (!pool) return 0;
    if (pool.length <= 64) {
      let n = 0;
      for (const candidate of pool) if (reachableBelow(candidate, anchor, scope.host)) n++;
      return n;
    }
    return countsBelow(anchor, scope)?.get(key) ?? Infinity;
  }

  const anchorCache = new Map<Element, Anchor | null>();
  /** Nearest ancestor in the same root with a unique, stable id or test id. */
  function anchorAbove(el: Element, scope: SelectorScope): Anchor | null {
    const parent = el.parentElement;
    if (!parent) return null;
    if (anchorCache.has(parent)) return anchorCache.get(parent) ?? null;
    let anchor: Anchor | null = null;
    const id = parent.id;
    if (id && isStableId(id) && countOf(scope, idKey(scope.quirks, id)) === 1) anchor = { el: parent, css: '#' + CSS.escape(id) };
    if (!anchor) {
      for (const attr of TEST_ID_ATTRS) {
        const value = parent.getAttribute(attr);
        if (value && usableValue(value, 100) && countOf(scope, attrKey(null, attr, value)) === 1) {
          anchor = { el: parent, css: `[${attr}=${cssString(value)}]` };
          break;
        }
      }
    }
    if (!anchor) anchor = anchorAbove(parent, scope);
    anchorCache.set(parent, anchor);
    return anchor;
  }

  function structuralSteps(el: Element, anchor: Anchor | null, scope: SelectorScope): Step[] {
    const steps: Step[] = [];
    const d = el.ownerDocument;
    for (let n: Element | null = el; n && n !== anchor?.el; n = n.parentElement) {
      if (!anchor && scope.host === null && (n === d.body || n === d.documentElement)) {
        steps.unshift({ css: n.localName, tag: n.localName, combinator: '>' });
        break;
      }
      const position = positionOf(n);
      const css = CSS.escape(n.localName) + (position.total > 1 ? `:nth-of-type(${position.nth})` : '');
      steps.unshift({ css, tag: n.localName, combinator: '>' });
    }
    if (anchor) steps.unshift({ css: anchor.css, tag: null, combinator: '>' });
    return steps;
  }

  const uniqueHead = new Map<string, boolean>();
  const stepProven = new Map<Element, boolean>();
  /** The structural path proven with the native engine, step by step: its head (the anchor, or
   *  body/html) is the only match of a native query, and every `>` step matches its element
   *  natively with :nth-of-type(k), or as tag with :only-of-type, either of which admits a single
   *  child of a given parent; el.matches(whole path) checks the text itself. A native query per
   *  element would re-scan every sibling list (O(n^2) on a 3,000-button list). Paths in a shadow
   *  root without an anchor have no unique head: those get the full query. */
  function proveStructural(el: Element, steps: Step[], scope: SelectorScope): boolean {
    const head = steps[0]!;
    const chain: Element[] = [];
    for (let n: Element | null = el; n && chain.length < steps.length; n = n.parentElement) chain.unshift(n);
    if (chain.length !== steps.length || (scope.host !== null && head.tag !== null)) return verifySteps(el, steps, scope);
    const headKey = head.css;
    let headUnique = uniqueHead.get(headKey);
    if (headUnique === undefined) {
      headUnique = uniqueInOwnRoot(scope, headKey, chain[0]!);
      uniqueHead.set(headKey, headUnique);
    }
    if (!headUnique) return false;
    for (let i = 1; i < steps.length; i++) {
      const child = chain[i]!;
      let ok = stepProven.get(child);
      if (ok === undefined) {
        const css = steps[i]!.css;
        ok = safeMatches(child, css) && (css.includes(':nth-of-type(') || safeMatches(child, css + ':only-of-type'));
        stepProven.set(child, ok);
      }
      if (!ok) return false;
    }
    if (!safeMatches(el, stepsToCss(steps))) return false;
    return secondaryClear(el, steps, scope);
  }

  let unprovenSelectors = 0;
  const selectorCache = new Map<Element, string>();
  /** Shortest stable selector, tried in this order: id, test id, name, aria-label, tag or class,
   *  another attribute, two features combined, a feature under an anchor, the structural path. */
  function cssSelectorOf(el: Element): string {
    const cached = selectorCache.get(el);
    if (cached !== undefined) return cached;
    const selector = computeCssSelector(el);
    selectorCache.set(el, selector);
    return selector;
  }
  function computeCssSelector(el: Element): string {
    const scope = scopeOf(el.getRootNode() as Document | ShadowRoot);
    const tag = el.localName;
    const tagCss = CSS.escape(tag);
    // Single compounds: the index counts every reachable element, so count 1 is exact; the
    // native query then confirms the text of the selector.
    const confirmed = (css: string) => uniqueInOwnRoot(scope, css, el);

    const id = el.id;
    if (id && isStableId(id) && countOf(scope, idKey(scope.quirks, id)) === 1) {
      const css = '#' + CSS.escape(id);
      if (confirmed(css)) return css;
    }
    for (const attr of TEST_ID_ATTRS) {
      const value = el.getAttribute(attr);
      if (value && usableValue(value, 100) && countOf(scope, attrKey(null, attr, value)) === 1) {
        const css = `[${attr}=${cssString(value)}]`;
        if (confirmed(css)) return css;
      }
    }
    for (const attr of ['name', 'aria-label']) {
      const value = el.getAttribute(attr);
      if (value && usableValue(value, 120) && countOf(scope, attrKey(tag, attr, value)) === 1) {
        const css = `${tagCss}[${attr}=${cssString(value)}]`;
        if (confirmed(css)) return css;
      }
    }

    const classes: string[] = [];
    for (let i = 0; i < el.classList.length; i++) {
      const name = el.classList[i]!;
      if (isStableClass(name) && !classes.includes(name)) classes.push(name);
    }
    classes.sort((a, b) => countOf(scope, classKey(scope.quirks, tag, a)) - countOf(scope, classKey(scope.quirks, tag, b)) || a.length - b.length);
    const singles: string[] = [];
    if (countOf(scope, '<' + tag) === 1) singles.push(tagCss);
    for (const name of classes) if (countOf(scope, classKey(scope.quirks, tag, name)) === 1) singles.push(`${tagCss}.${CSS.escape(name)}`);
    singles.sort((a, b) => a.length - b.length);
    for (const css of singles) if (confirmed(css)) return css;

    // Other attributes that usually say what the element is.
    const features: { css: string; key: string }[] = [];
    for (const name of classes.slice(0, 4)) features.push({ css: '.' + CSS.escape(name), key: classKey(scope.quirks, tag, name) });
    for (const attr of ['name', 'aria-label', ...EXTRA_ATTRS]) {
      const value = el.getAttribute(attr);
      if (value === null || !usableValue(value, attr === 'href' || attr === 'src' ? 200 : 120)) continue;
      if (attr === 'value' && !(tag === 'input' && /^(button|submit|reset)$/.test((el as HTMLInputElement).type))) continue;
      const css = `[${attr}=${cssString(value)}]`;
      const key = attrKey(tag, attr, value);
      if (attr !== 'name' && attr !== 'aria-label') {
        if (countOf(scope, key) === 1 && confirmed(tagCss + css)) return tagCss + css;
      }
      features.push({ css, key });
    }

    // Two features together.
    const pairs: string[] = [];
    for (let i = 0; i < features.length && pairs.length < 6; i++) {
      for (let j = i + 1; j < features.length && pairs.length < 6; j++) {
        const a = features[i]!;
        const b = features[j]!;
        const pool = countOf(scope, a.key) <= countOf(scope, b.key) ? scope.index.get(a.key) : scope.index.get(b.key);
        const css = tagCss + a.css + b.css;
        if (poolMatches(pool, css) === 1) pairs.push(css);
      }
    }
    pairs.sort((a, b) => a.length - b.length);
    for (const css of pairs) if (confirmed(css)) return css;

    // A feature that is unique under the nearest anchor.
    const anchor = anchorAbove(el, scope);
    if (anchor) {
      const compounds = [{ css: tagCss, key: '<' + tag }, ...features.map((f) => ({ css: tagCss + f.css, key: f.key }))];
      for (const compound of compounds) {
        if (countBelow(anchor.el, compound.key, scope) !== 1) continue;
        const steps: Step[] = [
          { css: anchor.css, tag: null, combinator: '>' },
          { css: compound.css, tag, combinator: ' ' },
        ];
        if (verifySteps(el, steps, scope)) return stepsToCss(steps);
      }
    }

    // The structural path: unique by construction in the own root; checked for Playwright too.
    const steps = structuralSteps(el, anchor, scope);
    if (proveStructural(el, steps, scope)) return stepsToCss(steps);
    if (anchor) {
      const fromRoot = structuralSteps(el, null, scope);
      if (proveStructural(el, fromRoot, scope)) return stepsToCss(fromRoot);
    }
    if (scope.host) {
      const topLevel = structuralSteps(el, null, scope);
      topLevel[0]!.topLevel = true;
      if (verifySteps(el, topLevel, scope)) return stepsToCss(topLevel);
    }
    unprovenSelectors++;
    return stepsToCss(steps);
  }

  const xpathCache = new Map<Element, string>();
  /** One XPath step: a name test (HTML elements by name, others by local-name()) and a position. */
  function xpathStep(el: Element, byLocalName: boolean): { test: string; position: number } {
    const position = positionOf(el);
    if (!byLocalName && el.namespaceURI === HTML_NS && /^[a-z][a-z0-9-]*$/.test(el.localName)) return { test: el.localName, position: position.nth };
    return { test: `*[local-name()="${el.localName}"]`, position: position.nthByName };
  }
  function rawXPath(el: Element, byLocalName: boolean): string {
    if (!byLocalName) {
      const cached = xpathCache.get(el);
      if (cached !== undefined) return cached;
    }
    const parent = el.parentElement;
    const step = xpathStep(el, byLocalName);
    // /html/body/... as in the export format: the root and the body are one of a kind.
    const d = el.ownerDocument;
    const bare = !byLocalName && (el === d.documentElement || (el === d.body && parent === d.documentElement && step.position === 1));
    const path = (parent ? rawXPath(parent, byLocalName) : '') + (bare ? `/${step.test}` : `/${step.test}[${step.position}]`);
    if (!byLocalName) xpathCache.set(el, path);
    return path;
  }
  function xpathSelects(context: Node, xpath: string, el: Element): boolean {
    try {
      const result = el.ownerDocument.evaluate(xpath, context, null, XPathResult.ORDERED_NODE_SNAPSHOT_TYPE, null);
      return result.snapshotLength === 1 && result.snapshotItem(0) === el;
    } catch {
      return false;
    }
  }
  const nodesByTest = new Map<Node, Map<string, Node[]>>();
  /** document.evaluate(test) from a context node, in document order, once per (context, test). */
  function xpathChildren(context: Node, test: string): Node[] {
    let byTest = nodesByTest.get(context);
    if (!byTest) nodesByTest.set(context, (byTest = new Map()));
    let nodes = byTest.get(test);
    if (!nodes) {
      nodes = [];
      try {
        const d = context.nodeType === 9 ? (context as Document) : context.ownerDocument!;
        const result = d.evaluate(test, context, null, XPathResult.ORDERED_NODE_SNAPSHOT_TYPE, null);
        for (let i = 0; i < result.snapshotLength; i++) nodes.push(result.snapshotItem(i)!);
      } catch {
        nodes = [];
      }
      byTest.set(test, nodes);
    }
    return nodes;
  }
  const xpathProven = new Map<Element, boolean>();
  /** The path is proven step by step with document.evaluate: the parent's path selects exactly the
   *  parent (proven once, remembered), and `test[k]` from the parent selects the k-th node of
   *  `test`, which must be this element. That is what evaluating the whole path does, without
   *  re-walking every sibling list for every element (a 3,000-button list would cost 9M steps). */
  function xpathProvenFor(el: Element): boolean {
    const cached = xpathProven.get(el);
    if (cached !== undefined) return cached;
    const context = el.parentNode;
    const step = xpathStep(el, false);
    const parentProven = context !== null && (context.nodeType === 9 || (context.nodeType === 1 && xpathProvenFor(context as Element)));
    const proven = parentProven && xpathChildren(context!, step.test)[step.position - 1] === el;
    xpathProven.set(el, proven);
    return proven;
  }
  /** Positional absolute path, an index on every step below body; null inside shadow roots (XPath cannot enter them). */
  function xpathOf(el: Element): string | null {
    if (el.getRootNode().nodeType !== 9) return null;
    const xpath = rawXPath(el, false);
    if (xpathProvenFor(el)) return xpath;
    const generic = rawXPath(el, true);
    if (xpathSelects(el.ownerDocument, generic, el)) return generic;
    unprovenSelectors++;
    return xpath;
  }
  function shadowHostsOf(el: Element): string[] {
    const hosts: string[] = [];
    for (let root = el.getRootNode(); root.nodeType === 11; ) {
      const host = (root as ShadowRoot).host;
      hosts.unshift(cssSelectorOf(host));
      root = host.getRootNode();
    }
    return hosts;
  }

  // ================================================================ 6. detection
  // Strongest signal first: native controls, ARIA widget roles, click listeners (init script),
  // tabindex >= 0, contenteditable, inline on* handlers, and cursor:pointer last. cursor is
  // inherited: an element that is pointer because its parent is, or that sits inside another
  // interactive element, is not one more element.
  type Signal = 'native' | 'role' | 'listener' | 'tabindex' | 'editable' | 'handler' | 'pointer';
  interface Found {
    el: Element;
    signal: Signal;
    hasInteractiveInside: boolean;
  }
  const WIDGET_ROLES = new Set(['button', 'link', 'checkbox', 'radio', 'tab', 'menuitem', 'menuitemcheckbox', 'menuitemradio', 'switch', 'combobox', 'listbox', 'textbox', 'searchbox', 'slider', 'spinbutton', 'option', 'treeitem', 'gridcell']);
  const CLICK_HANDLER_ATTRS = new Set(['onclick', 'ondblclick', 'onmousedown', 'onmouseup', 'onpointerdown', 'onpointerup', 'ontouchstart', 'ontouchend']);
  const HOVER_HANDLER_ATTRS = new Set(['onmouseover', 'onmouseenter', 'onpointerover', 'onpointerenter']);
  const SKIP_SUBTREE = new Set(['script', 'style', 'noscript', 'template', 'head', 'meta', 'link', 'title', 'option', 'optgroup', 'datalist']);
  /** More distinct event types than this on one element: a framework's delegation root, not a control. */
  const DELEGATION_TYPES = 12;

  interface ListenerRegistry {
    click: WeakSet<object>;
    hover: WeakSet<object>;
    types: WeakMap<object, Set<string>>;
  }
  const registry = (win as unknown as Record<symbol, ListenerRegistry | undefined>)[Symbol.for(options.registryKey)];

  function isNativeControl(el: Element, tag: string): boolean {
    switch (tag) {
      case 'a':
      case 'area':
        return hasHref(el);
      case 'button':
      case 'select':
      case 'textarea':
        return true;
      case 'input':
        return (el as HTMLInputElement).type !== 'hidden';
      case 'summary': {
        const parent = el.parentElement;
        return !!parent && parent.localName === 'details' && firstSummaryOf(parent) === el;
      }
      default:
        return false;
    }
  }
  function hasHandlerAttribute(el: Element, names: Set<string>): boolean {
    const attrs = el.attributes;
    for (let i = 0; i < attrs.length; i++) {
      const name = attrs[i]!.name;
      if (name.length > 2 && name.charCodeAt(0) === 111 /* o */ && name.charCodeAt(1) === 110 /* n */ && names.has(name)) return true;
    }
    return false;
  }
  function isEditingRoot(el: Element): boolean {
    const html = el as HTMLElement;
    if (!html.isContentEditable) return false;
    const parent = flatParent(el) as HTMLElement | null;
    return !parent || !parent.isContentEditable;
  }
  function isLabelOfControl(el: Element, tag: string): boolean {
    return tag === 'label' && !!(el as HTMLLabelElement).control;
  }
  function detectSignal(el: Element, tag: string, cursor: string, parentCursor: string, insideInteractive: boolean): Signal | null {
    if (tag === 'html' || tag === 'body') return null;
    // A label that activates a control is that control, counted once.
    if (isLabelOfControl(el, tag)) return null;
    if (isNativeControl(el, tag)) return 'native';
    const role = explicitRole(el);
    if (role && WIDGET_ROLES.has(role)) return 'role';
    if (registry && registry.click.has(el) && (registry.types.get(el)?.size ?? 0) < DELEGATION_TYPES) return 'listener';
    const tabindex = el.getAttribute('tabindex');
    if (tabindex !== null && /^\s*\d+\s*$/.test(tabindex)) return 'tabindex';
    if (isEditingRoot(el)) return 'editable';
    if (hasHandlerAttribute(el, CLICK_HANDLER_ATTRS) || typeof (el as HTMLElement).onclick === 'function') return 'handler';
    if (cursor === 'pointer' && parentCursor !== 'pointer' && !insideInteractive) return 'pointer';
    return null;
  }

  const found: Found[] = [];
  const frameElements: Element[] = [];
  const counts = { forms: 0, links: 0, images: 0 };
  const slotted = new Set<Element>();

  function visit(el: Element, parentCursor: string, insideInteractive: boolean): boolean {
    const tag = el.localName;
    if (SKIP_SUBTREE.has(tag)) return false;
    if (tag === 'form') counts.forms++;
    else if (tag === 'a' && el.hasAttribute('href')) counts.links++;
    else if (tag === 'img') counts.images++;
    else if (tag === 'iframe' || tag === 'frame') frameElements.push(el);
    const cursor = styleOf(el).cursor;
    let signal = detectSignal(el, tag, cursor, parentCursor, insideInteractive);
    // Pointer alone is too weak to report an element nobody can see.
    if (signal === 'pointer' && !isVisible(el, boxOf(el))) signal = null;
    const entry: Found | null = signal ? { el, signal, hasInteractiveInside: false } : null;
    if (entry) found.push(entry);
    let inside = false;
    if (tag !== 'select' && tag !== 'textarea' && tag !== 'iframe' && tag !== 'frame') {
      inside = visitChildren(el, cursor, insideInteractive || !!entry || isLabelOfControl(el, tag));
    }
    if (entry) entry.hasInteractiveInside = inside;
    return inside || !!entry;
  }
  /** Children in the flat tree: a host's shadow tree (slots bring their assigned light children), then light children no slot took. */
  function visitChildren(el: Element, cursor: string, insideInteractive: boolean): boolean {
    let any = false;
    if (el.localName === 'slot') {
      const assigned = (el as HTMLSlotElement).assignedElements();
      if (assigned.length) {
        for (const child of assigned) {
          if (slotted.has(child)) continue;
          slotted.add(child);
          any = visit(child, cursor, insideInteractive) || any;
        }
        return any;
      }
    }
    const shadow = el.shadowRoot;
    if (shadow) for (let c = shadow.firstElementChild; c; c = c.nextElementSibling) any = visit(c, cursor, insideInteractive) || any;
    for (let c = el.firstElementChild; c; c = c.nextElementSibling) {
      if (shadow && slotted.has(c)) continue;
      any = visit(c, cursor, insideInteractive) || any;
    }
    return any;
  }

  // ================================================================ 7. element description
  const TYPEABLE_INPUTS = new Set(['', 'text', 'search', 'email', 'url', 'tel', 'password', 'number', 'date', 'time', 'datetime-local', 'month', 'week']);
  const SENSITIVE_AUTOCOMPLETE = /password|cc-number|cc-csc|one-time-code/i;
  const CANCEL_NAME = /^(x|×|✕|✖|╳)$|\b(cancel|close|dismiss|abort|no,? thanks|not now|decline|reject all)\b/i;
  const SUBMIT_NAME = /^(submit|send|sign in|log ?in|sign up|register|search|subscribe|save|continue|next|apply|confirm|ok|go|buy now|checkout|place order|post|reply)$/i;

  function elementType(el: Element, tag: string, explicit: string | null): ElementType {
    if (tag === 'input') {
      const type = (el as HTMLInputElement).type;
      if (type === 'submit' || type === 'reset' || type === 'button' || type === 'image') return 'button';
      if (type === 'checkbox') return 'checkbox';
      if (type === 'radio') return 'radio';
      if (type === 'file') return 'file_upload';
      return 'input';
    }
    if (tag === 'select') return 'select';
    if (tag === 'textarea') return 'textarea';
    const isLink = (tag === 'a' || tag === 'area') && hasHref(el);
    switch (explicit) {
      case 'button':
        return 'button';
      case 'link':
        return 'link';
      case 'checkbox':
      case 'switch':
      case 'menuitemcheckbox':
        return 'checkbox';
      case 'radio':
      case 'menuitemradio':
        return 'radio';
      case 'textbox':
        return el.getAttribute('aria-multiline') === 'true' || isEditingRoot(el) ? 'textarea' : 'input';
      case 'searchbox':
      case 'spinbutton':
        return 'input';
      case 'combobox':
      case 'listbox':
        return 'select';
      case 'tab':
      case 'menuitem':
        return isLink ? 'link' : 'button';
      case 'option':
      case 'treeitem':
      case 'gridcell':
      case 'slider':
        return isLink ? 'link' : 'other';
      default:
        break;
    }
    if (isLink) return 'link';
    if (tag === 'button' || tag === 'summary') return 'button';
    if (isEditingRoot(el)) return 'textarea';
    return 'other';
  }
  function interactionsOf(el: Element, tag: string, type: ElementType): Interaction[] {
    let list: Interaction[];
    switch (type) {
      case 'input':
        list = tag === 'input' ? (TYPEABLE_INPUTS.has((el as HTMLInputElement).type) ? ['click', 'type'] : ['click']) : isEditingRoot(el) ? ['click', 'type'] : ['click'];
        break;
      case 'textarea':
        list = tag === 'textarea' || isEditingRoot(el) ? ['click', 'type'] : ['click'];
        break;
      case 'select':
        list = tag === 'select' ? ['click', 'select'] : ['click'];
        break;
      case 'checkbox':
      case 'radio':
        list = ['click', 'check'];
        break;
      case 'file_upload':
        list = ['click', 'upload'];
        break;
      default:
        list = ['click'];
    }
    const popup = el.getAttribute('aria-haspopup');
    if ((popup !== null && popup !== 'false') || registry?.hover.has(el) || hasHandlerAttribute(el, HOVER_HANDLER_ATTRS)) list.push('hover');
    return list;
  }
  function semanticOf(el: Element, tag: string, type: ElementType, signal: Signal, label: string, hasInteractiveInside: boolean, rect: Box): [SemanticRole, number] {
    const native = signal === 'native';
    const isSubmit =
      (tag === 'input' && ((el as HTMLInputElement).type === 'submit' || (el as HTMLInputElement).type === 'image')) ||
      (tag === 'button' && (el as HTMLButtonElement).type === 'submit' && !!(el as HTMLButtonElement).form);
    if ((type === 'button' || type === 'link' || type === 'other') && CANCEL_NAME.test(label)) return ['cancel', type === 'button' ? 0.85 : 0.7];
    switch (type) {
      case 'button':
        if (isSubmit) return ['submit', 0.95];
        if (tag === 'input' && (el as HTMLInputElement).type === 'reset') return ['cancel', 0.7];
        if (SUBMIT_NAME.test(label)) return ['submit', 0.6];
        return ['action', native ? 0.85 : 0.75];
      case 'link': {
        const href = (el.getAttribute('href') || '').trim();
        if (/^javascript:/i.test(href) || href === '#' || (!href && !native)) return ['action', 0.6];
        return ['navigation', native ? 0.9 : 0.8];
      }
      case 'input':
      case 'textarea':
      case 'select':
      case 'checkbox':
      case 'radio':
      case 'file_upload':
        return ['form_input', native ? 0.95 : 0.8];
      default:
        break;
    }
    switch (signal) {
      case 'role':
        return ['action', 0.7];
      case 'listener':
      case 'handler':
        return ['action', hasInteractiveInside ? 0.4 : 0.6];
      case 'editable':
        return ['form_input', 0.85];
      case 'tabindex':
        return ['content', 0.3];
      default: {
        const small = rect.width * rect.height <= 120_000 && label.length <= 80;
        return small && !hasInteractiveInside ? ['action', 0.3] : ['content', 0.2];
      }
    }
  }
  function sensitive(input: HTMLInputElement): boolean {
    return input.type === 'password' || SENSITIVE_AUTOCOMPLETE.test(input.getAttribute('autocomplete') || '');
  }
  function selectedText(select: HTMLSelectElement): string {
    return Array.from(select.selectedOptions)
      .map((option) => collapse(option.text))
      .join(', ');
  }
  function valueOf(el: Element, tag: string): string {
    if (tag === 'input') {
      const input = el as HTMLInputElement;
      if (sensitive(input) || input.type === 'file') return '';
      return input.value;
    }
    if (tag === 'textarea') return (el as HTMLTextAreaElement).value;
    if (tag === 'select') return selectedText(el as HTMLSelectElement);
    if (tag === 'button') return (el as HTMLButtonElement).value;
    return el.getAttribute('aria-valuetext') ?? el.getAttribute('aria-valuenow') ?? '';
  }
  function visibleTextOf(el: Element, tag: string): string {
    if (tag === 'input') {
      const input = el as HTMLInputElement;
      if (input.type === 'submit' || input.type === 'reset') return collapse(input.value) || (input.type === 'submit' ? 'Submit' : 'Reset');
      return input.type === 'button' ? collapse(input.value) : '';
    }
    if (tag === 'select') return selectedText(el as HTMLSelectElement);
    if (tag === 'textarea') return '';
    const all = el.textContent || '';
    // innerText lays text out (hidden parts drop out); for huge containers textContent is enough.
    const text = all.length > 20_000 || !('innerText' in el) ? all : (el as HTMLElement).innerText;
    return cut(collapse(text), 500);
  }
  function hrefOf(el: Element, tag: string): string | null {
    if ((tag !== 'a' && tag !== 'area') || !hasHref(el)) return null;
    if (el.namespaceURI === HTML_NS) return (el as HTMLAnchorElement).href || el.getAttribute('href');
    const raw = el.getAttribute('href') ?? el.getAttributeNS(XLINK_NS, 'href') ?? '';
    return absoluteUrl(raw, el.ownerDocument.baseURI);
  }
  function isEnabled(el: Element): boolean {
    if (isNativelyDisabled(el)) return false;
    // aria-disabled applies to descendants too; the nearest explicit value wins.
    for (let n: Element | null = el; n; n = parentOrHost(n)) {
      const value = n.getAttribute('aria-disabled');
      if (value === null) continue;
      const v = value.trim().toLowerCase();
      if (v === 'true') return false;
      if (v === 'false') return true;
    }
    return true;
  }

  function describe(entry: Found, scrollX: number, scrollY: number): InjectedElement {
    const el = entry.el;
    const tag = el.localName;
    const rect = boxOf(el);
    const explicit = explicitRole(el);
    const type = elementType(el, tag, explicit);
    const name = cut(accessibleName(el), 1000);
    const text = visibleTextOf(el, tag);
    const [semanticRole, confidence] = semanticOf(el, tag, type, entry.signal, name || text, entry.hasInteractiveInside, rect);
    return {
      type,
      tag: tag.toLowerCase(),
      role: ariaRole(el) || '',
      name,
      text,
      id: el.id,
      classes: Array.from(el.classList),
      placeholder: el.getAttribute('placeholder') || '',
      value: cut(valueOf(el, tag), 1000),
      ariaLabel: el.getAttribute('aria-label') || '',
      title: el.getAttribute('title') || '',
      href: hrefOf(el, tag),
      xpath: xpathOf(el),
      cssSelector: cssSelectorOf(el),
      bbox: { x: round2(rect.left + scrollX), y: round2(rect.top + scrollY), width: round2(rect.width), height: round2(rect.height) },
      visible: isVisible(el, rect),
      enabled: isEnabled(el),
      interactions: interactionsOf(el, tag, type),
      shadowHosts: shadowHostsOf(el),
      semanticRole,
      confidence,
    };
  }

  // ================================================================ 8. metadata
  function readMetadata() {
    const byName = new Map<string, string>();
    const openGraph: Record<string, string> = {};
    let contentLanguage: string | null = null;
    const metas = doc.querySelectorAll('meta');
    for (let i = 0; i < metas.length; i++) {
      const meta = metas[i]!;
      const content = meta.getAttribute('content');
      if (content === null) continue;
      const name = (meta.getAttribute('name') || '').trim().toLowerCase();
      const property = (meta.getAttribute('property') || '').trim().toLowerCase();
      const httpEquiv = (meta.getAttribute('http-equiv') || '').trim().toLowerCase();
      if (name && !byName.has(name)) byName.set(name, content);
      const og = property.startsWith('og:') ? property : name.startsWith('og:') ? name : '';
      if (og) {
        const key = og.slice(3);
        const value = collapse(content);
        if (key && value && !(key in openGraph)) {
          openGraph[key] = /^(image|image:url|image:secure_url|url|video|video:url|video:secure_url|audio)$/.test(key) ? absoluteUrl(value, doc.baseURI) : value;
        }
      }
      if (httpEquiv === 'content-language' && contentLanguage === null && content.trim()) contentLanguage = content.split(',')[0]!.trim();
    }
    const firstH1 = doc.querySelector('h1');
    const title = collapse(doc.title || '') || openGraph.title || (firstH1 ? collapse((firstH1 as HTMLElement).innerText || firstH1.textContent || '') : '');
    const lang = (doc.documentElement.getAttribute('lang') || doc.documentElement.getAttribute('xml:lang') || '').trim();
    let canonicalUrl: string | null = null;
    const canonical = doc.querySelector('link[rel~="canonical" i][href]') as HTMLLinkElement | null;
    if (canonical && (canonical.getAttribute('href') || '').trim()) canonicalUrl = canonical.href || absoluteUrl(canonical.getAttribute('href')!, doc.baseURI);
    const described = byName.get('description');
    const keywords = byName.get('keywords');
    return {
      title,
      language: lang || contentLanguage || null,
      canonicalUrl,
      openGraph,
      metaDescription: described !== undefined && collapse(described) ? collapse(described) : null,
      metaKeywords: keywords !== undefined && collapse(keywords) ? collapse(keywords) : null,
    };
  }

  // ================================================================ 9. content blocks
  // Reading order over the flat tree. Importance: the main region (<main>, [role=main], the one
  // dominant <article>, else the densest paragraph cluster) ranks above neutral content, and
  // navigation, header, footer, aside and cookie banners rank low; h1 > h2 > ... > h6.
  type Region = 'main' | 'neutral' | 'boiler' | 'cookie';
  type BlockType = ContentBlock['type'];
  const CONTENT_SKIP = new Set(['script', 'style', 'noscript', 'template', 'head', 'svg', 'canvas', 'iframe', 'frame', 'object', 'embed', 'video', 'audio', 'select', 'option', 'button', 'input', 'textarea', 'datalist', 'map', 'dialog']);
  const COOKIE_HINT = /cookie|consent|gdpr|onetrust|cookiebot|didomi|truste|cmp-banner|privacy-banner/i;
  const BOILER_HINT = /(^|[\s_-])(nav|navbar|navigation|menu|breadcrumbs?|sidebar|footer|masthead|header|share|sharing|social|related|recommended|comments?|promo|advert|ads?|sponsor(ed)?|newsletter|subscribe|banner|toolbar|popup)([\s_-]|$)/i;
  const BOILER_IN_MAIN_HINT = /(^|[\s_-])(share|sharing|social|related|recommended|comments?|promo|advert|ads?|sponsor(ed)?|newsletter)([\s_-]|$)/i;
  const BLOCK_DESCENDANTS = 'p, h1, h2, h3, h4, h5, h6, ul, ol, dl, table, pre, blockquote, div, section, article, aside, nav, header, footer, figure, img, li, form, main';
  const GENERIC_ALT = /^(image|img|photo|picture|icon|logo|spacer|placeholder|thumbnail|banner|null|undefined|untitled|-)$/i;

  function contentVisible(el: Element): boolean {
    if (!passesCheckVisibility(el, false)) return false;
    const style = styleOf(el);
    if (style.visibility !== 'visible') return false;
    if (clipHidesAll(el, style)) return false;
    if (style.position === 'absolute' && (style.overflow === 'hidden' || style.overflowX === 'hidden')) {
      const rect = el.getBoundingClientRect();
      if (rect.width <= 1 || rect.height <= 1) return false; // the visually-hidden pattern
    }
    return true;
  }
  function textLength(el: Element): number {
    return (el.textContent || '').replace(WHITESPACE, ' ').trim().length;
  }
  function findMainRegion(): Element | null {
    const usable = (e: Element) => contentVisible(e) && textLength(e) > 0;
    const largest = (list: Element[]) => list.reduce((best, e) => (textLength(e) > textLength(best) ? e : best));
    const mains = Array.from(doc.querySelectorAll('main, [role="main"]')).filter(usable);
    if (mains.length) return largest(mains);
    const articles = Array.from(doc.querySelectorAll('article, [role="article"]')).filter(usable);
    if (articles.length === 1) return articles[0]!;
    if (articles.length > 1) {
      const sorted = articles.map((e) => ({ e, n: textLength(e) })).sort((a, b) => b.n - a.n);
      if (sorted[0]!.n >= 2 * sorted[1]!.n) return sorted[0]!.e;
    }
    // Densest paragraph cluster (readability's idea): paragraphs score their parent and, half, grandparent.
    const scores = new Map<Element, number>();
    const paragraphs = doc.querySelectorAll('p, pre, blockquote');
    for (let i = 0; i < paragraphs.length; i++) {
      const p = paragraphs[i]!;
      const text = (p.textContent || '').trim();
      if (text.length < 25 || p.closest('nav, footer, aside, header')) continue;
      const score = 1 + (text.split(/[,،、，]/).length - 1) + Math.min(Math.floor(text.length / 100), 3);
      const parent = p.parentElement;
      if (parent) scores.set(parent, (scores.get(parent) ?? 0) + score);
      const grand = parent?.parentElement;
      if (grand) scores.set(grand, (scores.get(grand) ?? 0) + score / 2);
    }
    let best: Element | null = null;
    let bestScore = 0;
    for (const [el, score] of scores) {
      if (score > bestScore && el !== doc.body && el !== doc.documentElement) {
        best = el;
        bestScore = score;
      }
    }
    if (!best || bestScore < 8 || !contentVisible(best)) return null;
    // Take in the title and byline around the body text: climb while the text barely grows and
    // no other paragraphs (a sidebar's) come in.
    const paragraphsIn = (e: Element) => e.querySelectorAll('p').length;
    for (let n = best.parentElement, steps = 0; n && n !== doc.body && n !== doc.documentElement && steps < 3; n = n.parentElement, steps++) {
      if (textLength(n) > textLength(best) * 1.3 || paragraphsIn(n) > paragraphsIn(best)) break;
      best = n;
    }
    return best;
  }
  function flatChildNodes(el: Element): Node[] {
    if (el.localName === 'slot') {
      const assigned = (el as HTMLSlotElement).assignedNodes();
      if (assigned.length) return assigned;
    }
    const shadow = el.shadowRoot;
    if (shadow) return Array.from(shadow.childNodes);
    return Array.from(el.childNodes);
  }
  function innerTextOf(el: Element): string {
    return 'innerText' in el ? (el as HTMLElement).innerText : el.textContent || '';
  }

  function extractContent(): { blocks: ContentBlock[]; mainText: string } {
    const body = doc.body;
    if (!body) return { blocks: [], mainText: '' };
    const max = options.maxContentBlocks;
    const maxChars = options.maxBlockChars;
    const main = findMainRegion();
    const blocks: { block: ContentBlock; region: Region }[] = [];
    const HEADING_BASE = [1, 0.9, 0.8, 0.75, 0.7, 0.65];
    const BASE: Record<BlockType, number> = { heading: 1, paragraph: 0.6, list: 0.5, table: 0.55, code: 0.55, quote: 0.55, image: 0.45, other: 0.3 };
    const FACTOR: Record<Region, number> = { main: 1, neutral: 0.75, boiler: 0.35, cookie: 0.15 };

    function push(type: BlockType, text: string, region: Region, level: number | null = null): void {
      if (blocks.length >= max || !text) return;
      let base = type === 'heading' ? HEADING_BASE[(level ?? 1) - 1] ?? 0.65 : BASE[type];
      if (type === 'paragraph') base += text.length >= 200 ? 0.05 : text.length < 40 ? -0.1 : 0;
      const importance = Math.min(1, Math.max(0, base * FACTOR[region] + (region === 'main' ? 0.05 : 0)));
      blocks.push({ block: { type, level, text: cut(text, maxChars), importance: round2(importance) }, region });
    }
    function regionOf(el: Element, tag: string, current: Region): Region {
      if (current === 'cookie') return current;
      if (el === main) return 'main';
      const hint = (el.id || '') + ' ' + (el.getAttribute('class') || '');
      const label = el.getAttribute('aria-label') || '';
      if (COOKIE_HINT.test(hint) || COOKIE_HINT.test(label)) return 'cookie';
      if (current === 'boiler') return current;
      const role = el.getAttribute('role');
      if (tag === 'nav' || tag === 'aside' || role === 'navigation' || role === 'complementary' || role === 'banner' || role === 'contentinfo' || role === 'search') return 'boiler';
      if (tag === 'footer') return 'boiler';
      if (tag === 'header') return current === 'main' ? current : 'boiler';
      if (current === 'main' ? BOILER_IN_MAIN_HINT.test(hint) : BOILER_HINT.test(hint)) return 'boiler';
      return current;
    }
    function pushList(list: Element, region: Region): void {
      const items: string[] = [];
      for (let c = list.firstElementChild; c; c = c.nextElementSibling) {
        if (c.localName !== 'li' && c.localName !== 'dt' && c.localName !== 'dd') continue;
        if (!contentVisible(c)) continue;
        const text = collapse(innerTextOf(c));
        if (text) items.push(text);
      }
      push('list', items.join('\n'), region);
    }
    function pushTable(table: HTMLTableElement, region: Region): void {
      const lines: string[] = [];
      const rows = table.rows;
      for (let i = 0; i < rows.length && lines.length < 200; i++) {
        const cells = Array.from(rows[i]!.cells).map((cell) => collapse(innerTextOf(cell)));
        if (cells.some((c) => c)) lines.push(cells.join('\t'));
      }
      push('table', lines.join('\n'), region);
    }
    function pushCode(el: Element, region: Region): void {
      const lines = innerTextOf(el).replace(/\r\n?/g, '\n').split('\n').map((line) => line.replace(/[ \t]+$/, ''));
      while (lines.length && !lines[0]!.trim()) lines.shift();
      while (lines.length && !lines[lines.length - 1]!.trim()) lines.pop();
      push('code', lines.join('\n'), region);
    }
    function pushImage(img: Element, region: Region): void {
      const alt = collapse(img.getAttribute('alt') || '');
      if (alt.length < 2 || !/[\p{L}\p{N}]/u.test(alt) || GENERIC_ALT.test(alt) || /\.(png|jpe?g|gif|webp|svg|avif|bmp)$/i.test(alt)) return;
      const rect = img.getBoundingClientRect();
      if (rect.width > 0 && rect.height > 0 && rect.width <= 2 && rect.height <= 2) return; // tracking pixel
      push('image', alt, region);
    }
    function isSimpleList(list: Element): boolean {
      return !list.querySelector('h1, h2, h3, h4, h5, h6, p, pre, blockquote, table, figure');
    }
    function isDataTable(table: HTMLTableElement): boolean {
      const role = explicitRole(table);
      if (role === 'presentation' || role === 'none') return false;
      if (table.querySelector('table, p, h1, h2, h3, h4, h5, h6, ul, ol, pre, blockquote, form')) return false;
      if (table.querySelector('th') || table.caption) return true;
      return Array.from(table.rows).some((row) => row.cells.length >= 2);
    }
    function isInlineLevel(node: Node): boolean {
      if (node.nodeType === 3) return true;
      if (node.nodeType !== 1) return false;
      const el = node as Element;
      if (el.localName === 'br') return true;
      if (el.localName === 'img') return false;
      const display = styleOf(el).display;
      if (!display.startsWith('inline')) return false;
      return !el.querySelector(BLOCK_DESCENDANTS);
    }
    function flushRun(run: Node[], region: Region): void {
      if (!run.length) return;
      let text = '';
      let linkOnly = true;
      for (const node of run) {
        if (node.nodeType === 3) {
          const data = (node as Text).data;
          text += data;
          if (data.trim()) linkOnly = false;
        } else {
          const el = node as Element;
          if (el.localName === 'br') {
            text += ' ';
            continue;
          }
          if (SKIP_INLINE.has(el.localName) || !passesCheckVisibility(el, false)) continue;
          const inner = innerTextOf(el);
          text += inner;
          if (inner.trim() && el.localName !== 'a') linkOnly = false;
        }
      }
      run.length = 0;
      const clean = collapse(text);
      if (!clean || !/[\p{L}\p{N}]/u.test(clean)) return;
      push(linkOnly ? 'other' : 'paragraph', clean, region);
    }
    const SKIP_INLINE = new Set(['script', 'style', 'noscript', 'template', 'svg', 'button', 'select', 'input', 'textarea', 'iframe', 'canvas', 'video', 'audio', 'object', 'embed']);

    function walkBlock(el: Element, region: Region): void {
      if (blocks.length >= max) return;
      const tag = el.localName;
      if (CONTENT_SKIP.has(tag)) return;
      if (!contentVisible(el)) return;
      region = regionOf(el, tag, region);
      const headingLevel = /^h[1-6]$/.test(tag) ? Number(tag[1]) : explicitRole(el) === 'heading' ? Number(el.getAttribute('aria-level')) || 2 : 0;
      if (headingLevel) {
        push('heading', collapse(innerTextOf(el)), region, Math.min(6, Math.max(1, headingLevel)));
        return;
      }
      switch (tag) {
        case 'p':
          push('paragraph', collapse(innerTextOf(el)), region);
          return;
        case 'ul':
        case 'ol':
        case 'dl':
        case 'menu':
          if (isSimpleList(el)) {
            pushList(el, region);
            return;
          }
          break;
        case 'table':
          if (isDataTable(el as HTMLTableElement)) {
            pushTable(el as HTMLTableElement, region);
            return;
          }
          break;
        case 'pre':
          pushCode(el, region);
          return;
        case 'code':
          pushCode(el, region);
          return;
        case 'blockquote':
          push('quote', collapse(innerTextOf(el)), region);
          return;
        case 'img':
          pushImage(el, region);
          return;
        case 'details':
          if (!(el as HTMLDetailsElement).open) {
            const summary = firstSummaryOf(el);
            if (summary) walkBlock(summary, region);
            return;
          }
          break;
        default:
          break;
      }
      const run: Node[] = [];
      for (const node of flatChildNodes(el)) {
        if (isInlineLevel(node)) {
          run.push(node);
        } else if (node.nodeType === 1) {
          flushRun(run, region);
          walkBlock(node as Element, region);
        }
      }
      flushRun(run, region);
    }
    walkBlock(body, main === body ? 'main' : 'neutral');

    const normalize = (items: { block: ContentBlock }[]) => items.map((b) => collapse(b.block.text)).filter((t) => t).join('\n').normalize('NFC');
    let mainText = normalize(blocks.filter((b) => b.region === 'main'));
    if (!mainText) mainText = normalize(blocks.filter((b) => b.region === 'neutral'));
    if (!mainText) mainText = normalize(blocks);
    return { blocks: blocks.map((b) => b.block), mainText };
  }

  // ================================================================ 10. frame placement
  // The parent's run names its iframes (selector, document order) and leaves the answer on its
  // window under a symbol; the child's run picks it up through window.frameElement, so the
  // parent document is indexed once, not once per child frame.
  const framesKey = Symbol.for(options.registryKey + '/frames');
  interface FramePlacement {
    selector: string | null;
    order: number;
  }

  /** A selector for an iframe element, unique in its whole document (Playwright pierces open roots). */
  function frameElementSelector(frameElement: Element): string | null {
    const ownerDoc = frameElement.ownerDocument;
    if (frameElement.getRootNode() === ownerDoc) return cssSelectorOf(frameElement);
    // Inside a shadow root: framePath has no room for hosts, so only a selector that is unique
    // across the whole document will do.
    const scope = scopeOf(ownerDoc);
    const tag = frameElement.localName;
    const candidates: { css: string; key: string }[] = [];
    if (frameElement.id && isStableId(frameElement.id)) candidates.push({ css: '#' + CSS.escape(frameElement.id), key: idKey(scope.quirks, frameElement.id) });
    for (const attr of ['name', 'title', 'src']) {
      const value = frameElement.getAttribute(attr);
      if (value && usableValue(value, 200)) candidates.push({ css: `${tag}[${attr}=${cssString(value)}]`, key: attrKey(tag, attr, value) });
    }
    const hit = candidates.find((c) => countOf(scope, c.key) === 1 && safeMatches(frameElement, c.css));
    return hit ? hit.css : null;
  }

  function publishFramePlacements(frameElements: Element[]): void {
    if (!frameElements.length) return;
    const placements = new WeakMap<Element, FramePlacement>();
    frameElements.forEach((frameElement, order) => placements.set(frameElement, { selector: frameElementSelector(frameElement), order }));
    Object.defineProperty(win, framesKey, { value: placements, configurable: true, enumerable: false, writable: true });
  }

  function frameInfo(): InjectedFrameInfo {
    let frameElement: Element | null;
    try {
      frameElement = win.frameElement;
    } catch {
      frameElement = null; // a cross-origin parent
    }
    if (!frameElement) return { accessible: false, selectorInParent: null, orderInParent: 0, contentOffset: { x: 0, y: 0 }, visibleInParent: false };
    const rect = boxOf(frameElement);
    const style = styleOf(frameElement);
    const contentOffset = {
      x: rect.left + frameElement.clientLeft + (parseFloat(style.paddingLeft) || 0),
      y: rect.top + frameElement.clientTop + (parseFloat(style.paddingTop) || 0),
    };
    const parentWindow = frameElement.ownerDocument.defaultView as unknown as Record<symbol, WeakMap<Element, FramePlacement> | undefined> | null;
    const placed = parentWindow?.[framesKey]?.get(frameElement);
    let order = placed?.order;
    if (order === undefined) {
      const index = Array.from(frameElement.ownerDocument.querySelectorAll('iframe, frame')).indexOf(frameElement);
      order = index >= 0 ? index : Number.MAX_SAFE_INTEGER;
    }
    return {
      accessible: true,
      selectorInParent: placed ? placed.selector : frameElementSelector(frameElement),
      orderInParent: order,
      contentOffset,
      visibleInParent: isVisible(frameElement, rect),
    };
  }

  // ================================================================ 11. assembly
  const scrollX = win.scrollX;
  const scrollY = win.scrollY;
  if (doc.documentElement) visit(doc.documentElement, 'auto', false);
  const budget = Math.max(0, Math.floor(options.elementBudget));
  const elements: InjectedElement[] = [];
  for (let i = 0; i < found.length && i < budget; i++) elements.push(describe(found[i]!, scrollX, scrollY));
  publishFramePlacements(frameElements);

  const metadata = options.isTop
    ? readMetadata()
    : { title: doc.title || '', language: null, canonicalUrl: null, openGraph: {}, metaDescription: null, metaKeywords: null };
  const content = options.isTop ? extractContent() : { blocks: [], mainText: '' };

  return {
    url: doc.URL,
    scroll: { x: scrollX, y: scrollY },
    ...metadata,
    counts,
    elements,
    interactiveTotal: found.length,
    contentBlocks: content.blocks,
    mainText: content.mainText,
    frame: options.isTop ? null : frameInfo(),
    unprovenSelectors,
    durationMs: Math.round(performance.now() - startedAt),
  };
}
