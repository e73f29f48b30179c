// Flag checks shared by the benchmarks. bench/run.ts reports a UsageError as a usage error (exit 2).
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A whole-number flag (underscores allowed: 100_000), at least `min`; `fallback` when absent. */
export function integerFlag(name: string, raw: string | undefined, fallback: number, min: number, help: string): number {
  if (raw === undefined) return fallback;
  const digits = raw.replace(/_/g, '');
  if (!/^\d+$/.test(digits)) throw new UsageError(`--${name} must be an integer, got "${raw}"\n\n${help}`);
  const value = Number(digits);
  if (!Number.isSafeInteger(value) || value < min) throw new UsageError(`--${name} must be at least ${min}, got ${raw}\n\n${help}`);
  return value;
}
