import { mkdirSync } from 'node:fs';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ARTIFACTS, expectAccessible, launchBrowser, newPage, PagesApp, see, startPagesApp } from './support/browser';
import { StaffBrowser } from './support/staff-forms';
import { signInBrowser } from './support/staff-pages';
import { TestUnit } from './support/test-app';

const ZONE = 'Europe/Stockholm';
/** What the caseworker's own calendar calls the meeting: it must never reach Samtal's pages. */
const TITLE = 'Court hearing Andersson';

/**
 * "Busy times from your own calendar" in My settings and in the week, in a real browser on a real
 * database, with the caseworker's calendar published as an ICS link by a real HTTP server on
 * loopback: connect (keyboard only), the masked address and the busy count, the busy block in the
 * week (grid, no-JS week and list) without the event's title, the source going down (the warning,
 * the calendar's notice, the block kept), the confirm step of a disconnect, and Swedish.
 */
describe('staff pages: external calendars', () => {
  let app: PagesApp;
  let browser: Browser;
  let unit: TestUnit;
  let cw: { id: string; token: string };
  let context: BrowserContext;
  let page: Page;
  let ics: Server;
  let icsUrl: string;
  /** The secret part of the link (what Outlook's "Publish a calendar" puts in the path). */
  const secret = `published-${randomBytes(12).toString('hex')}`;
  const monday = DateTime.now().setZone(ZONE).startOf('week').plus({ weeks: 1 });
  const week = monday.toFormat("kkkk-'W'WW");
  const busyStart = monday.set({ hour: 10 });
  const busyEnd = monday.set({ hour: 11, minute: 30 });
  let requests = 0;

  const utc = (d: DateTime) => d.toUTC().toFormat("yyyyMMdd'T'HHmmss'Z'");
  const body = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN',
    'BEGIN:VEVENT',
    'UID:040000008200E00074C5B7101A82E0080000000020B1F8E7@example',
    `DTSTAMP:${utc(DateTime.utc())}`,
    `DTSTART:${utc(busyStart)}`,
    `DTEND:${utc(busyEnd)}`,
    `SUMMARY:${TITLE}`,
    'LOCATION:District court\\, room 4',
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');

  function serve(req: IncomingMessage, res: ServerResponse): void {
    requests++;
    if (req.url !== `/${secret}/calendar.ics`) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/calendar; charset=utf-8' }).end(body);
  }

  const busyRows = async () =>
    (
      await app.ctx.db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM external_busy WHERE caseworker_id = $1`, [
        cw.id,
      ])
    )[0].n;

  /** Tabs until the element with `id` has the focus (a keyboard user's way there). */
  async function tabTo(p: Page, id: string, max = 150): Promise<void> {
    for (let i = 0; i < max; i++) {
      if ((await p.evaluate<string>('document.activeElement?.id ?? ""')) === id) return;
      await p.keyboard.press('Tab');
    }
    throw new Error(`#${id} is not reachable with Tab`);
  }

  beforeAll(async () => {
    ics = createServer(serve);
    await new Promise<void>((r) => ics.listen(0, '127.0.0.1', r));
    icsUrl = `http://127.0.0.1:${(ics.address() as AddressInfo).port}/${secret}/calendar.ics`;
    [app, browser] = await Promise.all([startPagesApp({ EXTERNAL_CALENDAR_ALLOW_PRIVATE: 'true' }), launchBrowser()]);
    unit = await app.ctx.newUnit({ publicName: 'Office of Calendars', timeZone: ZONE });
    await app.ctx.db.query(`UPDATE units SET default_locale = 'en' WHERE id = $1`, [unit.id]);
    cw = await app.ctx.newCaseworker(unit, { name: 'Karl Kalender' });
    ({ context, page } = await newPage(browser, app.baseUrl));
    page.setDefaultTimeout(15_000);
    await signInBrowser(app.ctx, context, app.baseUrl, cw.id);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await app?.ctx.close();
    ics.closeAllConnections();
    await new Promise((r) => ics.close(r));
  });

  it('refuses a mistyped link next to the field (keyboard only), and a CalDAV form never comes back with its password', async () => {
    await page.goto('/staff/settings');
    await see(page.locator('#ext-title')).toHaveText('Busy times from your own calendar');
    await see(page.locator('.ext-cals .empty')).toHaveText('You have not connected a calendar.');
    await expectAccessible(page, 'settings (no external calendar)');
    await tabTo(page, 'ics-url');
    expect(await page.evaluate<string>('document.activeElement.type')).toBe('url');
    await page.keyboard.type('outlook calendar');
    await page.keyboard.press('Enter');
    await see(page.locator('.error-summary')).toContainText('Enter a full address that starts with https://');
    await see(page.locator('#ics-url-error')).toHaveText('Enter a full address that starts with https://');
    await see(page.locator('#ics-url')).toHaveAttribute('aria-invalid', 'true');
    expect(await page.title()).toMatch(/^Error: /);
    await page.locator('.error-summary a').first().click();
    expect(await page.evaluate<string>('document.activeElement?.id')).toBe('ics-url');
    await expectAccessible(page, 'settings (ICS link refused)');

    // CalDAV: a missing user name is refused; the address and user name stay, the password does not.
    const password = `pw-${randomBytes(6).toString('hex')}`;
    await page.locator('#caldav-url').fill('https://cloud.example.org/remote.php/dav');
    await page.locator('#caldav-password').fill(password);
    await see(page.locator('#caldav-password')).toHaveAttribute('autocomplete', 'new-password');
    await page.getByRole('button', { name: 'Connect account' }).click();
    await see(page.locator('#caldav-username-error')).toHaveText('Enter the user name.');
    expect(await page.locator('#caldav-url').inputValue()).toBe('https://cloud.example.org/remote.php/dav');
    expect(await page.locator('#caldav-password').inputValue()).toBe('');
    expect(await page.content()).not.toContain(password);
    expect(await busyRows()).toBe(0);
  });

  it('connects the ICS link with the keyboard: listed with its busy count and a masked address, never the link', async () => {
    await page.goto('/staff/settings');
    await tabTo(page, 'ics-url');
    await page.keyboard.type(icsUrl);
    await page.keyboard.press('Enter');
    await see(page.getByRole('status')).toContainText('The calendar is connected.');
    expect(new URL(page.url()).hash).toBe('#ext-title');
    const block = page.locator('.ext-cal');
    await see(block).toHaveCount(1);
    await see(block.locator('h3')).toHaveText(`Subscription link (ICS): http://127.0.0.1:${new URL(icsUrl).port}/…`);
    await see(block.locator('.summary')).toContainText('Busy times stored 1');
    await see(block.locator('.summary')).notToContainText('Not yet');
    expect(requests).toBeGreaterThan(0);
    // The last sync, in the unit's zone and the page's language ("Monday 7 December 2026 at 01:10" or so).
    const synced = await block.locator('.summary div').filter({ hasText: 'Last successful sync' }).innerText();
    expect(synced).toContain(String(DateTime.now().setZone(ZONE).year));
    // Neither the secret path nor the event's words are anywhere in the page, and the field is empty again.
    const html = await page.content();
    expect(html).not.toContain(secret);
    expect(html).not.toContain(TITLE);
    expect(await page.locator('#ics-url').inputValue()).toBe('');
    expect(await busyRows()).toBe(1);
    await expectAccessible(page, 'settings (ICS connected)');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page
      .locator('section.ext-cals')
      .screenshot({ path: join(ARTIFACTS, 'staff-external-calendars-settings.png') });
  });

  it('shows the busy time in the week as a neutral block without the title: grid, no-JS week and list', async () => {
    await page.goto(`/staff?week=${week}`);
    // The FullCalendar grid: a background block on that Monday, with our words only, not a link.
    const day = page.locator(`.fc-timegrid-col[data-date="${monday.toISODate()}"]`);
    const block = day.locator('.fc-bg-event.cal-bg-busy');
    await see(block).toHaveCount(1);
    await see(block).toHaveText('Busy (own calendar)');
    expect(await block.locator('a, [tabindex]').count()).toBe(0);
    expect(await block.getAttribute('tabindex')).toBeNull();
    expect(await page.content()).not.toContain(TITLE);
    await expectAccessible(page, 'calendar (busy block, grid)');

    const plain = await newPage(browser, app.baseUrl, { javaScriptEnabled: false });
    await signInBrowser(app.ctx, plain.context, app.baseUrl, cw.id);
    try {
      await plain.page.goto(`/staff?week=${week}`);
      const monday1 = plain.page.locator('.cal-day').first();
      await see(monday1.locator('.cal-busy')).toHaveText('Busy (own calendar) 10:00–11:30');
      expect(await monday1.locator('.cal-busy a').count()).toBe(0);
      await see(plain.page.locator('.cal-legend')).toContainText('"Busy (own calendar)"');
      await plain.page.goto(`/staff?week=${week}&view=list`);
      await see(plain.page.locator('.cal-list tr.cal-busy-row')).toHaveText('10:00–11:30 Busy (own calendar)');
      expect(await plain.page.content()).not.toContain(TITLE);
    } finally {
      await plain.context.close();
    }
    // The list with JavaScript (FullCalendar's list has no backgrounds): a plain row, not a link.
    await page.goto(`/staff?week=${week}&view=list`);
    const row = page.locator('.fc-list-event.cal-bg-busy');
    await see(row).toContainText('Busy (own calendar)');
    // FullCalendar wraps the title in an <a> without href: not a link, not in the Tab order.
    expect(await row.locator('a[href], [tabindex]').count()).toBe(0);
    await expectAccessible(page, 'calendar list (busy row)');
  });

  it('keeps the busy time when the source is down, and says so in settings and in the calendar', async () => {
    ics.closeAllConnections();
    await new Promise((r) => ics.close(r));
    await page.goto('/staff/settings#ext-title');
    await page.getByRole('button', { name: /^Sync now/ }).click();
    await see(page.getByRole('status')).toContainText('The sync did not work. The warning below says why.');
    const warning = page.locator('.ext-cal .ext-cal-error');
    await see(warning).toContainText('Warning: The last sync did not work:');
    await see(warning).toContainText('Samtal keeps using the busy times it read before.');
    await see(page.locator('.ext-cal .summary')).toContainText('Busy times stored 1');
    expect(await page.content()).not.toContain(secret);
    await expectAccessible(page, 'settings (source down)');
    expect(await busyRows()).toBe(1);

    await page.goto(`/staff?week=${week}`);
    const notice = page.locator('.cal-ext-notice');
    await see(notice).toContainText('Your own calendar could not be read lately');
    await see(page.locator(`.fc-timegrid-col[data-date="${monday.toISODate()}"] .cal-bg-busy`)).toHaveCount(1);
    await notice.getByRole('link', { name: 'Check the connection' }).click();
    await see(page.locator('#ext-title')).toBeVisible();
    expect(new URL(page.url()).pathname).toBe('/staff/settings');
  });

  it('says in words when the busy times are stale', async () => {
    await app.ctx.db.query(
      `UPDATE external_calendars SET last_synced_at = now() - interval '30 hours',
              created_at = now() - interval '40 hours' WHERE caseworker_id = $1`,
      [cw.id],
    );
    await page.goto('/staff/settings');
    await see(page.locator('.ext-cal .ext-cal-stale')).toHaveText(
      'Warning: These busy times are more than 24 hours old. Clients still cannot book over them, but changes made in the calendar since then are missing.',
    );
  });

  it('reads in Swedish', async () => {
    const sv = await StaffBrowser.signIn(app.ctx, cw.id, 'sv');
    const res = await sv.get('/staff/settings');
    expect(res.status).toBe(200);
    expect(res.text).toContain('Upptagen tid från din egen kalender');
    expect(res.text).toContain('Prenumerationslänk (ICS)');
    expect(res.text).toContain('Den senaste synkroniseringen fungerade inte');
    expect(res.text).toContain('De här upptagna tiderna är mer än 24 timmar gamla.');
    expect(res.text).toContain('Synkronisera nu');
    expect(res.text).not.toContain(secret);
    const week1 = await sv.get(`/staff?week=${week}`);
    expect(week1.text).toContain('Upptagen (egen kalender) 10:00–11:30');
    expect(week1.text).toContain('Din egen kalender har inte kunnat läsas på sistone');
  });

  it("refuses a change without the form's token, and another caseworker's connection is not found here", async () => {
    const [{ id }] = await app.ctx.db.query<{ id: string }[]>(
      `SELECT id FROM external_calendars WHERE caseworker_id = $1`,
      [cw.id],
    );
    const mine = await StaffBrowser.signIn(app.ctx, cw.id);
    const forged = await mine.post(`/staff/settings/external-calendars/${id}/disconnect`, { _csrf: 'forged' });
    expect(forged.status).toBe(403);
    // The admin's own My settings: someone else's connection is not theirs to change here.
    const admin = await StaffBrowser.signIn(app.ctx, unit.adminId);
    expect((await admin.get(`/staff/settings/external-calendars/${id}/disconnect`)).status).toBe(404);
    expect(await busyRows()).toBe(1);
  });

  it('disconnects after a confirm step: gone from settings and from the calendar', async () => {
    await page.goto('/staff/settings');
    await page.getByRole('link', { name: /^Disconnect/ }).click();
    await see(page.getByRole('heading', { level: 1 })).toHaveText('Disconnect this calendar?');
    await see(page.locator('.notice-warning')).toContainText('Its busy times are removed at once');
    expect(await busyRows()).toBe(1); // the step changes nothing
    await expectAccessible(page, 'disconnect step');
    await page.getByRole('button', { name: 'Yes, disconnect' }).click();
    await see(page.getByRole('status')).toContainText('The calendar is disconnected and its busy times are removed.');
    await see(page.locator('.ext-cal')).toHaveCount(0);
    await see(page.locator('.ext-cals .empty')).toHaveText('You have not connected a calendar.');
    expect(await busyRows()).toBe(0);
    await page.goto(`/staff?week=${week}`);
    await see(page.locator('.fc-timegrid-col[data-date]')).toHaveCount(7);
    expect(await page.locator('.cal-bg-busy, .cal-busy').count()).toBe(0);
    expect(await page.locator('.cal-ext-notice').count()).toBe(0);
  });
});
