// webagent end to end: the built `webagent parse` command, as a user runs it, on a fresh store:
// CLI start, import, worker process, browser launch, parsing, storing every result, and the
// export with --out. The measured window covers all of it (launch included, unlike the others).
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { CORPUS_HOST, type ContenderConfig } from '../protocol';
import type { RunRecorder } from '../run-recorder';

const CLI = resolve(import.meta.dirname, '../../../bin/webagent.js');

interface ExportedTask {
  status: string;
  page: { elements: unknown[]; contentBlocks: unknown[] } | null;
  error: { message: string } | null;
}

export async function runWebagentCli(config: ContenderConfig, recorder: RunRecorder): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'webagent-bench-cli-'));
  try {
    const list = join(dir, 'urls.txt');
    writeFileSync(list, config.urls.join('\n'));
    const out = join(dir, 'export.json');
    const args = [
      'parse', list,
      '--db', join(dir, 'webagent.db'),
      '--out', out,
      '--concurrency', String(config.concurrency),
      '--browser', config.executablePath,
      '--allow-host', CORPUS_HOST,
      '--no-cache',
      '--json',
      ...config.launchArgs.map((arg) => `--browser-arg=${arg}`),
      ...(config.screenshots ? [] : ['--no-screenshots']),
    ];
    recorder.launched(0);
    await recorder.pageStarted();
    const code = await new Promise<number | null>((done, fail) => {
      // The executable itself, as a user's shell runs it (its shebang sets Node's flags).
      const child = spawn(CLI, args, { stdio: ['ignore', 'ignore', 'inherit'] });
      child.on('error', fail);
      child.on('exit', done);
    });
    if (code !== 0) throw new Error(`webagent parse exited with ${code}`);
    const tasks = (JSON.parse(readFileSync(out, 'utf8')) as { tasks: ExportedTask[] }).tasks;
    for (const [index, task] of tasks.entries()) {
      await recorder.pageDone(
        index,
        task.page
          ? { ok: true, elements: task.page.elements.length, contentBlocks: task.page.contentBlocks.length }
          : { ok: false, error: new Error(task.error?.message ?? task.status) },
      );
    }
    await recorder.whenFinished();
    // The CLI keeps screenshots beside its store; moved where the report counts every contender's.
    const shots = join(dir, 'screenshots');
    for (const file of config.screenshots ? readdirSync(shots, { recursive: true, encoding: 'utf8' }) : []) {
      if (file.endsWith('.png')) renameSync(join(shots, file), join(config.screenshotDir, basename(file)));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
