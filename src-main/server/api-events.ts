// The API's live events: the core's bus (the same coalesced events the window gets) as
// server-sent events (`event: <name>` + `data: <json>`) and as WebSocket text frames
// (`{ "event", "payload" }`). Only task and queue events go out: settings (with the API token)
// and the window's menu commands stay inside the app.
import type { ServerResponse } from 'node:http';
import type { WebSocket } from 'ws';
import type { EventName } from '../../src-shared/contract-names';
import type { ContractEventBus } from '../core/contract-event-bus';
import type { Logger } from '../core/logger';

export const API_EVENT_NAMES = ['tasks-created', 'tasks-updated', 'tasks-deleted', 'progress', 'stats', 'queue-state'] as const satisfies readonly EventName[];
const FORWARDED = new Set<EventName>(API_EVENT_NAMES);

/** A comment line keeps proxies and idle timers from closing a quiet stream. */
const KEEPALIVE_MS = 15_000;
/** A client that stopped reading is dropped before it holds this much. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

export class ApiEvents {
  private readonly streams = new Set<ServerResponse>();
  private readonly sockets = new Set<WebSocket>();
  private readonly unsubscribe: () => void;
  private readonly keepalive: NodeJS.Timeout;

  constructor(
    events: ContractEventBus,
    private readonly logger: Logger,
  ) {
    this.unsubscribe = events.subscribeAll((event, payload) => {
      if (FORWARDED.has(event)) this.broadcast(event, payload);
    });
    this.keepalive = setInterval(() => {
      for (const stream of this.streams) this.write(stream, ': keepalive\n\n');
    }, KEEPALIVE_MS);
    this.keepalive.unref();
  }

  /** Takes over a response as an event stream until the client goes. */
  addStream(response: ServerResponse): void {
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'x-content-type-options': 'nosniff',
    });
    response.write(`: webagent events ${API_EVENT_NAMES.join(' ')}\nretry: 2000\n\n`);
    this.streams.add(response);
    response.on('close', () => this.streams.delete(response));
  }

  addSocket(socket: WebSocket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', (error) => this.logger.warn({ err: error }, 'an API event socket failed'));
    // The socket only sends; what a client writes is ignored.
    socket.on('message', () => undefined);
  }

  get clientCount(): number {
    return this.streams.size + this.sockets.size;
  }

  dispose(): void {
    this.unsubscribe();
    clearInterval(this.keepalive);
    for (const stream of this.streams) stream.end();
    for (const socket of this.sockets) socket.terminate();
    this.streams.clear();
    this.sockets.clear();
  }

  private broadcast(event: EventName, payload: unknown): void {
    if (this.streams.size === 0 && this.sockets.size === 0) return;
    const json = JSON.stringify(payload);
    if (this.streams.size > 0) {
      const text = `event: ${event}\ndata: ${json}\n\n`;
      for (const stream of this.streams) this.write(stream, text);
    }
    if (this.sockets.size > 0) {
      const text = `{"event":${JSON.stringify(event)},"payload":${json}}`;
      for (const socket of this.sockets) {
        if (socket.readyState !== socket.OPEN) continue;
        if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
          this.logger.warn('an API event socket stopped reading: dropped');
          socket.terminate();
          continue;
        }
        socket.send(text);
      }
    }
  }

  private write(stream: ServerResponse, text: string): void {
    if (stream.writableLength > MAX_BUFFERED_BYTES) {
      this.logger.warn('an API event stream stopped reading: dropped');
      stream.destroy();
      return;
    }
    stream.write(text);
  }
}
