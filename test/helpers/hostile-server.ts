// A real HTTP server on 127.0.0.1 whose pages misbehave on purpose, one route per way a page
// can hurt a crawler: error statuses, redirect loops and long chains, loads that never end, a
// first byte after seconds, dialogs, popups, downloads, self-navigation, an endless loop, a
// memory bomb, huge bodies (made on the fly, streamed, never stored), content that is not a
// page, invalid UTF-8, and text full of markup and SQL. test/integration/hostile-pages.test.ts
// runs them all; test/e2e/hostile-text.spec.ts shows their text in the UI.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Text that would run code or change a query if anything on the way treated it as markup or SQL. */
export const HOSTILE_TEXT = {
  markup: `<img src=x onerror="window.__pwned=1"> <script>window.__pwned=1</script> <b>bold</b> &amp; &lt;`,
  sql: `Robert'); DROP TABLE tasks; -- " OR 1=1 -- \\' /* */`,
} as const;

/**
 * The bytes of the invalid UTF-8 page's title, between `<title>` and `</title>`: a stray 0xFF,
 * a lead byte without its continuation, a truncated sequence, an encoded surrogate, an overlong
 * slash, and a valid emoji among them. The browser decodes them as the WHATWG decoder does.
 */
export const INVALID_UTF8_TITLE_BYTES = Buffer.concat([
  Buffer.from('Bad '),
  Buffer.from([0xff]),
  Buffer.from(' lead '),
  Buffer.from([0xc3, 0x28]),
  Buffer.from(' cut '),
  Buffer.from([0xe2, 0x82]),
  Buffer.from(' surrogate '),
  Buffer.from([0xed, 0xa0, 0x80]),
  Buffer.from(' emoji '),
  Buffer.from([0xf0, 0x9f, 0x98, 0x80]),
  Buffer.from(' overlong '),
  Buffer.from([0xc0, 0xaf]),
  Buffer.from(' end'),
]);

/** Seconds the recovering 503 asks to wait (longer than the queue's first backoff, 2 s, so honouring it shows). */
export const RETRY_AFTER_SECONDS = 4;

export interface HostileServer {
  origin: string;
  url(path: string): string;
  /** Every request, with its time (epoch ms), in arrival order. */
  requests: { path: string; at: number }[];
  /** When each request for `path` (query included) arrived. */
  hits(path: string): number[];
  close(): Promise<void>;
}

const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

function page(title: string, body: string, head = ''): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>${head}</head><body>${body}</body></html>`;
}

/** A page that repeats what the hostile text says everywhere a parser looks: title, meta, headings, controls. */
function hostileTextPage(text: string): string {
  const t = escapeHtml(text);
  return page(
    text,
    `<h1>${t}</h1><p>${t}</p><a href="/landing?from=text" title="${t}">${t}</a><button aria-label="${t}">${t}</button>` +
      `<input placeholder="${t}" value="${t}"><img src="/sub/1.svg" alt="${t}">`,
    `<meta name="description" content="${t}"><meta property="og:title" content="${t}">`,
  );
}

const PNG_1X1 = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5dd2d7a0000000049454e44ae426082',
  'hex',
);
const TINY_PDF = [
  '%PDF-1.4',
  '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj',
  '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj',
  '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj',
  'trailer << /Root 1 0 R >>',
  '%%EOF',
  '',
].join('\n');

/**
 * Writes `total` chunks made by `chunk(i)` and ends, respecting backpressure, so a 50 MB page
 * never sits in memory; stops when the client goes away.
 */
function stream(response: ServerResponse, head: string, total: number, chunk: (i: number) => string, tail: string): void {
  response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  response.write(head);
  let i = 0;
  const pump = (): void => {
    while (i < total) {
      if (response.destroyed) return;
      const more = response.write(chunk(i++));
      if (!more) {
        response.once('drain', pump);
        return;
      }
    }
    response.end(tail);
  };
  pump();
}

const PARAGRAPH = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. ';

export async function startHostileServer(): Promise<HostileServer> {
  const server: Server = createServer();
  // Responses kept open on purpose, ended when the server closes.
  const open = new Set<ServerResponse>();
  const timers = new Set<NodeJS.Timeout>();
  const keepOpen = (response: ServerResponse): void => {
    open.add(response);
    response.on('close', () => open.delete(response));
  };
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  const requests: HostileServer['requests'] = [];

  const handle = (request: IncomingMessage, response: ServerResponse): void => {
    const url = new URL(request.url ?? '/', origin);
    const path = url.pathname;
    requests.push({ path: path + url.search, at: Date.now() });
    const html = (body: string, status = 200, headers: Record<string, string> = {}): void => {
      response.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...headers }).end(body);
    };
    const later = (ms: number, run: () => void): void => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        run();
      }, ms);
      timers.add(timer);
      response.on('close', () => clearTimeout(timer));
    };

    const status = /^\/status\/(\d{3})$/.exec(path);
    if (status) {
      // An optional reason phrase: servers may send any text there, and it reaches the error message.
      const reason = url.searchParams.get('reason');
      const code = Number(status[1]);
      const body = page(`Status ${code}`, `<h1>Status ${code}</h1>`);
      const headers = { 'content-type': 'text/html; charset=utf-8' };
      (reason ? response.writeHead(code, reason, headers) : response.writeHead(code, headers)).end(body);
      return;
    }
    // 503 + Retry-After on the first request of each key, the page afterwards.
    const recovering = /^\/retry-after\/([\w-]+)$/.exec(path);
    if (recovering) {
      const seen = requests.filter((r) => r.path === path + url.search).length;
      if (seen === 1) return html(page('Unavailable', '<h1>Come back later</h1>'), 503, { 'retry-after': String(RETRY_AFTER_SECONDS) });
      return html(page('Back after 503', '<h1>Back</h1><p>Available again.</p>'));
    }
    const chain = /^\/redirect-chain\/(\d+)$/.exec(path);
    if (chain) {
      const left = Number(chain[1]);
      const location = left <= 1 ? '/landing?from=chain' : `/redirect-chain/${left - 1}`;
      return void response.writeHead(302, { location }).end();
    }
    const subresource = /^\/sub\/(\d+)\.(svg|png|css|js)$/.exec(path);
    if (subresource) {
      const [, n, ext] = subresource;
      const body: Record<string, [string, string | Buffer]> = {
        svg: ['image/svg+xml', `<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4" fill="#${(Number(n) % 4096).toString(16).padStart(3, '0')}"/></svg>`],
        png: ['image/png', PNG_1X1],
        css: ['text/css', `.c${n} { color: #333; }`],
        js: ['text/javascript', `window.__loaded = (window.__loaded || 0) + 1;`],
      };
      const [type, content] = body[ext as string] as [string, string | Buffer];
      return void response.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(content);
    }

    switch (path) {
      case '/landing':
        return html(page('Landed', `<h1>Landed</h1><p>Came from ${escapeHtml(url.searchParams.get('from') ?? 'nowhere')}.</p><a href="/landing">again</a>`));
      case '/plain':
        return html(page(`Plain ${url.searchParams.get('n') ?? ''}`.trim(), '<h1>A plain page</h1><p>Nothing odd here.</p><a href="/landing">Landing</a><button>Go</button>'));
      case '/redirect-loop/a':
        return void response.writeHead(302, { location: '/redirect-loop/b' }).end();
      case '/redirect-loop/b':
        return void response.writeHead(302, { location: '/redirect-loop/a' }).end();
      case '/hang':
        // Headers never come.
        return keepOpen(response);
      case '/never-ends':
        // A page whose HTML never finishes: DOMContentLoaded never fires.
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        response.write('<!doctype html><title>Never ends</title><h1>Still loading</h1><button>Wait</button>');
        return keepOpen(response);
      case '/hanging-subresource':
        // The document is complete, but an image and a script never answer: `load` never fires.
        return html(page('Hanging subresource', '<h1>Almost there</h1><img src="/hang?img"><script async src="/hang?script"></script><a href="/landing">on</a>'));
      case '/slow-first-byte': {
        const ms = Number(url.searchParams.get('ms') ?? '10000');
        return later(ms, () => html(page('Slow first byte', `<h1>After ${ms} ms</h1>`)));
      }
      case '/dialogs':
        return html(
          page(
            'Dialogs',
            `<h1>A page that asks things</h1><button id="ok">OK</button><script>
              alert('hello'); confirm('sure?'); prompt('name?', 'x');
              window.addEventListener('beforeunload', (event) => { event.preventDefault(); event.returnValue = 'stay'; return 'stay'; });
              window.onbeforeunload = () => 'really leave?';
              window.addEventListener('load', () => setTimeout(() => { alert('after load'); confirm('again?'); }, 50));
              setInterval(() => alert('every 300 ms'), 300);
            </script>`,
          ),
        );
      case '/popups':
        return html(
          page(
            'Popups',
            `<h1>A page that opens windows</h1><a href="/popups" target="_blank">again</a><script>
              window.open('/landing?from=popup', '_blank');
              // A window that keeps opening itself again, by name.
              window.open('/popups', 'recursive');
              // A window whose first response never comes: Playwright never reports it.
              window.open('/hang?popup');
              window.open('about:blank').document.write('<title>written</title>');
              window.addEventListener('load', () => setTimeout(() => window.open('/download?popup'), 30));
            </script>`,
          ),
        );
      case '/download':
        return void response
          .writeHead(200, { 'content-type': 'application/octet-stream', 'content-disposition': 'attachment; filename="x.bin"' })
          .end('binary');
      case '/download-endless': {
        // A download whose body never ends.
        response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-disposition': 'attachment; filename="endless.bin"' });
        const chunk = Buffer.alloc(64 * 1024, 0x61);
        const timer = setInterval(() => response.write(chunk), 20);
        response.on('close', () => clearInterval(timer));
        return keepOpen(response);
      }
      case '/self-navigation':
        return html(page('Leaving', `<h1>Going elsewhere</h1><script>window.addEventListener('load', () => setTimeout(() => location.replace('/landing?from=self'), 30));</script>`));
      case '/self-navigation-forever': {
        // Navigates on to itself 10 ms after each load, for ever.
        const n = Number(url.searchParams.get('n') ?? '0');
        return html(page(`Hop ${n}`, `<h1>Hop ${n}</h1><script>window.addEventListener('load', () => setTimeout(() => { location.href = '/self-navigation-forever?n=${n + 1}'; }, 10));</script>`));
      }
      case '/busy-loop':
        // Never yields: not even DOMContentLoaded.
        return html(page('Busy forever', '<h1>This page never yields</h1><script>for (;;) {}</script>'));
      case '/memory-bomb':
        // Allocates until the renderer runs out of memory and dies.
        return html(
          page(
            'Memory bomb',
            `<h1>Allocating</h1><script>
              const hoard = [];
              for (;;) hoard.push(new Array(4 * 1024 * 1024).fill(hoard.length + 0.5));
            </script>`,
          ),
        );
      case '/big-html': {
        // About `mb` MB (50 by default), made while sending. `layout=hidden`: the bulk is in a hidden
        // block (served, parsed and kept in the DOM, but not laid out), so the page is one screen tall.
        const mb = Number(url.searchParams.get('mb') ?? '50');
        const hidden = url.searchParams.get('layout') === 'hidden';
        const paragraph = `<p>${PARAGRAPH.repeat(8)}</p>\n`;
        const total = Math.ceil((mb * 1024 * 1024) / paragraph.length);
        const title = hidden ? 'Fifty megabytes, hidden' : 'Fifty megabytes';
        return stream(
          response,
          `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>Big</h1><button>Top</button>${hidden ? '<div hidden>' : ''}`,
          total,
          () => paragraph,
          `${hidden ? '</div>' : ''}<footer><a href="/landing">end</a></footer></body></html>`,
        );
      }
      case '/many-nodes': {
        // `rows` table rows of 8 elements and 4 text nodes each: about 200,000 nodes by default,
        // 16,700 links and as many buttons.
        const rows = Number(url.searchParams.get('rows') ?? '16700');
        return stream(
          response,
          '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Two hundred thousand nodes</title></head><body><h1>Huge table</h1><table>',
          rows,
          (i) => `<tr><td>${i}</td><td><a href="#r${i}">Row ${i}</a></td><td><button>Edit ${i}</button></td><td><span>x</span></td></tr>`,
          '</table></body></html>',
        );
      }
      case '/many-subresources': {
        // 500 distinct subresources: 200 images, 150 stylesheets, 150 scripts.
        const parts: string[] = [];
        for (let i = 0; i < 150; i++) parts.push(`<link rel="stylesheet" href="/sub/${i}.css">`);
        const head = parts.join('');
        const body: string[] = ['<h1>Five hundred subresources</h1>'];
        for (let i = 0; i < 200; i++) body.push(`<img src="/sub/${i}.${i % 2 ? 'png' : 'svg'}" width="4" height="4" alt="">`);
        for (let i = 0; i < 150; i++) body.push(`<script src="/sub/${i}.js"></script>`);
        body.push('<p id="count"></p><script>document.getElementById("count").textContent = "scripts: " + window.__loaded;</script>');
        return html(page('Five hundred subresources', body.join(''), head));
      }
      case '/invalid-utf8': {
        const body = Buffer.concat([
          Buffer.from('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>'),
          INVALID_UTF8_TITLE_BYTES,
          Buffer.from('</title></head><body><h1>'),
          INVALID_UTF8_TITLE_BYTES,
          Buffer.from('</h1></body></html>'),
        ]);
        return void response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
      }
      case '/markup-text':
        return html(hostileTextPage(HOSTILE_TEXT.markup));
      case '/sql-text':
        return html(hostileTextPage(HOSTILE_TEXT.sql));
      case '/unsupported-markup-type':
        // A content type whose text is markup: it reaches the error message.
        return void response.writeHead(200, { 'content-type': 'text/<script>window.__pwned=1</script>' }).end('x');
      case '/pdf':
        return void response.writeHead(200, { 'content-type': 'application/pdf' }).end(TINY_PDF);
      case '/image':
        return void response.writeHead(200, { 'content-type': 'image/png' }).end(PNG_1X1);
      case '/json':
        return void response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ title: HOSTILE_TEXT.markup }));
      default:
        return html(page('Not found', '<h1>404</h1>'), 404);
    }
  };
  server.on('request', handle);

  return {
    origin,
    url: (path) => `${origin}${path.startsWith('/') ? path : `/${path}`}`,
    requests,
    hits: (path) => requests.filter((r) => r.path === path).map((r) => r.at),
    close: () =>
      new Promise((done) => {
        for (const timer of timers) clearTimeout(timer);
        for (const response of open) response.destroy();
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
