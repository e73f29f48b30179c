// Browser tests of the renderer (test/e2e): the built renderer served by the web host
// (src-main/server) on a real core, in the machine's Chromium. Nothing leaves this machine: the
// browser resolves no name but 127.0.0.1, and each context aborts requests elsewhere
// (test/e2e/fixtures.ts). `npm run build` first (npm test does): the host serves out/renderer
// and forks out/main/worker.js.
import { defineConfig } from '@playwright/test';
import { CHROMIUM_PATH, TEST_BROWSER_ARGS } from './test/helpers/chromium';

export default defineConfig({
  testDir: 'test/e2e',
  // Caches the tests' workers write go to a temp folder, not the user's home (as in vitest).
  globalSetup: './test/helpers/global-setup.ts',
  testMatch: '**/*.spec.ts',
  // One Chromium for the pages plus the worker's for the parsing: 2 cores hold one file at a time.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  outputDir: 'test-results',
  // The JSON report is what .ci/run sums into its "N passed, N failed" line.
  reporter: [['list'], ['json', { outputFile: '.reports/playwright.json' }]],
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: { executablePath: CHROMIUM_PATH, args: TEST_BROWSER_ARGS },
    // The window size of the screenshots in docs/screenshots (light theme unless a test says dark).
    viewport: { width: 1280, height: 800 },
    colorScheme: 'light',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
});
