// Implements the IPC contract (src-shared/contract.ts) on the task service. Every transport
// (Electron IPC, the test host's WebSocket, later the HTTP API) calls `invoke`: the argument
// is validated here, once, and errors come back typed instead of thrown.
import { CONTRACT, type BulkActionResult, type InvokeResponse, type MethodName, type MethodResults } from '../../src-shared/contract';
import { AppError } from '../../src-shared/errors';
import type { Logger } from './logger';
import type { BulkResult, TaskService } from './task-service';

function bulkResult(result: BulkResult): BulkActionResult {
  return {
    changedIds: result.changed.map((task) => task.id),
    errors: result.errors.map((error) => ({ id: error.id, message: error.message })),
  };
}

type Handlers = { [M in MethodName]: (input: never) => MethodResults[M] | Promise<MethodResults[M]> };

function handlers(service: TaskService): Handlers {
  return {
    listTasks: (input) => service.list(input),
    getTask: (id: number) => service.get(id),
    getPage: (id: number) => service.getPage(id),
    listBatches: () => service.listBatches(),
    getStats: () => service.stats(),
    previewImport: (input) => service.previewImport(input),
    importList: (input) => service.importList(input),
    cancelTasks: (ids: number[]) => bulkResult(service.cancel(ids)),
    retryTasks: (ids: number[]) => bulkResult(service.retry(ids)),
    deleteTasks: async (ids: number[]) => {
      const { deletedIds, missingIds } = await service.delete(ids);
      return { changedIds: deletedIds, errors: missingIds.map((id) => ({ id, message: `task ${id} does not exist` })) };
    },
  };
}

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.hasOwn(CONTRACT, name);
}

export function createContractHandler(service: TaskService, logger: Logger) {
  const table = handlers(service);
  return async function invoke(method: unknown, input: unknown): Promise<InvokeResponse<MethodName>> {
    if (!isMethodName(method)) {
      return { ok: false, error: { code: 'invalid_input', message: `unknown method ${String(method).slice(0, 100)}` } };
    }
    const parsed = CONTRACT[method].input.safeParse(input);
    if (!parsed.success) {
      return { ok: false, error: { code: 'invalid_input', message: `${method}: ${parsed.error.message}` } };
    }
    try {
      const handler = table[method] as (value: unknown) => unknown;
      return { ok: true, value: (await handler(parsed.data)) as MethodResults[MethodName] };
    } catch (error) {
      if (error instanceof AppError) return { ok: false, error: error.toPayload() };
      logger.error({ err: error, method }, 'an invoke failed');
      return { ok: false, error: { code: 'internal', message: `${method} failed: ${(error as Error).message}` } };
    }
  };
}
