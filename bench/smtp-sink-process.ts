import { SMTPServer } from 'smtp-server';

/**
 * The mail step's SMTP server, in a process of its own (forked by mail.bench.ts), as a real one
 * would be: its replies do not wait behind the app's or the load generator's event loop, and its
 * CPU is counted apart. It keeps only what the bench checks: each message's Message-ID (the notify
 * job's id is in it) and when it arrived, the connections opened, and the most messages in flight.
 *
 * Protocol over the IPC channel: `listening` (the port) once, then `received` every few
 * milliseconds while mail arrives (what came since the last one, and the counters so far).
 */

export type SinkMessage =
  | { type: 'listening'; port: number }
  | { type: 'received'; mails: Array<{ jobId: string; at: number }>; connections: number; maxInFlight: number };

const REPORT_MS = 20;

if (require.main === module) {
  if (!process.send) {
    console.error('smtp-sink-process: run me with child_process.fork (an IPC channel is needed)');
    process.exit(2);
  }
  const send = (msg: SinkMessage) => process.send?.(msg);
  let fresh: Array<{ jobId: string; at: number }> = [];
  let connections = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onConnect: (_session, callback) => {
      connections++;
      callback();
    },
    onData: (stream, _session, done) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      let head = '';
      stream.on('data', (c: Buffer) => {
        if (head.length < 8192) head += c.toString('latin1');
      });
      stream.on('end', () => {
        inFlight--;
        const id = /^Message-ID:\s*<notify-([^@>]+)@/im.exec(head)?.[1] ?? '?';
        fresh.push({ jobId: id, at: Date.now() });
        done();
      });
    },
  });
  server.listen(0, '127.0.0.1', () => {
    const address = server.server.address();
    send({ type: 'listening', port: typeof address === 'object' && address ? address.port : 0 });
  });
  setInterval(() => {
    if (fresh.length === 0) return;
    send({ type: 'received', mails: fresh, connections, maxInFlight });
    fresh = [];
  }, REPORT_MS);
  // The parent went away (finished or died): nothing left to do.
  process.on('disconnect', () => process.exit(0));
}
