import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createTestDatabase, TestDatabase } from './support/database';
import { SmtpSink } from './support/smtp-sink';

/**
 * A clean stop during a booking rush, on the built service in a process of its own (npm test builds
 * first), with its mail going to a real SMTP server on loopback.
 */
const DIST = join(__dirname, '..', 'dist', 'src');

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

async function waitForReady(base: string, child: ChildProcess): Promise<void> {
  const end = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode}`);
    if (
      await fetch(`${base}/health/ready`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    if (Date.now() > end) throw new Error('the service did not become ready');
    await new Promise((r) => setTimeout(r, 200));
  }
}

interface Booked {
  email: string;
  afterSigterm: boolean;
}

describe('SIGTERM during a booking burst', () => {
  let db: TestDatabase;
  let sink: SmtpSink;
  beforeAll(async () => {
    db = await createTestDatabase();
    sink = await new SmtpSink().start();
  });
  afterAll(async () => {
    await sink.stop();
    await db.drop();
  });

  it('readiness turns 503 at once, and every booking answered 201 has its mail sent before the process exits', async () => {
    // Each mail is acknowledged only after 100 ms, so that mails lag behind the bookings at the signal.
    sink.slow(100);
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const child = spawn(process.execPath, [join(DIST, 'main.js')], {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        HOST: '127.0.0.1',
        PORT: String(port),
        PUBLIC_URL: base,
        DATABASE_URL: db.url,
        SEED_DEMO: 'true',
        JOBS_ENABLED: 'true',
        SMTP_URL: sink.url,
        MAIL_CONCURRENCY: '4',
        SHUTDOWN_GRACE_SECONDS: '1',
        SHUTDOWN_DRAIN_SECONDS: '30',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    child.stdout.on('data', (c: Buffer) => (log += c.toString()));
    child.stderr.on('data', (c: Buffer) => (log += c.toString()));
    // What the sink had received when the process was gone.
    let mailedAtExit: string[] | null = null;
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => {
        mailedAtExit = sink.mails.flatMap((m) =>
          [m.parsed.to].flat().flatMap((a) => a?.value.map((v) => v.address ?? '') ?? []),
        );
        resolve(code);
      }),
    );
    try {
      await waitForReady(base, child);
      // The demo unit is seeded after the listener opens, and the signal handlers come after that.
      for (let i = 0; i < 300 && !log.includes('"msg":"Samtal is listening"'); i++)
        await new Promise((r) => setTimeout(r, 100));
      const unit = (await (await fetch(`${base}/api/v1/public/units/demo`)).json()) as {
        meetingTypes: Array<{ id: string; modes: string[] }>;
      };
      const type = unit.meetingTypes[0];
      const from = new Date(Date.now() + 86_400_000);
      const to = new Date(from.getTime() + 28 * 86_400_000);
      const slotsAnswer = await fetch(
        `${base}/api/v1/public/units/demo/slots?meetingTypeId=${type.id}&mode=${type.modes[0]}&from=${from.toISOString()}&to=${to.toISOString()}`,
      );
      const { slots } = (await slotsAnswer.json()) as { slots: Array<{ startsAt: string }> };
      expect(slots.length).toBeGreaterThan(60);

      // Eight clients book one slot after another until the service stops answering.
      const booked: Booked[] = [];
      let sigtermSent = false;
      let next = 0;
      const client = async (): Promise<void> => {
        while (next < slots.length) {
          const n = next++;
          const email = `burst-${n}@clients.example`;
          const sentAfterSigterm = sigtermSent;
          const res = await fetch(`${base}/api/v1/public/units/demo/bookings`, {
            method: 'POST',
            // A client address of its own for each (loopback is a trusted proxy): no rate limit in the way.
            headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': `198.51.100.${n % 250}` },
            body: JSON.stringify({
              meetingTypeId: type.id,
              startsAt: slots[n].startsAt,
              mode: type.modes[0],
              client: { name: `Burst ${n}`, email },
            }),
          }).catch(() => null);
          if (!res) return; // the listener is closed
          await res.arrayBuffer();
          if (res.status === 201) booked.push({ email, afterSigterm: sentAfterSigterm });
        }
      };
      const clients = Array.from({ length: 8 }, () => client());
      while (booked.length < 20) await new Promise((r) => setTimeout(r, 20));
      child.kill('SIGTERM');
      sigtermSent = true;
      // Readiness says 503 at once, while the listener still serves (the grace).
      await new Promise((r) => setTimeout(r, 100));
      const ready = await fetch(`${base}/health/ready`);
      expect(ready.status).toBe(503);
      expect(ready.headers.get('connection')).toBe('close');
      await Promise.all(clients);

      await expect(exited).resolves.toBe(0);
      // Bookings were still taken after the signal (during the grace)...
      expect(booked.filter((b) => b.afterSigterm).length).toBeGreaterThan(0);
      // ...and none of the accepted ones waits for the next start for its mail.
      const unsent = booked.filter((b) => !mailedAtExit!.includes(b.email));
      expect(unsent.map((b) => b.email)).toEqual([]);
      expect(log).toMatch(/"msg":"queued jobs worked"/);
      expect(log).not.toContain('burst-');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
