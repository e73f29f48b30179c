import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

const root = import.meta.dirname;
// Runtime packages stay `import`s in the output (better-sqlite3 needs its native binding
// next to its own JS; playwright must not be bundled), see ../shared/TOOLCHAIN.md pitfall 2.
const external = [
  'better-sqlite3', 'playwright', 'playwright-core', 'electron-store', 'pino', 'rotating-file-stream',
  'commander', 'kysely', 'zod', 'papaparse', 'htmlparser2', 'fastify', '@fastify/static', '@fastify/websocket',
];

export default defineConfig({
  main: {
    build: {
      // The CLI and the worker also run in plain Node 20, not only in Electron's newer Node.
      target: 'node20',
      externalizeDeps: { include: external },
      rollupOptions: {
        input: {
          index: resolve(root, 'src-main/index.ts'),
          worker: resolve(root, 'src-main/worker/index.ts'),
          cli: resolve(root, 'src-main/cli.ts'),
          'serve-web': resolve(root, 'src-main/serve-web.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      rollupOptions: {
        input: { index: resolve(root, 'src-preload/index.ts') },
        // A sandboxed preload must be CommonJS (TOOLCHAIN.md pitfall 3).
        output: { format: 'cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src-renderer'),
    plugins: [react()],
    build: {
      rollupOptions: { input: { index: resolve(root, 'src-renderer/index.html') } },
    },
  },
});
