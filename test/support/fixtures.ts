import { test as base, type Browser, type BrowserContext } from '@playwright/test';
import { startServer, type RunningServer } from './server.js';

/** Closes the windows a test opened, so they neither pile up in the worker's browser nor talk to later servers. */
async function closeWindowsOpenedSince(browser: Browser, before: Set<BrowserContext>) {
  await Promise.all(
    browser
      .contexts()
      .filter((c) => !before.has(c))
      .map((c) => c.close().catch(() => {})),
  );
}

/**
 * `test` with an `ownServer` fixture: a server of the test's own, with empty data, for tests that change
 * the office in ways other tests must not see. Tests that only read use the shared one through `baseURL`.
 * Either way, the windows a test opens are closed when it ends (before its own server stops).
 */
export const test = base.extend<{ ownServer: RunningServer; closesItsWindows: void }>({
  closesItsWindows: [
    async ({ browser }, use) => {
      const before = new Set(browser.contexts());
      await use();
      await closeWindowsOpenedSince(browser, before);
    },
    { auto: true },
  ],
  ownServer: async ({ browser }, use) => {
    const before = new Set(browser.contexts());
    const server = await startServer();
    try {
      await use(server);
    } finally {
      await closeWindowsOpenedSince(browser, before);
      await server.stop();
    }
  },
});

export { expect } from '@playwright/test';
