import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Listening on a port, and closing in order: the office's own work first (timers, printers), then the sockets and
 * the HTTP server, then the office's storage.
 */
export function serving(http: HttpServer, io: { close(): Promise<void> }, steps: { beforeClose(): Promise<void>; afterClose(): void }) {
  return {
    listen: (port: number, host = '127.0.0.1') =>
      new Promise<number>((resolve, reject) => {
        http.once('error', reject);
        http.listen(port, host, () => resolve((http.address() as AddressInfo).port));
      }),
    async close(): Promise<void> {
      await steps.beforeClose();
      // io.close() also closes the HTTP server, which waits for every request in flight. One a client never
      // finished (a tablet gone from the Wi-Fi) would hold it for Node's minute-long header timeout: cut it.
      const cut = setTimeout(() => http.closeAllConnections(), 2_000);
      await io.close();
      clearTimeout(cut);
      if (http.listening) await new Promise<void>((resolve) => http.close(() => resolve()));
      steps.afterClose();
    },
  };
}
