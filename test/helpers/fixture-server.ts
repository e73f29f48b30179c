// A real HTTP server on 127.0.0.1 for browser tests: fixture pages, the shared corpus, and
// routes that misbehave on purpose (status codes, redirects, hangs, non-HTML content).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';

export const FIXTURES_DIR = resolve(import.meta.dirname, '../fixtures/pages');
export const CORPUS_DIR = resolve(import.meta.dirname, '../../../shared/corpus/pages');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

export interface FixtureServer {
  origin: string;
  url(path: string): string;
  /** Requests seen, by path, so tests can check what a page loaded. */
  requests: string[];
  close(): Promise<void>;
}

function sendFile(response: ServerResponse, root: string, relative: string): void {
  const path = normalize(join(root, relative));
  if (!path.startsWith(root) || !existsSync(path)) {
    response.writeHead(404, { 'content-type': 'text/html' }).end('<title>Not found</title><h1>404</h1>');
    return;
  }
  response.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' });
  response.end(readFileSync(path));
}

const hanging = new Set<ServerResponse>();

function handle(request: IncomingMessage, response: ServerResponse, server: FixtureServer): void {
  const url = new URL(request.url ?? '/', server.origin);
  const path = url.pathname;
  server.requests.push(path + url.search);
  const html = (body: string, status = 200, headers: Record<string, string> = {}): void => {
    response.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...headers }).end(body);
  };

  if (path.startsWith('/fixtures/')) return sendFile(response, FIXTURES_DIR, path.slice('/fixtures/'.length));
  if (path.startsWith('/corpus/')) return sendFile(response, CORPUS_DIR, decodeURIComponent(path.slice('/corpus/'.length)));

  const status = /^\/status\/(\d{3})$/.exec(path);
  if (status) {
    const headers: Record<string, string> = {};
    const retryAfter = url.searchParams.get('retry-after');
    if (retryAfter) headers['retry-after'] = retryAfter;
    return html(`<title>Status ${status[1]}</title><h1>Status ${status[1]}</h1>`, Number(status[1]), headers);
  }
  const redirect = /^\/redirect\/(\d+)$/.exec(path);
  if (redirect) {
    const left = Number(redirect[1]);
    const location = left <= 1 ? '/fixtures/simple.html' : `/redirect/${left - 1}`;
    return void response.writeHead(302, { location }).end();
  }
  switch (path) {
    case '/redirect-to':
      return void response.writeHead(302, { location: url.searchParams.get('url') ?? '/' }).end();
    case '/redirect-loop':
      return void response.writeHead(302, { location: '/redirect-loop' }).end();
    case '/slow-first-byte': {
      const ms = Number(url.searchParams.get('ms') ?? '5000');
      const timer = setTimeout(() => html('<title>Slow</title><p>finally</p>'), ms);
      response.on('close', () => clearTimeout(timer));
      return;
    }
    case '/hang':
      // Headers never come.
      hanging.add(response);
      response.on('close', () => hanging.delete(response));
      return;
    case '/never-ends':
      // Starts a page and never finishes it.
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.write('<!doctype html><title>Never ends</title><h1>Still loading</h1><button>Wait</button>');
      hanging.add(response);
      response.on('close', () => hanging.delete(response));
      return;
    case '/pdf':
      return void response.writeHead(200, { 'content-type': 'application/pdf' }).end('%PDF-1.4\n%%EOF\n');
    case '/json':
      return void response.writeHead(200, { 'content-type': 'application/json' }).end('{"a":1}');
    case '/image':
      return void response
        .writeHead(200, { 'content-type': 'image/png' })
        .end(Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex'));
    case '/download':
      return void response
        .writeHead(200, { 'content-type': 'application/octet-stream', 'content-disposition': 'attachment; filename="x.bin"' })
        .end('binary');
    default:
      return html('<title>Not found</title><h1>404</h1>', 404);
  }
}

export async function startFixtureServer(): Promise<FixtureServer> {
  const server: Server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  const fixture: FixtureServer = {
    origin: `http://127.0.0.1:${port}`,
    url: (path) => `http://127.0.0.1:${port}${path.startsWith('/') ? path : `/${path}`}`,
    requests: [],
    close: () =>
      new Promise((done) => {
        for (const response of hanging) response.destroy();
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
  server.on('request', (request, response) => handle(request, response, fixture));
  return fixture;
}

/** File names of the shared corpus (98 real pages saved as HTML). */
export function corpusPages(): string[] {
  return readdirSync(CORPUS_DIR).filter((name) => name.endsWith('.html')).sort();
}
