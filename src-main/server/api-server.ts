// The HTTP API on its own server (Fastify, 127.0.0.1 only): what `webagent serve` and the
// desktop app (settings > API) start on the app core. The web host can carry the same API
// (web-server.ts, its `api` option).
import type { AddressInfo } from 'node:net';
import fastifyWebsocket from '@fastify/websocket';
import Fastify from 'fastify';
import type { ContractEventBus } from '../core/contract-event-bus';
import type { Logger } from '../core/logger';
import type { ContractHandler } from '../core/service';
import { screenshotPathsOf } from '../core/store/screenshot-query';
import type { Store } from '../core/store/database';
import type { TaskService } from '../core/task-service';
import { API_PREFIX, registerApi, type ApiOptions } from './api-routes';
import { loopbackHosts, refuseForeignHosts, RequestLog, WEB_HOST_ADDRESS } from './loopback';

/** The parts of the app core the API uses (core/app-core.ts `AppCore` has them all). */
export interface ApiCore {
  invoke: ContractHandler;
  events: ContractEventBus;
  store: Store;
  service: Pick<TaskService, 'unfinishedCount'>;
}

/** What the API needs from the core, as ApiOptions takes it. */
export function apiOptionsOf(core: ApiCore, screenshotsDir: string): Pick<ApiOptions, 'invoke' | 'events' | 'screenshotsDir' | 'screenshotPaths' | 'unfinishedCount'> {
  return {
    invoke: core.invoke,
    events: core.events,
    screenshotsDir,
    screenshotPaths: (taskId) => screenshotPathsOf(core.store, taskId),
    unfinishedCount: () => core.service.unfinishedCount(),
  };
}

export interface ApiServerOptions {
  core: ApiCore;
  /** The data folder's screenshots/. */
  screenshotsDir: string;
  token: string;
  /** 0 (the default): any free port. */
  port?: number;
  logger: Logger;
  maxPending?: number;
  bodyLimit?: number;
}

export interface ApiServer {
  /** `http://127.0.0.1:<port>/api/v1` */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** WebSocket frames a client may send: the API's socket only sends. */
const MAX_CLIENT_FRAME_BYTES = 64 * 1024;

export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const app = Fastify({ loggerInstance: options.logger, logController: new RequestLog(), forceCloseConnections: true, bodyLimit: 64 * 1024 });
  let port = 0;
  const allowedHosts = () => loopbackHosts(port);
  // First: its onRequest hook marks upgrade requests, so a refused one has its socket closed.
  await app.register(fastifyWebsocket, { options: { maxPayload: MAX_CLIENT_FRAME_BYTES } });
  refuseForeignHosts(app, allowedHosts);
  await registerApi(app, {
    ...apiOptionsOf(options.core, options.screenshotsDir),
    token: options.token,
    allowedHosts,
    logger: options.logger,
    ...(options.maxPending === undefined ? {} : { maxPending: options.maxPending }),
    ...(options.bodyLimit === undefined ? {} : { bodyLimit: options.bodyLimit }),
  });
  try {
    await app.listen({ host: WEB_HOST_ADDRESS, port: options.port ?? 0 });
  } catch (error) {
    await app.close();
    throw error;
  }
  port = (app.server.address() as AddressInfo).port;
  return {
    url: `http://${WEB_HOST_ADDRESS}:${port}${API_PREFIX}`,
    port,
    close: () => app.close(),
  };
}
