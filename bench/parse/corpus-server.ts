// Serves the corpus pages from memory at http://127.0.0.1:<port>/corpus/<file>, so that disk
// reads do not vary between runs. Everything else is a 404.
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { CORPUS_HOST } from './protocol';

export interface CorpusServer {
  /** Page URLs in file-name order. */
  urls: string[];
  close(): Promise<void>;
}

export function corpusFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((file) => /\.html?$/i.test(file))
    .sort();
}

export async function startCorpusServer(dir: string, files: readonly string[]): Promise<CorpusServer> {
  const pages = new Map(files.map((file) => [`/corpus/${encodeURIComponent(file)}`, readFileSync(join(dir, file))]));
  const server: Server = createServer((request, response) => {
    const body = request.method === 'GET' || request.method === 'HEAD' ? pages.get((request.url ?? '').split('?')[0] ?? '') : undefined;
    if (!body) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': body.length, 'cache-control': 'no-store' });
    response.end(request.method === 'HEAD' ? undefined : body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, CORPUS_HOST, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    urls: [...pages.keys()].map((path) => `http://${CORPUS_HOST}:${port}${path}`),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
