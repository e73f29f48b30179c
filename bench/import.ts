// The import benchmark: how fast a large dropped URL list becomes tasks, and how fast one more
// task is created in a store that already holds them.
//
// It generates a deterministic list in memory (seeded PRNG: ~80% valid URLs over ~2,000
// domains, ~8% duplicates of earlier lines, ~5% blank or comment lines, ~7% garbage), imports
// it with the real TaskService into a real SQLite file in a fresh temp dir, and times:
//   - parseUrlList alone (parse + validate + normalize + dedupe, no store);
//   - the whole importList call (the above + request validation + insert in one transaction);
//   - service.addUrls([oneUrl]) repeated against the store holding the imported tasks.
// One warm-up run (its own store) comes first because the JIT matters; then each measured
// run gets a fresh store. The temp dir is removed at the end, also on failure.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { arch, cpus, platform, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { silentLogger } from '../src-main/core/logger';
import { Store } from '../src-main/core/store/database';
import { TaskService } from '../src-main/core/task-service';
import { parseUrlList } from '../src-shared/url-list';
import { integerFlag } from './_flags';

export const description = 'parse + store a 100,000-line URL list; single-task creation latency on the full store';

const TARGET_IMPORT_MS = 1000;
const TARGET_SINGLE_P99_MS = 5;
const ORIGINAL_SINGLE_TARGET_MS = 200;
const DEFAULT_SEED = 0x5eed;
/** The fileName the import is given: its extension makes the parser read plain text. */
const FILE_NAME = 'bench.txt';

const HELP = `usage: npm run bench -- import [--lines N] [--repeats N] [--single N] [--seed N]

  --lines N     lines in the generated list (default 100000)
  --repeats N   measured runs, each into a fresh store (default 3), after 1 warm-up run
  --single N    single-task creations timed per run, after the import (default 2000; 0 skips)
  --seed N      PRNG seed of the generated list (default ${DEFAULT_SEED})`;

interface Flags {
  lines: number;
  repeats: number;
  single: number;
  seed: number;
}

function parseFlags(args: string[]): Flags | null {
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      lines: { type: 'string' },
      repeats: { type: 'string' },
      single: { type: 'string' },
      seed: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return null;
  return {
    lines: integerFlag('lines', values.lines, 100_000, 1, HELP),
    repeats: integerFlag('repeats', values.repeats, 3, 1, HELP),
    single: integerFlag('single', values.single, 2000, 0, HELP),
    seed: integerFlag('seed', values.seed, DEFAULT_SEED, 0, HELP),
  };
}

// ---------------------------------------------------------------------------------------------
// The generated list

/** mulberry32: small, fast, and the same sequence on every machine for a given seed. */
function prng(seed: number) {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
  return { next, int, pick, chance: (p: number): boolean => next() < p };
}
type Random = ReturnType<typeof prng>;

const WORDS = [
  'alpha', 'amber', 'atlas', 'blue', 'bright', 'cedar', 'cloud', 'coast', 'copper', 'data', 'delta', 'east', 'echo',
  'field', 'forge', 'fox', 'globe', 'green', 'harbor', 'hill', 'iron', 'jade', 'kite', 'lake', 'leaf', 'light',
  'maple', 'metro', 'mint', 'nord', 'north', 'oak', 'ocean', 'orbit', 'pine', 'pixel', 'polar', 'prime', 'quartz',
  'river', 'rock', 'sand', 'signal', 'silver', 'sky', 'solar', 'stone', 'summit', 'tech', 'terra', 'tide', 'urban',
  'valley', 'vector', 'wave', 'west', 'wind', 'wolf', 'zen', 'zinc',
];
const IDN_WORDS = ['bücher', 'café', 'straße', 'münchen', 'señor', 'zürich', 'españa', 'köln'];
const TLDS = ['com', 'com', 'com', 'com', 'org', 'net', 'io', 'de', 'co.uk', 'fr', 'nl', 'dev', 'app', 'info', 'jp', 'com.au', 'ca', 'es', 'it', 'ch'];
const SUBDOMAINS = ['www', 'www', 'www', 'blog', 'shop', 'docs', 'news', 'app', 'm', 'support'];
const PATH_WORDS = [
  'blog', 'news', 'products', 'product', 'category', 'article', 'articles', 'docs', 'guide', 'help', 'about', 'team',
  'careers', 'jobs', 'pricing', 'search', 'shop', 'item', 'items', 'users', 'profile', 'events', '2023', '2024',
  '2025', 'en', 'de', 'fr', 'en-us', 'archive', 'tags', 'post', 'posts', 'wiki', 'reference', 'api', 'downloads',
];
const QUERY_PARAMS: readonly (() => string)[] = [
  () => 'utm_source=newsletter&utm_medium=email',
  () => 'utm_campaign=spring_sale',
  () => 'ref=homepage',
  () => 'lang=en',
  () => 'sort=price_asc',
  () => 'view=grid',
  () => 'q=caf%C3%A9+cr%C3%A8me',
];

/** A valid URL split where the duplicate variants need it (host case, default port). */
interface ValidUrl {
  /** "https://", "http://" or "" (a bare domain that gets https:// added). */
  prefix: string;
  host: string;
  /** Path, query and fragment, starting with "/". */
  rest: string;
}

function makeDomains(random: Random, count: number): string[] {
  const domains = new Set<string>();
  while (domains.size < count) {
    let name = random.chance(0.01) ? random.pick(IDN_WORDS) : random.pick(WORDS);
    if (random.chance(0.5)) name += random.pick(WORDS);
    if (random.chance(0.25)) name += `-${random.pick(WORDS)}`;
    if (random.chance(0.15)) name += String(random.int(100));
    const sub = random.chance(0.4) ? `${random.pick(SUBDOMAINS)}.` : '';
    domains.add(`${sub}${name}.${random.pick(TLDS)}`);
  }
  return [...domains];
}

function slug(random: Random): string {
  const parts = [random.pick(WORDS), random.pick(PATH_WORDS)];
  if (random.chance(0.5)) parts.push(random.pick(WORDS));
  return parts.join('-');
}

/**
 * A URL no other generated URL equals, before or after normalization: the serial number goes
 * into the path or the query (never only into the fragment, which normalization drops).
 */
function makeValidUrl(random: Random, domains: readonly string[], serial: number): ValidUrl {
  const roll = random.next();
  const prefix = roll < 0.03 ? '' : roll < 0.13 ? 'http://' : 'https://';
  // A few popular domains get most URLs, as in real lists.
  const host = domains[Math.floor(random.next() ** 2.5 * domains.length)] ?? 'example.com';
  const token = serial.toString(36);
  const segments: string[] = [];
  const depth = random.int(4);
  for (let i = 0; i < depth; i++) segments.push(random.chance(0.2) ? String(random.int(10_000)) : random.pick(PATH_WORDS));
  const query: string[] = [];
  if (random.chance(0.6)) {
    let last = random.chance(0.3) ? slug(random) : random.pick(PATH_WORDS);
    if (random.chance(0.05)) last = `${last}-été`;
    segments.push(`${last}-${token}${random.chance(0.15) ? '.html' : ''}`);
  } else {
    query.push(`${random.pick(['id', 'p', 'item', 'article'])}=${token}`);
  }
  if (random.chance(0.3)) query.push(random.pick(QUERY_PARAMS)());
  if (random.chance(0.1)) query.push(`page=${1 + random.int(20)}`);
  let rest = `/${segments.join('/')}`;
  if (segments.length > 0 && random.chance(0.2)) rest += '/';
  if (query.length > 0) rest += `?${query.join('&')}`;
  if (random.chance(0.03)) rest += '#section-2';
  return { prefix, host, rest };
}

function upperAscii(text: string): string {
  return text.replace(/[a-z]/g, (c) => c.toUpperCase());
}

/** The same URL as `url` once normalized, written the way people write duplicates. */
function duplicateOf(random: Random, url: ValidUrl): string {
  const roll = random.next();
  if (roll < 0.6) return url.prefix + url.host + url.rest;
  if (roll < 0.75) return `${url.prefix}${url.host}${url.rest}${url.rest.includes('#') ? '' : '#top'}`;
  if (roll < 0.85) return url.prefix + upperAscii(url.host) + url.rest;
  if (roll < 0.95) return `  ${url.prefix}${url.host}${url.rest}\t`;
  const port = url.prefix === 'http://' ? ':80' : ':443';
  return url.prefix + url.host + port + url.rest;
}

const BLANK_OR_COMMENT: readonly (() => string)[] = [
  () => '',
  () => '',
  () => '   \t ',
  () => '# imported from the team spreadsheet',
  () => '#https://commented-out.example.com/old-page',
  () => '  # TODO check these later',
];

const JUNK_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!$&*()_+=-{}|<>~^:';

type GarbageKind = 'scheme' | 'too long' | 'malformed' | 'junk';

function makeGarbage(random: Random, domains: readonly string[]): { kind: GarbageKind; line: string } {
  const roll = random.next();
  if (roll < 0.35) {
    return {
      kind: 'scheme',
      line: random.pick([
        'javascript:void(0)',
        'javascript:alert(document.cookie)',
        'JavaScript:history.back()',
        'file:///C:/Users/me/Desktop/bookmarks.html',
        'file:///etc/passwd',
        `mailto:info@${random.pick(domains)}`,
        'mailto:team@example.com?subject=Hello',
        'ftp://files.example.com/pub/release.zip',
        'tel:+4930123456',
        'about:blank',
      ]),
    };
  }
  if (roll < 0.5) {
    return { kind: 'too long', line: `https://${random.pick(domains)}/${'a'.repeat(2100 + random.int(2000))}` };
  }
  if (roll < 0.75) {
    return {
      kind: 'malformed',
      line: random.pick([
        'https://',
        'http://',
        'http://@/',
        'https://exa%zzmple.com/page',
        'http://[::1/admin',
        `https://${random.pick(domains)}:99999/`,
        `https://${random.pick(domains)}:port/x`,
        'http://exa<mple.com/',
        'https://..',
        'htp//broken-example',
        'https://intranet/wiki',
      ]),
    };
  }
  // Junk: no ".", "%", "@", "/", "#", separators or whitespace, and a letter first, so that it can
  // never turn into a host with a domain: every junk line is exactly one rejected entry.
  const length = 3 + random.int(40);
  let junk = random.pick(WORDS.slice(0, 26)).slice(0, 1);
  for (let i = 1; i < length; i++) junk += JUNK_CHARS[random.int(JUNK_CHARS.length)];
  return { kind: 'junk', line: junk };
}

export interface GeneratedList {
  text: string;
  lines: number;
  /** What the import should report, by construction. */
  expected: { created: number; duplicates: number; rejected: number; skipped: number };
  garbage: Record<GarbageKind, number>;
  domains: string[];
}

export function generateList(lineCount: number, seed: number): GeneratedList {
  const random = prng(seed);
  const domains = makeDomains(random, 2000);
  const valid: ValidUrl[] = [];
  const lines: string[] = [];
  const expected = { created: 0, duplicates: 0, rejected: 0, skipped: 0 };
  const garbage: Record<GarbageKind, number> = { scheme: 0, 'too long': 0, malformed: 0, junk: 0 };
  for (let i = 0; i < lineCount; i++) {
    const roll = random.next();
    if (roll < 0.08 && valid.length > 0) {
      lines.push(duplicateOf(random, random.pick(valid)));
      expected.duplicates++;
    } else if (roll >= 0.08 && roll < 0.13) {
      lines.push(random.pick(BLANK_OR_COMMENT)());
      expected.skipped++;
    } else if (roll >= 0.13 && roll < 0.2) {
      const { kind, line } = makeGarbage(random, domains);
      lines.push(line);
      garbage[kind]++;
      expected.rejected++;
    } else {
      const url = makeValidUrl(random, domains, valid.length);
      valid.push(url);
      lines.push(url.prefix + url.host + url.rest);
      expected.created++;
    }
  }
  return { text: `${lines.join('\n')}\n`, lines: lineCount, expected, garbage, domains };
}

// ---------------------------------------------------------------------------------------------
// One run

export interface RunFigures {
  created: number;
  duplicates: number;
  rejected: number;
  alreadyQueued: number;
  parseMs: number;
  importMs: number;
  dbBytes: number;
  /** Sorted latencies of single-task creation, in ms. */
  single: number[];
}

export async function runOnce(dir: string, label: string, list: GeneratedList, singleCount: number): Promise<RunFigures> {
  const dbPath = join(dir, `${label}.db`);
  const store = await Store.open(dbPath);
  const service = new TaskService({ store, logger: silentLogger() });
  try {
    let start = performance.now();
    parseUrlList(list.text, { fileName: FILE_NAME });
    const parseMs = performance.now() - start;

    start = performance.now();
    const result = service.importList({ text: list.text, fileName: FILE_NAME, source: 'bench' });
    const importMs = performance.now() - start;

    // Distinct from each other and from every imported URL; built before the clock starts.
    const urls = Array.from({ length: singleCount }, (_, i) => `https://${list.domains[i % list.domains.length]}/bench-single/${label}/${i}`);
    const single: number[] = new Array<number>(singleCount);
    for (let i = 0; i < singleCount; i++) {
      const url = urls[i] as string;
      start = performance.now();
      const one = service.addUrls([url], {}, { source: 'bench' });
      single[i] = performance.now() - start;
      if (one.created !== 1) throw new Error(`addUrls(${url}) created ${one.created} tasks, expected 1`);
    }
    single.sort((a, b) => a - b);

    return {
      created: result.created,
      duplicates: result.duplicates.length,
      rejected: result.rejected.length,
      alreadyQueued: result.alreadyQueued.length,
      parseMs,
      importMs,
      dbBytes: fileSize(dbPath) + fileSize(`${dbPath}-wal`),
      single,
    };
  } finally {
    service.dispose();
    store.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${dbPath}${suffix}`, { force: true });
  }
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

// ---------------------------------------------------------------------------------------------
// Figures and printing

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] as number;
}

function median(values: readonly number[]): number {
  return percentile([...values].sort((a, b) => a - b), 50);
}

const count = (n: number): string => Math.round(n).toLocaleString('en-US');
const ms = (n: number, digits = 1): string => (Number.isNaN(n) ? '-' : n.toFixed(digits));
const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** A plain table: columns padded to their widest cell; `align` has one "l" or "r" per column (default: first left, rest right). */
function table(header: readonly string[], rows: readonly (readonly string[])[], align = 'l'): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const format = (row: readonly string[]): string =>
    row
      .map((cell, column) => ((align[column] ?? 'r') === 'l' ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  return [format(header), format(widths.map((width) => '-'.repeat(width))), ...rows.map(format)].map((line) => `  ${line}`).join('\n');
}

function verdict(value: number, target: number): string {
  return value < target ? 'ok' : 'MISSED';
}

function sqliteVersion(): string {
  const db = new BetterSqlite3(':memory:');
  try {
    return (db.prepare('select sqlite_version() as version').get() as { version: string }).version;
  } finally {
    db.close();
  }
}

export async function run(args: string[]): Promise<void> {
  const flags = parseFlags(args);
  if (!flags) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  const out = (line = ''): void => void process.stdout.write(`${line}\n`);

  const generateStart = performance.now();
  const list = generateList(flags.lines, flags.seed);
  const generateMs = performance.now() - generateStart;

  out(`import benchmark: ${count(flags.lines)} lines, 1 warm-up + ${flags.repeats} measured run(s), ${count(flags.single)} single-task creations per run`);
  out(
    `node ${process.version} ${platform()}/${arch()}, ${cpus()[0]?.model.trim() ?? 'unknown cpu'} x${cpus().length}, ` +
      `SQLite ${sqliteVersion()} (WAL, synchronous=NORMAL), temp dir in ${tmpdir()}`,
  );
  out();
  out(`generated list (seed ${flags.seed}, ${mib(Buffer.byteLength(list.text))}, ${ms(generateMs, 0)} ms)`);
  const share = (n: number): string => `${((n / flags.lines) * 100).toFixed(1)}%`;
  const garbageDetail = (Object.entries(list.garbage) as [GarbageKind, number][]).map(([kind, n]) => `${kind} ${count(n)}`).join(', ');
  out(
    table(
      ['kind', 'lines', 'share', 'detail'],
      [
        ['valid, unique', count(list.expected.created), share(list.expected.created), '~2,000 domains, paths/queries; 3% bare domains, 10% http'],
        ['duplicate of an earlier line', count(list.expected.duplicates), share(list.expected.duplicates), 'exact, +#fragment, UPPER host, padded, :443/:80'],
        ['blank or # comment', count(list.expected.skipped), share(list.expected.skipped), ''],
        ['garbage', count(list.expected.rejected), share(list.expected.rejected), garbageDetail],
      ],
      'lrrl',
    ),
  );
  out();

  const dir = mkdtempSync(join(tmpdir(), 'webagent-bench-import-'));
  const runs: RunFigures[] = [];
  let warmUp: RunFigures;
  try {
    warmUp = await runOnce(dir, 'warm-up', list, Math.min(flags.single, 500));
    for (let i = 1; i <= flags.repeats; i++) {
      (globalThis as { gc?: () => void }).gc?.();
      runs.push(await runOnce(dir, `run-${i}`, list, flags.single));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const importRow = (label: string, r: RunFigures): string[] => [
    label,
    count(flags.lines),
    count(r.created),
    count(r.duplicates),
    count(r.rejected),
    count(r.alreadyQueued),
    ms(r.parseMs),
    ms(r.importMs - r.parseMs),
    ms(r.importMs),
    count(r.created / (r.importMs / 1000)),
    mib(r.dbBytes),
  ];
  const medianOf = (pick: (r: RunFigures) => number): number => median(runs.map(pick));
  const med: RunFigures = {
    created: medianOf((r) => r.created),
    duplicates: medianOf((r) => r.duplicates),
    rejected: medianOf((r) => r.rejected),
    alreadyQueued: medianOf((r) => r.alreadyQueued),
    parseMs: medianOf((r) => r.parseMs),
    importMs: medianOf((r) => r.importMs),
    dbBytes: medianOf((r) => r.dbBytes),
    single: [],
  };
  const e = list.expected;
  out(`import of the whole list (service.importList: validate request, parse, dedupe, insert in one transaction)`);
  out(
    table(
      ['run', 'lines', 'created', 'duplicates', 'invalid', 'already queued', 'parse ms', 'store ms', 'import ms', 'rows/s', 'db size'],
      [
        ['expected', count(flags.lines), count(e.created), count(e.duplicates), count(e.rejected), '0', '', '', '', '', ''],
        importRow('warm-up', warmUp),
        ...runs.map((r, i) => importRow(`#${i + 1}`, r)),
        importRow('median', med),
      ],
    ),
  );
  out(`  parse ms: parseUrlList alone, timed separately; import ms: the importList call; store ms = import - parse (request check,`);
  out(`  active-URL check, inserts, commit); rows/s = tasks created per second of import; invalid = rejected entries`);
  const mismatched = [warmUp, ...runs].some(
    (r) => r.created !== e.created || r.duplicates !== e.duplicates || r.rejected !== e.rejected || r.alreadyQueued !== 0,
  );
  if (mismatched) out(`  NOTE: the import's counts differ from what the generator built (see "expected"): the parser changed, or the generator is wrong`);
  out();

  if (flags.single > 0) {
    const singleRow = (label: string, sorted: readonly number[]): string[] => [
      label,
      count(sorted.length),
      ms(percentile(sorted, 50), 3),
      ms(percentile(sorted, 95), 3),
      ms(percentile(sorted, 99), 3),
      ms(sorted[sorted.length - 1] ?? Number.NaN, 3),
    ];
    out(`single-task creation (service.addUrls([oneUrl]): one task, no batch), store already holding the imported tasks, ms`);
    out(
      table(
        ['run', 'calls', 'p50', 'p95', 'p99', 'max'],
        [
          singleRow('warm-up', warmUp.single),
          ...runs.map((r, i) => singleRow(`#${i + 1}`, r.single)),
          ['median', '', ...[50, 95, 99, 100].map((p) => ms(median(runs.map((r) => percentile(r.single, p))), 3))],
        ],
      ),
    );
    out();
  }

  const singleP99 = median(runs.map((r) => percentile(r.single, 99)));
  const targetRows: string[][] = [
    [
      `whole import of ${count(flags.lines)} lines`,
      `${ms(med.importMs)} ms`,
      `< ${count(TARGET_IMPORT_MS)} ms${flags.lines === 100_000 ? '' : ' (set for 100,000 lines)'}`,
      verdict(med.importMs, TARGET_IMPORT_MS),
    ],
  ];
  if (flags.single > 0) {
    targetRows.push([
      'single-task creation p99',
      `${ms(singleP99, 3)} ms`,
      `< ${TARGET_SINGLE_P99_MS} ms (original design: < ${ORIGINAL_SINGLE_TARGET_MS} ms)`,
      verdict(singleP99, TARGET_SINGLE_P99_MS),
    ]);
  }
  out('targets (median of the measured runs)');
  out(table(['figure', 'measured', 'target', 'result'], targetRows, 'lrll'));
  out();
  const parseShare = (med.parseMs / med.importMs) * 100;
  out(
    `where the import time goes (median): parse ${ms(med.parseMs)} ms (${parseShare.toFixed(0)}%), ` +
      `store side ${ms(med.importMs - med.parseMs)} ms (${(100 - parseShare).toFixed(0)}%)`,
  );
  out(`peak RSS of the process: ${mib(process.resourceUsage().maxRSS * 1024)}`);
}
