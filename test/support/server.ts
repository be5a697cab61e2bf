/**
 * Start a real, built office server on a free port with its own fresh data directory, as the tests need it.
 * The global setup starts one for all tests; a test that needs a clean office starts its own:
 *
 *   const server = await startServer();
 *   try { await page.goto(`${server.baseURL}/kiosk/`); } finally { await server.stop(); }
 *
 * The harness itself is the server's (server/src/testing/office.ts), shared with the server's tests and the benchmarks.
 */
import { startBuiltOffice, type BuiltOffice } from '../../server/src/testing/office.js';

export { freePort, repoRoot, serverMain, terminate } from '../../server/src/testing/office.js';

export interface StartOptions {
  /** Extra command-line arguments after `--demo`. */
  args?: string[];
  /** Extra environment for the server. */
  env?: Record<string, string>;
  /** How long to wait for /api/v1/health (ms). */
  timeoutMs?: number;
  /** A port known before the start (an OpenID provider's redirect address); a free one otherwise. */
  port?: number;
}

export type RunningServer = BuiltOffice;

export function startServer(options: StartOptions = {}): Promise<RunningServer> {
  return startBuiltOffice({
    ...(options.args ? { args: options.args } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.port ? { port: options.port } : {}),
    // Phones open the status page at the public address in the ticket's QR code: here, the test's own server.
    // The server logs at its usual level: some tests wait for what it says (the demo history written).
    env: (baseURL) => ({ JUNBAN_PUBLIC_URL: baseURL, LOG_LEVEL: process.env.LOG_LEVEL ?? 'info', HOST: '0.0.0.0', ...options.env }),
    keepOutput: 65_536,
  });
}
