// A real Playwright browser server (chromium.launchServer, what `playwright run-server` and
// Browserless run) in a process of its own on 127.0.0.1, so that a test can kill it the hard
// way, browser and all, like a remote machine going down.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { CHROMIUM_PATH, TEST_BROWSER_ARGS } from './chromium';

export interface BrowserServer {
  /** ws://127.0.0.1:<port>/<path> */
  wsEndpoint: string;
  pid: number;
  /** SIGKILL to the server and its browser (one process group). */
  kill(): Promise<void>;
}

// The server's browser gets the test arguments: nothing it loads can leave this machine.
const SERVER_SCRIPT = `
const { chromium } = require('playwright');
const [executablePath, port, wsPath, args] = [process.argv[1], Number(process.argv[2]), process.argv[3], JSON.parse(process.argv[4])];
chromium.launchServer({ executablePath, args, headless: true, port, wsPath }).then((server) => {
  process.stdout.write(server.wsEndpoint() + '\\n');
}, (error) => {
  process.stderr.write(String(error) + '\\n');
  process.exit(1);
});
`;

/**
 * Starts a server; `port` 0 picks a free one (pass the old port to bring one back at the same
 * address). `args`: its browser's arguments (default: the test arguments).
 */
export async function startBrowserServer(options: { port?: number; wsPath?: string; args?: readonly string[] } = {}): Promise<BrowserServer> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['-e', SERVER_SCRIPT, CHROMIUM_PATH, String(options.port ?? 0), options.wsPath ?? '/playwright', JSON.stringify(options.args ?? TEST_BROWSER_ARGS)],
    { stdio: ['ignore', 'pipe', 'pipe'], detached: true, cwd: process.cwd() },
  );
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const wsEndpoint = await new Promise<string>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`the browser server did not start within 30 s: ${errors}`)), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((candidate) => candidate.startsWith('ws://'));
      if (line) {
        clearTimeout(timer);
        resolve(line.trim());
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the browser server exited (${code}): ${errors}`));
    });
  });
  const pid = child.pid as number;
  return {
    wsEndpoint,
    pid,
    kill: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
      await exited;
    },
  };
}
