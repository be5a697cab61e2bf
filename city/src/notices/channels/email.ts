/**
 * Email through the city's SMTP relay (JUNBAN_SMTP_URL, e.g. `smtp://relay.city.lg.jp:25` or
 * `smtps://user:pass@mail.example.jp:465`), from JUNBAN_NOTICE_FROM: a plain-text notice in the resident's language,
 * with the link to their place in the queue.
 */
import nodemailer from 'nodemailer';
import type { NoticeMessage, NoticeTarget } from '@junban/protocol';
import { DeliveryError, type Channel } from '../channel.js';
import { noticeWords } from '../words.js';

export interface EmailOptions {
  smtpUrl: string;
  from: string;
  /** How long the relay may take to connect, greet, or answer (ms). */
  timeoutMs?: number;
}

export function emailChannel(options: EmailOptions): Channel<'email'> & { close(): void } {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const transport = nodemailer.createTransport({
    url: options.smtpUrl,
    // A few connections kept open: a busy morning's notices do not each open a new one.
    pool: true,
    maxConnections: 4,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    // Nodemailer logs nothing unless told: the addresses stay out of the logs.
    logger: false,
  });
  return {
    name: 'email',
    async deliver(target: Extract<NoticeTarget, { channel: 'email' }>, message: NoticeMessage, deliveryId: string) {
      const words = noticeWords(message);
      try {
        await transport.sendMail({
          from: options.from,
          to: target.address,
          subject: words.subject,
          text: `${words.text}\n`,
          // The same for every attempt of a notice: a mailbox that keeps the first drops a repeat.
          messageId: `<${deliveryId}@junban.notice>`,
          headers: { 'X-Junban-Delivery': deliveryId },
        });
      } catch (err) {
        const code = (err as { responseCode?: number }).responseCode;
        // 5xx: the relay refused the address or the message for good; 4xx and no answer: it may take it later.
        if (code && code >= 500) throw new DeliveryError(`the mail server refused it (${code})`, true);
        if (code) throw new DeliveryError(`the mail server deferred it (${code})`, false);
        const what = (err as { code?: string }).code;
        throw new DeliveryError(`the mail server could not be reached${what ? ` (${what})` : ''}`, false);
      }
    },
    close: () => transport.close(),
  };
}
