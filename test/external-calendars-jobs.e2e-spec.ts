import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ExternalCalendarSyncWorker } from '../src/external-calendars/external-calendar-sync.worker';
import { bookingFixture, countRows } from './support/booking-fixture';
import { bearer, createTestContext, TestContext } from './support/test-app';

const MINUTE = 60_000;

/** One busy hour per line of `starts` (UTC, basic format), as a minimal published calendar. */
function feed(starts: string[]): string {
  const events = starts.map(
    (s, i) =>
      `BEGIN:VEVENT\r\nUID:ev-${i}@example.org\r\nDTSTAMP:20270101T000000Z\r\nDTSTART:${s}\r\nDURATION:PT1H\r\nSUMMARY:Court date for a client\r\nEND:VEVENT\r\n`,
  );
  return `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\n${events.join('')}END:VCALENDAR\r\n`;
}

describe('external calendars: the sync job and offboarding', () => {
  let ctx: TestContext;
  let server: Server;
  let url: string;
  let body = feed([]);

  beforeAll(async () => {
    server = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/calendar' });
      res.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/owa/calendar/secret-path/calendar.ics`;
    ctx = await createTestContext({ JOBS_ENABLED: 'true' });
  });
  afterAll(async () => {
    await ctx.close();
    await new Promise((resolve) => server.close(resolve));
  });

  it('a due connection is swept into a job and the worker replaces its busy time; one sweep queues it once', async () => {
    const f = await bookingFixture(ctx);
    const cw = f.caseworkers[0];
    body = feed(['20270301T090000Z']);
    const created = (
      await ctx
        .http()
        .post(`/api/v1/caseworkers/${cw.id}/external-calendars`)
        .set(bearer(cw.token))
        .send({ kind: 'ics', url })
        .expect(201)
    ).body as { id: string; busyCount: number };
    expect(created.busyCount).toBe(1);

    body = feed(['20270301T090000Z', '20270302T090000Z', '20270303T090000Z']);
    const worker = ctx.app.get(ExternalCalendarSyncWorker);
    expect(await worker.sweep()).toBe(0); // synced just now: not due
    ctx.clock.advance(11 * MINUTE);
    expect(await worker.sweep()).toBe(1);
    expect(await worker.sweep()).toBe(0);

    const deadline = Date.now() + 20_000;
    let busy = 1;
    while (busy !== 3 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      busy = await countRows(ctx, `SELECT 1 FROM external_busy WHERE calendar_id = $1`, [created.id]);
    }
    expect(busy).toBe(3);
    const [view] = (
      await ctx.http().get(`/api/v1/caseworkers/${cw.id}/external-calendars`).set(bearer(cw.token)).expect(200)
    ).body as Array<{ busyCount: number; lastError?: string }>;
    expect(view).toMatchObject({ busyCount: 3 });
    expect(view.lastError).toBeUndefined();
  });

  it('deactivating a caseworker removes their connections and busy time (links and passwords go with them)', async () => {
    const f = await bookingFixture(ctx, { caseworkers: 2 });
    const [leaver, stays] = f.caseworkers;
    body = feed(['20270301T090000Z']);
    for (const cw of [leaver, stays])
      await ctx
        .http()
        .post(`/api/v1/caseworkers/${cw.id}/external-calendars`)
        .set(bearer(f.unit.adminToken))
        .send({ kind: 'ics', url })
        .expect(201);
    await ctx.http().post(`/api/v1/caseworkers/${leaver.id}/deactivate`).set(bearer(f.unit.adminToken)).expect(200);
    const left = (id: string) =>
      Promise.all([
        countRows(ctx, `SELECT 1 FROM external_calendars WHERE caseworker_id = $1`, [id]),
        countRows(ctx, `SELECT 1 FROM external_busy WHERE caseworker_id = $1`, [id]),
      ]);
    expect(await left(leaver.id)).toEqual([0, 0]);
    expect(await left(stays.id)).toEqual([1, 1]);
  });
});
