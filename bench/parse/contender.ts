// One contender run in a process of its own, started by bench/parse.ts:
//   node --import tsx bench/parse/contender.ts '<ContenderConfig as JSON>'
// The parent measures this process's tree (this Node process, its browser and renderers).
import { runCrawlee } from './contenders/crawlee';
import { runPlaywrightScript } from './contenders/playwright-script';
import { runWebagent } from './contenders/webagent';
import { runWebagentCli } from './contenders/webagent-cli';
import { ContenderConfigSchema, type ContenderConfig, type ContenderName } from './protocol';
import { RunRecorder } from './run-recorder';

const RUNNERS: Record<ContenderName, (config: ContenderConfig, recorder: RunRecorder) => Promise<void>> = {
  webagent: runWebagent,
  'webagent-cli': runWebagentCli,
  crawlee: runCrawlee,
  'playwright-script': runPlaywrightScript,
};

async function main(): Promise<void> {
  const config = ContenderConfigSchema.parse(JSON.parse(process.argv[2] ?? 'null'));
  await RUNNERS[config.contender](config, new RunRecorder(config.urls.length));
}

main().then(
  // Crawlee may leave timers behind; the browser is closed by now, nothing is lost.
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`contender failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
