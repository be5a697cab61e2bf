import { test as base } from '@playwright/test';
import { startServer, type RunningServer } from './server.js';

/**
 * `test` with an `ownServer` fixture: a server of the test's own, with empty data, for tests that change
 * the office in ways other tests must not see. Tests that only read use the shared one through `baseURL`.
 */
export const test = base.extend<{ ownServer: RunningServer }>({
  ownServer: async ({}, use) => {
    const server = await startServer();
    try {
      await use(server);
    } finally {
      await server.stop();
    }
  },
});

export { expect } from '@playwright/test';
