import { defineConfig } from '@playwright/test';

// Debian's Chromium: Playwright's own browser builds cannot be downloaded here.
const chromium = process.env.JUNBAN_CHROMIUM || '/usr/bin/chromium';

export default defineConfig({
  testDir: './tests',
  outputDir: './test-results',
  globalSetup: './support/global-setup.ts',
  workers: 2,
  forbidOnly: !!process.env.CI,
  reporter: 'list',
  timeout: 30_000,
  use: {
    // Set by the global setup, which runs before the workers load this file.
    baseURL: process.env.JUNBAN_BASE_URL,
    browserName: 'chromium',
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: chromium,
      // Root in a container: no sandbox; no GPU; and no background traffic to Google's services.
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
