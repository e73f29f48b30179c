// Ctrl-C (or SIGTERM) for the long-running commands (`webagent serve`, `npm run serve:web`):
// the first closes gracefully (running pages get the grace time, the rest stays pending), a
// second one stops at once. Resolves once the graceful close has ended.
export function stopOnSignals(graceSeconds: number, close: (graceMs: number) => Promise<void>): Promise<void> {
  let stopping = false;
  return new Promise<void>((resolve) => {
    const onSignal = () => {
      if (stopping) {
        process.stderr.write('stopped at once\n');
        process.exit(130);
      }
      stopping = true;
      process.stderr.write(`stopping: running pages get ${graceSeconds} s, the rest stays pending (Ctrl-C again stops at once)\n`);
      close(graceSeconds * 1000)
        .catch((error: unknown) => process.stderr.write(`closing failed: ${(error as Error).message}\n`))
        .finally(resolve);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
