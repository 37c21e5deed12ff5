import { simpleParser, ParsedMail } from 'mailparser';
import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  raw: string;
  parsed: ParsedMail;
}

/**
 * A real SMTP server on loopback that keeps what it receives. It can be taken down and brought back
 * on the same port, made to hang, or made to refuse recipients, to test delivery faults.
 */
export class SmtpSink {
  readonly mails: ReceivedMail[] = [];
  private server: SMTPServer | null = null;
  /** Errors of client connections after the start (a killed sender's reset), for a spec to look at. */
  readonly connectionErrors: Error[] = [];
  private hanging = false;
  private rejecting = false;
  private delayMs = 0;
  /** Messages received whose "250 OK" has not been sent yet (see slow()). */
  inFlight = 0;
  /** The most that were ever in flight at once. */
  maxInFlight = 0;
  /** Those messages themselves: a sender killed now never learns that they were delivered. */
  readonly unacknowledged = new Set<ReceivedMail>();
  /** SMTP connections opened to this server (a pooled sender opens fewer than it sends mails). */
  connections = 0;
  port = 0;

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async start(port = 0): Promise<this> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onConnect: (_session, callback) => {
        this.connections++;
        callback();
      },
      onRcptTo: (address, _session, callback) => {
        if (!this.rejecting) return callback();
        // As real servers do, the refusal quotes the address.
        callback(
          Object.assign(
            new Error(`<${address.address}>: Recipient address rejected: User unknown in local recipient table`),
            { responseCode: 550 },
          ),
        );
      },
      onData: (stream, _session, done) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          if (this.hanging) return; // never answer: the sender times out or gets killed
          const raw = Buffer.concat(chunks).toString('utf8');
          void simpleParser(raw).then((parsed) => {
            const mail = { raw, parsed };
            this.mails.push(mail);
            if (!this.delayMs) return done();
            // Kept, but not yet acknowledged: a sender killed now never learns that it was delivered.
            this.inFlight++;
            this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
            this.unacknowledged.add(mail);
            setTimeout(() => {
              this.inFlight--;
              this.unacknowledged.delete(mail);
              done();
            }, this.delayMs);
          });
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    // A sender killed mid-connection (what the delivery specs do, over several pooled connections)
    // resets its sockets, and smtp-server reports each as an 'error' on the server: kept, not thrown.
    server.on('error', (err) => this.connectionErrors.push(err));
    this.server = server;
    this.port = (server.server.address() as AddressInfo).port;
    return this;
  }

  hang(on = true): void {
    this.hanging = on;
  }

  /** Acknowledges each message only after `ms`, so that a burst takes a while to go out. */
  slow(ms: number): void {
    this.delayMs = ms;
  }

  rejectRecipients(on = true): void {
    this.rejecting = on;
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  /** Waits until `count` mails matched, or fails after `timeoutMs`. */
  async waitFor(predicate: (m: ReceivedMail) => boolean, count = 1, timeoutMs = 20_000): Promise<ReceivedMail[]> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const found = this.mails.filter(predicate);
      if (found.length >= count) return found;
      if (Date.now() > until)
        throw new Error(
          `timed out waiting for ${count} mail(s); have ${found.length} of ${this.mails.length}: ${this.mails.map((m) => m.parsed.subject).join(' | ')}`,
        );
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** The text/calendar part of a mail, as nodemailer's icalEvent writes it. */
export function calendarPart(m: ReceivedMail): { method: string; content: string } | null {
  const alt = m.parsed.attachments.find(
    (a) => a.contentType === 'text/calendar' || a.contentType.startsWith('text/calendar'),
  );
  if (alt)
    return {
      method: String((alt as { method?: string }).method ?? /METHOD:(\w+)/.exec(alt.content.toString())?.[1]),
      content: alt.content.toString('utf8'),
    };
  const match = /Content-Type: text\/calendar; charset=utf-8; method=(\w+)[\s\S]*?\r\n\r\n([\s\S]*?)\r\n--/i.exec(
    m.raw,
  );
  return match ? { method: match[1], content: match[2] } : null;
}

export function linksIn(m: ReceivedMail): string[] {
  return [...(m.parsed.text ?? '').matchAll(/https?:\/\/\S+/g)].map((x) => x[0].replace(/[).,]+$/, ''));
}
