// A separate process that claims tasks from a database file until none are left, completing
// each one, and prints the ids it claimed as JSON. Run with `node --import tsx`.
import { silentLogger } from '../../src-main/core/logger';
import { Store } from '../../src-main/core/store/database';
import { TaskService } from '../../src-main/core/task-service';

const [dbPath, workerId, startAtText] = process.argv.slice(2);
if (!dbPath || !workerId || !startAtText) throw new Error('usage: claimer DB WORKER_ID START_AT_EPOCH_MS');

const store = await Store.open(dbPath);
const service = new TaskService({ store, logger: silentLogger() });
// Both claimers start at the same moment, so their claims really interleave.
await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAtText) - Date.now())));
const claimed: number[] = [];
for (;;) {
  const task = service.claimNext(workerId);
  if (!task) break;
  claimed.push(task.id);
  service.complete(task.id, { processingMs: 1, workerId });
}
service.dispose();
store.close();
process.stdout.write(JSON.stringify(claimed));
