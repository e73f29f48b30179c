// `npm run bench -- <name> [flags]`: runs the benchmark in bench/<name>.ts.
//
// A benchmark is any file bench/<name>.ts (name: lower-case letters, digits, dashes) that
// exports `async function run(args: string[]): Promise<void>` and, for the list, a one-line
// `description`. Adding a benchmark is adding such a file; this runner needs no change.
// Shared helpers go in a sub-folder or in a file whose name starts with "_", so they are
// not listed as benchmarks.
//
// Exit codes: 0 done; 1 the benchmark failed; 2 a usage error (no or an unknown benchmark,
// or the benchmark threw an error named "UsageError" / a node:util parseArgs error).
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

interface BenchmarkModule {
  run(args: string[]): Promise<void>;
  description?: string;
}

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const BENCHMARK_FILE_RE = /^([a-z0-9][a-z0-9-]*)\.ts$/;

function benchmarkNames(): string[] {
  return readdirSync(BENCH_DIR)
    .map((file) => BENCHMARK_FILE_RE.exec(file)?.[1])
    .filter((name): name is string => name !== undefined && name !== 'run')
    .sort();
}

async function loadBenchmark(name: string): Promise<BenchmarkModule> {
  const loaded = (await import(pathToFileURL(join(BENCH_DIR, `${name}.ts`)).href)) as Partial<BenchmarkModule>;
  if (typeof loaded.run !== 'function') throw new Error(`bench/${name}.ts does not export a function run(args)`);
  return loaded as BenchmarkModule;
}

async function usage(): Promise<string> {
  const lines = ['usage: npm run bench -- <benchmark> [flags]   (or: npx tsx bench/run.ts <benchmark> [flags])', '', 'benchmarks:'];
  const names = benchmarkNames();
  const width = Math.max(0, ...names.map((name) => name.length));
  for (const name of names) {
    let description: string;
    try {
      description = (await loadBenchmark(name)).description ?? '';
    } catch (error) {
      description = `(cannot be loaded: ${error instanceof Error ? error.message : String(error)})`;
    }
    lines.push(`  ${name.padEnd(width)}  ${description}`.trimEnd());
  }
  if (names.length === 0) lines.push('  (none)');
  lines.push('', 'Run a benchmark with --help for its flags.');
  return lines.join('\n');
}

function isUsageError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return error.name === 'UsageError' || (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_'));
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${await usage()}\n`);
    return 0;
  }
  if (name === undefined || !benchmarkNames().includes(name)) {
    if (name !== undefined) process.stderr.write(`unknown benchmark: ${name}\n\n`);
    process.stderr.write(`${await usage()}\n`);
    return 2;
  }
  try {
    const benchmark = await loadBenchmark(name);
    await benchmark.run(args);
    return 0;
  } catch (error) {
    if (isUsageError(error)) {
      process.stderr.write(`bench ${name}: ${(error as Error).message}\n`);
      return 2;
    }
    process.stderr.write(`bench ${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
