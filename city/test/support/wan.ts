/**
 * A stand-in for the WAN between an office and the city: a TCP proxy on a loopback port that can be cut (every open
 * connection dropped, new ones refused) and mended, as a line between two buildings fails and comes back; and that
 * can hold back what the city answers (the bytes wait in the proxy), to catch the city with a batch stored but its
 * acknowledgement not yet delivered; and that can go silent, as a line does when a router between the buildings
 * fails: every connection stays open and nothing goes through, so only the ends' heartbeats can notice.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

export interface Wan {
  /** The address the office uses instead of the city's. */
  url: string;
  /** Drop every connection now and refuse new ones until `mend()`. */
  cut(): void;
  /** Let nothing through either way, on open and new connections, until `mend()`; close nothing. */
  silence(): void;
  /** End a cut or a silence; what a silenced connection held flows on if its ends have not given up on it. */
  mend(): void;
  /** Hold back everything the city sends (on open and new connections) until `release()`. */
  hold(): void;
  release(): void;
  /** Connections open now. */
  connections(): number;
  close(): Promise<void>;
}

interface Line {
  client: Socket;
  upstream: Socket;
}

export async function startWan(cityPort: number, port = 0): Promise<Wan> {
  let down = false;
  let holding = false;
  let silent = false;
  const lines = new Set<Line>();

  const hold = (line: Line) => {
    line.upstream.unpipe(line.client);
    line.upstream.pause();
  };
  const flow = (line: Line) => {
    line.upstream.pipe(line.client);
    line.upstream.resume();
  };
  // Both ways stopped; the bytes wait in the sockets' buffers, as a TCP stack keeps resending unacknowledged data.
  const mute = (line: Line) => {
    hold(line);
    line.client.unpipe(line.upstream);
    line.client.pause();
  };
  const unmute = (line: Line) => {
    line.client.pipe(line.upstream);
    line.client.resume();
    if (!holding) flow(line);
  };
  const drop = (line: Line) => {
    line.client.destroy();
    line.upstream.destroy();
    lines.delete(line);
  };

  const server: Server = createServer((client) => {
    if (down) return client.destroy();
    const upstream = connect(cityPort, '127.0.0.1');
    const line = { client, upstream };
    lines.add(line);
    for (const s of [client, upstream]) {
      s.on('error', () => drop(line));
      s.on('close', () => drop(line));
    }
    client.pipe(upstream);
    if (holding) hold(line);
    else flow(line);
    if (silent) mute(line);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const address = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}`,
    cut() {
      down = true;
      for (const line of lines) drop(line);
    },
    silence() {
      silent = true;
      for (const line of lines) mute(line);
    },
    mend() {
      down = false;
      if (!silent) return;
      silent = false;
      for (const line of lines) unmute(line);
    },
    hold() {
      holding = true;
      for (const line of lines) hold(line);
    },
    release() {
      holding = false;
      for (const line of lines) flow(line);
    },
    connections: () => lines.size,
    close: () =>
      new Promise((resolve) => {
        for (const line of lines) drop(line);
        server.close(() => resolve());
      }),
  };
}
