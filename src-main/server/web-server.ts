// The web host's HTTP side (Fastify, 127.0.0.1 only): the built renderer with the bridge
// script put in, `/bridge.js`, the bridge's socket at `/ws`, and `/shots/task/<id>[/thumb]`,
// the screenshots found the way the desktop app's `webagent-shot://` protocol finds them.
//
// Any web page the user opens could make the browser talk to 127.0.0.1, so requests must name
// this host (a rebound DNS name is refused) and the socket takes pages of this origin only.
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { SCREENSHOT_SCHEME } from '../../src-shared/app-protocols';
import { MAX_LIST_TEXT_LENGTH } from '../../src-shared/task-input';
import type { ContractEventBus } from '../core/contract-event-bus';
import type { Logger } from '../core/logger';
import type { ScreenshotPaths } from '../core/queue/screenshot-paths';
import { resolveScreenshotFile } from '../core/screenshot-files';
import type { ContractHandler } from '../core/service';
import { bridgeScript } from './bridge-script';
import { BridgeSockets } from './bridge-sockets';
import { API_PREFIX, registerApi, type ApiOptions } from './api-routes';
import { loopbackHosts, refuseForeignHosts, RequestLog, WEB_HOST_ADDRESS } from './loopback';
import { BRIDGE_PATH, rendererPageForWebHost, SHOTS_TASK_PREFIX, SOCKET_PATH } from './renderer-page';

export { WEB_HOST_ADDRESS } from './loopback';

export interface WebServerOptions {
  invoke: ContractHandler;
  events: ContractEventBus;
  /** The built renderer (out/renderer), with its index.html. */
  rendererDir: string;
  screenshotsDir: string;
  /** A task's screenshot files, by id (the store's pages table). */
  screenshotPaths: (taskId: number) => ScreenshotPaths | undefined;
  logger: Logger;
  /** 0: any free port. */
  port?: number;
  /** Also serve the HTTP API (/api/v1) on this server, with this token and these parts of the core. */
  api?: Pick<ApiOptions, 'token' | 'unfinishedCount' | 'maxPending' | 'bodyLimit'>;
}

export interface WebServer {
  /** `http://127.0.0.1:<port>/` */
  url: string;
  port: number;
  /** Open bridge sockets (pages connected). */
  socketCount(): number;
  /** `http://127.0.0.1:<port>/api/v1` when the API is served here, else null. */
  apiUrl: string | null;
  /** Closes every bridge socket; the pages reconnect by themselves. */
  disconnectClients(): void;
  close(): Promise<void>;
}

/** An import list of MAX_LIST_TEXT_LENGTH characters, mostly ASCII, fits in one frame. */
const MAX_FRAME_BYTES = MAX_LIST_TEXT_LENGTH + 1024 * 1024;

const NO_STORE = 'no-cache';

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const { logger } = options;
  // @fastify/static serves from an absolute root only.
  const rendererDir = resolve(options.rendererDir);
  const indexPath = join(rendererDir, 'index.html');
  // Fail at start, not at the first request, when the renderer was not built.
  await stat(indexPath).catch(() => {
    throw new Error(`the built renderer is missing (${indexPath}): run "npm run build" first`);
  });

  const app = Fastify({ loggerInstance: logger, logController: new RequestLog(), forceCloseConnections: true });
  const sockets = new BridgeSockets(options.invoke, options.events, logger);
  let port = 0;
  const allowedHosts = () => loopbackHosts(port);
  let pagePolicy = '';

  const readPage = async () => {
    const page = rendererPageForWebHost(await readFile(indexPath, 'utf8'), `http://${WEB_HOST_ADDRESS}:${port}`);
    pagePolicy = page.policy;
    return page;
  };

  // First: its own onRequest hook marks upgrade requests, so that a refused one has its socket
  // closed after the answer (else the socket stays open and keeps the server from closing).
  await app.register(fastifyWebsocket, { options: { maxPayload: MAX_FRAME_BYTES } });
  // DNS rebinding: a page of another site that resolves its name to 127.0.0.1 sends its own Host.
  refuseForeignHosts(app, allowedHosts);
  if (options.api) {
    await registerApi(app, {
      ...options.api,
      invoke: options.invoke,
      events: options.events,
      screenshotsDir: options.screenshotsDir,
      screenshotPaths: options.screenshotPaths,
      allowedHosts,
      logger,
    });
  }
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.headers({
      'content-security-policy': pagePolicy,
      'x-content-type-options': 'nosniff',
      'cross-origin-opener-policy': 'same-origin',
      // Other sites' pages may not even embed the screenshots.
      'cross-origin-resource-policy': 'same-origin',
    });
    return payload;
  });

  await app.register(fastifyStatic, { root: rendererDir, index: false, dotfiles: 'ignore', wildcard: true });

  const sendPage = async (_request: FastifyRequest, reply: FastifyReply) => {
    const page = await readPage();
    return reply.type('text/html; charset=utf-8').header('cache-control', NO_STORE).send(page.html);
  };
  app.get('/', sendPage);
  app.get('/index.html', sendPage);

  const bridge = bridgeScript();
  app.get(BRIDGE_PATH, async (_request, reply) => reply.type('text/javascript; charset=utf-8').header('cache-control', NO_STORE).send(bridge));

  app.get(
    SOCKET_PATH,
    {
      websocket: true,
      // A WebSocket is not bound by the same-origin policy: only this host's own page may open one.
      preValidation: async (request, reply) => {
        const origin = request.headers.origin ?? '';
        const host = origin.startsWith('http://') ? origin.slice('http://'.length) : '';
        if (!allowedHosts().has(host)) return reply.code(403).type('text/plain').send('origin not allowed');
      },
    },
    (socket) => sockets.add(socket),
  );

  app.get(`${SHOTS_TASK_PREFIX}*`, async (request, reply) => {
    // The same parser as `webagent-shot://task/<id>[/thumb]`: an opaque id, no query, nothing else.
    const rest = request.url.slice(SHOTS_TASK_PREFIX.length);
    let file: ReturnType<typeof resolveScreenshotFile>;
    try {
      file = resolveScreenshotFile(`${SCREENSHOT_SCHEME}://task/${rest}`, options.screenshotsDir, options.screenshotPaths);
    } catch (error) {
      logger.error({ err: error, url: request.url }, 'looking up a screenshot failed');
      return reply.code(500).type('text/plain').send('error');
    }
    const size = file ? await stat(file.path).then((info) => (info.isFile() ? info.size : null), () => null) : null;
    if (!file || size === null) return reply.code(404).type('text/plain').send('not found');
    // A retry rewrites the same file name: the page must not show an old copy.
    return reply.type(file.contentType).header('content-length', size).header('cache-control', NO_STORE).send(createReadStream(file.path));
  });

  try {
    await app.listen({ host: WEB_HOST_ADDRESS, port: options.port ?? 0 });
    port = (app.server.address() as AddressInfo).port;
    await readPage();
  } catch (error) {
    sockets.dispose();
    await app.close();
    throw error;
  }

  return {
    url: `http://${WEB_HOST_ADDRESS}:${port}/`,
    port,
    apiUrl: options.api ? `http://${WEB_HOST_ADDRESS}:${port}${API_PREFIX}` : null,
    socketCount: () => sockets.size,
    disconnectClients: () => sockets.disconnectAll(),
    close: async () => {
      sockets.dispose();
      await app.close();
    },
  };
}
