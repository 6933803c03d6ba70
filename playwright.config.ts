import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

// Debian's Chromium where it is installed (Playwright cannot download its own
// browser on every machine); Playwright's bundled one elsewhere.
const systemChromium = '/usr/bin/chromium';
const executablePath = existsSync(systemChromium) ? systemChromium : undefined;
const asRoot = process.getuid?.() === 0;

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results/e2e',
  timeout: 60_000,
  expect: { timeout: 5_000 },
  fullyParallel: true,
  // One at a time: the specs share one board, and a test that adds or edits ramps while another drags or moves
  // a block by keyboard shifts the rows under it (the board draws only the rows in view). The 1 s live checks
  // also need the machine's two cores to themselves.
  workers: 1,
  retries: 0,
  reporter: [['list'], ['html', { outputFolder: 'test-results/e2e-report', open: 'never' }]],
  globalSetup: './e2e/support/global-setup.ts',
  // The TV test restarts a server of its own; it runs after the rest so the
  // CPU it takes does not slow the one-second checks of the others.
  projects: [
    { name: 'app', testIgnore: /tv\// },
    { name: 'tv', testMatch: /tv\//, dependencies: ['app'] },
  ],
  use: {
    ...devices['Desktop Chrome'],
    viewport: { width: 1600, height: 900 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath,
      args: [
        ...(asRoot ? ['--no-sandbox'] : []),
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
});
