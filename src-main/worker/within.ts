// A bound on how long the pool and a job wait for a browser call that may never answer.

/** Resolves with the promise, or with `fallback` after `ms` (the promise is left to settle on its own). */
export function within<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}
