// What every server of src-main/server shares: it listens on 127.0.0.1 only, and a request
// must name this host and port (a page of another site whose DNS name was rebound to
// 127.0.0.1 sends its own name in Host, and is refused with 421).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest, type RawServerDefault } from 'fastify';
import type { Logger } from '../core/logger';

/** A Fastify instance of the local servers (they log with the app's pino logger). */
export type LocalServerApp = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, Logger>;

/** The only address the local servers listen on. */
export const WEB_HOST_ADDRESS = '127.0.0.1';

/** `127.0.0.1:<port>` and `localhost:<port>`. */
export function loopbackHosts(port: number): ReadonlySet<string> {
  return new Set([`${WEB_HOST_ADDRESS}:${port}`, `localhost:${port}`]);
}

/** Refuses (421) every request whose Host header is not one of `allowedHosts()`. */
export function refuseForeignHosts(app: LocalServerApp, allowedHosts: () => ReadonlySet<string>): void {
  app.addHook('onRequest', async (request, reply) => {
    if (!allowedHosts().has(request.headers.host ?? '')) return reply.code(421).type('text/plain').send('wrong host');
  });
}

/** A page load is dozens of requests: they go to the log at debug level; failures stay errors. */
export class RequestLog extends LogController {
  override incomingRequest(request: FastifyRequest): void {
    request.log.debug({ method: request.method, url: request.url }, 'request');
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (error) reply.log.error({ err: error, url: request.url, statusCode: reply.statusCode }, 'request failed');
    else reply.log.debug({ url: request.url, statusCode: reply.statusCode, ms: reply.elapsedTime }, 'request completed');
  }
}
