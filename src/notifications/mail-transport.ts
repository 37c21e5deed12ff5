import { OnApplicationShutdown } from '@nestjs/common';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import nodemailer, { Transporter, TransportOptions } from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';

export interface OutgoingMail {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Stable per notification, so a retried send is recognisably the same mail. */
  messageId: string;
  /** Sent as the `text/calendar; method=…` part that Outlook needs for Accept/Decline. */
  invite?: { method: 'REQUEST' | 'CANCEL'; content: string };
  /** Links shown in the dev mailbox; not part of the mail. */
  links?: Record<string, string>;
}

/** The port: one method. SMTP in production, files in development. */
export interface MailTransport {
  send(mail: OutgoingMail): Promise<void>;
}

export const MAIL_TRANSPORT = Symbol('MAIL_TRANSPORT');

function nodemailerMessage(mail: OutgoingMail) {
  return {
    from: mail.from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId: mail.messageId,
    ...(mail.invite
      ? { icalEvent: { method: mail.invite.method, filename: 'invite.ics', content: mail.invite.content } }
      : {}),
  };
}

export interface SmtpTimeouts {
  dnsMs: number;
  connectMs: number;
  greetingMs: number;
  idleMs: number;
}

/**
 * Mails go over a pool of at most `connections` SMTP connections, each reused for up to
 * MESSAGES_PER_CONNECTION mails (saving the connect, greeting and EHLO of every mail), and closed
 * after POOL_IDLE_MS without one (below the idle timeout, so the server sees a QUIT, not a drop).
 */
const MESSAGES_PER_CONNECTION = 100;
const POOL_IDLE_MS = 5_000;

export class SmtpMailTransport implements MailTransport, OnApplicationShutdown {
  private readonly transporter: Transporter;

  /**
   * Each step of a send is bounded, together well below a mail job's expiry (JOB_EXPIRE_SECONDS,
   * 30 s): a send that hangs fails and is retried here rather than outlived by its own job.
   */
  constructor(
    smtpUrl: string,
    connections = 1,
    timeouts: SmtpTimeouts = { dnsMs: 5_000, connectMs: 5_000, greetingMs: 5_000, idleMs: 10_000 },
  ) {
    // The options go in the one object with the URL: as createTransport's second argument they would
    // be defaults for each message, and the pool and timeouts would silently not apply.
    this.transporter = nodemailer.createTransport({
      url: smtpUrl,
      pool: true,
      maxConnections: connections,
      maxMessages: MESSAGES_PER_CONNECTION,
      idleTimeout: Math.min(POOL_IDLE_MS, timeouts.idleMs / 2),
      dnsTimeout: timeouts.dnsMs,
      connectionTimeout: timeouts.connectMs,
      greetingTimeout: timeouts.greetingMs,
      socketTimeout: timeouts.idleMs,
    } as TransportOptions);
  }

  /**
   * The message is built whole first and handed over as one buffer: streamed part by part it went
   * out in some twenty socket writes, each a system call at both ends; built, it is one.
   */
  async send(mail: OutgoingMail): Promise<void> {
    const message = new MailComposer(nodemailerMessage(mail)).compile();
    const raw = await message.build();
    await this.transporter.sendMail({ envelope: message.getEnvelope(), raw });
  }

  /** After the job workers stopped (their shutdown hook runs before this one), the pool's connections close. */
  onApplicationShutdown(): void {
    this.transporter.close();
  }
}

/**
 * Development: each mail becomes `<dir>/<time>-<id>.eml` (open it in a mail program, or import the
 * invite) plus a small JSON summary that /dev/mail lists with its links.
 */
export class DevFileMailTransport implements MailTransport {
  private readonly transporter = nodemailer.createTransport({
    streamTransport: true,
    buffer: true,
    newline: 'windows',
  });
  readonly dir: string;

  constructor(dir: string) {
    this.dir = resolve(dir);
  }

  async send(mail: OutgoingMail): Promise<void> {
    const info = (await this.transporter.sendMail(nodemailerMessage(mail))) as unknown as { message: Buffer };
    await mkdir(this.dir, { recursive: true });
    const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${mail.messageId.replace(/[^A-Za-z0-9-]/g, '').slice(0, 40)}`;
    await writeFile(join(this.dir, `${name}.eml`), info.message);
    const summary = {
      file: `${name}.eml`,
      to: mail.to,
      subject: mail.subject,
      date: new Date().toISOString(),
      text: mail.text,
      links: mail.links ?? {},
      invite: mail.invite?.method ?? null,
    };
    await writeFile(join(this.dir, `${name}.json`), JSON.stringify(summary, null, 2));
  }
}
