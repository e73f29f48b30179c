// The server side of the bridge's WebSockets: each text frame `{ id, method, input }` is checked
// and answered with `{ id, response }`, where `response` is what the contract handler returns
// (the core validates `input` against the contract); every event of the core's bus goes to every
// open socket as `{ event, payload }`, serialized once.
import type { WebSocket } from 'ws';
import { z } from 'zod';
import type { InvokeResponse, MethodName } from '../../src-shared/contract';
import type { EventName } from '../../src-shared/contract-names';
import type { ContractEventBus } from '../core/contract-event-bus';
import type { Logger } from '../core/logger';
import type { ContractHandler } from '../core/service';

/** One call from the page: `input` is the method's argument, checked by the contract handler. */
export const BridgeCallSchema = z.strictObject({
  id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  method: z.string().min(1).max(100),
  input: z.unknown().optional(),
});
export type BridgeCall = z.infer<typeof BridgeCallSchema>;

export interface BridgeAnswer {
  id: number;
  response: InvokeResponse<MethodName>;
}

export interface BridgeEvent {
  event: EventName;
  payload: unknown;
}

/** A page that stopped reading (hung tab, debugger paused) is dropped before it holds this much. */
const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;
/** WebSocket close code 1008: the peer broke the protocol. */
const POLICY_VIOLATION = 1008;

export class BridgeSockets {
  private readonly sockets = new Set<WebSocket>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly invoke: ContractHandler,
    events: ContractEventBus,
    private readonly logger: Logger,
  ) {
    this.unsubscribe = events.subscribeAll((event, payload) => this.broadcast({ event, payload }));
  }

  /** Serves one page's socket until it closes. Handlers are attached at once: no frame is missed. */
  add(socket: WebSocket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', (error) => this.logger.warn({ err: error }, 'a bridge socket failed'));
    socket.on('message', (data, isBinary) => {
      this.answer(socket, isBinary ? null : data.toString()).catch((error: unknown) => {
        this.logger.error({ err: error }, 'answering a bridge call failed');
      });
    });
  }

  get size(): number {
    return this.sockets.size;
  }

  /** Closes every socket (the pages reconnect on their own). */
  disconnectAll(code = 1012, reason = 'the host restarts its sockets'): void {
    for (const socket of this.sockets) socket.close(code, reason);
  }

  dispose(): void {
    this.unsubscribe();
    for (const socket of this.sockets) socket.terminate();
    this.sockets.clear();
  }

  private async answer(socket: WebSocket, text: string | null): Promise<void> {
    const call = parseCall(text);
    if (!call.ok) {
      // Nothing to answer to: the page does not speak this protocol.
      if (call.id === null) {
        socket.close(POLICY_VIOLATION, call.message.slice(0, 120));
        return;
      }
      this.send(socket, { id: call.id, response: { ok: false, error: { code: 'invalid_input', message: call.message } } });
      return;
    }
    const response = await this.invoke(call.value.method, call.value.input);
    this.send(socket, { id: call.value.id, response });
  }

  private broadcast(message: BridgeEvent): void {
    if (this.sockets.size === 0) return;
    const text = JSON.stringify(message);
    for (const socket of this.sockets) this.sendText(socket, text);
  }

  private send(socket: WebSocket, message: BridgeAnswer): void {
    this.sendText(socket, JSON.stringify(message));
  }

  private sendText(socket: WebSocket, text: string): void {
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.logger.warn({ bufferedBytes: socket.bufferedAmount }, 'a bridge socket stopped reading: dropped');
      socket.terminate();
      return;
    }
    socket.send(text);
  }
}

type ParsedCall = { ok: true; value: BridgeCall } | { ok: false; id: number | null; message: string };

function parseCall(text: string | null): ParsedCall {
  if (text === null) return { ok: false, id: null, message: 'binary frames are not part of the bridge protocol' };
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return { ok: false, id: null, message: 'a bridge message must be JSON' };
  }
  const parsed = BridgeCallSchema.safeParse(message);
  if (parsed.success) return { ok: true, value: parsed.data };
  const id = BridgeCallSchema.shape.id.safeParse((message as { id?: unknown } | null)?.id);
  return { ok: false, id: id.success ? id.data : null, message: `not a bridge call: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || 'message'}: ${issue.message}`).join('; ')}` };
}
