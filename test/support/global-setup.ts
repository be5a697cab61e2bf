import { startServer } from './server.js';

/** One server for the whole run; workers inherit JUNBAN_BASE_URL, which the config turns into `baseURL`. */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const server = await startServer();
  process.env.JUNBAN_BASE_URL = server.baseURL;
  console.log(`junban server for e2e: ${server.baseURL} (data in ${server.dataDir})`);
  return () => server.stop();
}
