/**
 * A city's SMTP relay, played locally for the bench: a real SMTP server (the `smtp-server` package, as the notice
 * tests use) that accepts every message and counts it. It reads each message to its end, as a relay must before it
 * answers 250, but does not parse it: a relay passes mail on, it does not read it.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface SmtpRelay {
  url: string;
  /** Messages accepted so far. */
  accepted(): number;
  close(): Promise<void>;
}

export async function startSmtpRelay(): Promise<SmtpRelay> {
  let accepted = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    // The city keeps up to 4 connections per process open (channels/email.ts); leave room for several processes.
    maxClients: 64,
    onData(stream, _session, callback) {
      stream.on('data', () => {});
      stream.on('end', () => {
        accepted += 1;
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    accepted: () => accepted,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
