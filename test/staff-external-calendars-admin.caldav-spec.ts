import { DateTime } from 'luxon';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expectAccessible, launchBrowser, newPage, PagesApp, see, startPagesApp } from './support/browser';
import { radicaleInstalled, RadicaleServer, startRadicale } from './support/radicale';
import { signInBrowser } from './support/staff-pages';
import { TestUnit } from './support/test-app';

const ZONE = 'Europe/Stockholm';

/**
 * The CalDAV half of the staff pages' external calendars (the ICS half is
 * staff-external-calendars.e2e-spec.ts), on a real Radicale: the caseworker project `caldav`.
 */
describe('staff pages: external calendars over CalDAV', () => {
  let app: PagesApp;
  let browser: Browser;
  let unit: TestUnit;
  let cw: { id: string; token: string };
  const monday = DateTime.now().setZone(ZONE).startOf('week').plus({ weeks: 1 });
  const week = monday.toFormat("kkkk-'W'WW");
  const utc = (d: DateTime) => d.toUTC().toFormat("yyyyMMdd'T'HHmmss'Z'");
  const busyRows = async () =>
    (
      await app.ctx.db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM external_busy WHERE caseworker_id = $1`, [
        cw.id,
      ])
    )[0].n;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startPagesApp({ EXTERNAL_CALENDAR_ALLOW_PRIVATE: 'true' }), launchBrowser()]);
    unit = await app.ctx.newUnit({ publicName: 'Office of Calendars', timeZone: ZONE });
    await app.ctx.db.query(`UPDATE units SET default_locale = 'en' WHERE id = $1`, [unit.id]);
    cw = await app.ctx.newCaseworker(unit, { name: 'Karl Kalender' });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.ctx.close();
  });

  describe("an admin on a colleague's page, with a CalDAV account (a real Radicale)", () => {
    let radicale: RadicaleServer;
    let admin: { context: BrowserContext; page: Page };
    const event = (uid: string, start: DateTime, end: DateTime, title: string) =>
      [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'PRODID:-//Nextcloud calendar v4//EN',
        'BEGIN:VEVENT',
        `UID:${uid}`,
        `DTSTAMP:${utc(DateTime.utc())}`,
        `DTSTART:${utc(start)}`,
        `DTEND:${utc(end)}`,
        `SUMMARY:${title}`,
        'END:VEVENT',
        'END:VCALENDAR',
        '',
      ].join('\r\n');

    beforeAll(async () => {
      if (!radicaleInstalled()) throw new Error('radicale is not installed (apt-get install radicale)');
      radicale = await startRadicale();
      await radicale.mkcalendar('work', { displayName: 'Work' });
      await radicale.mkcalendar('private', { displayName: 'Private' });
      await radicale.putEvent(
        'work',
        'team-1',
        event(
          'team-1',
          monday.plus({ days: 1, hours: 9 }),
          monday.plus({ days: 1, hours: 10 }),
          'Team meeting Lindqvist',
        ),
      );
      await radicale.putEvent(
        'private',
        'dentist-1',
        event('dentist-1', monday.plus({ days: 2, hours: 14 }), monday.plus({ days: 2, hours: 15 }), 'Dentist'),
      );
      admin = await newPage(browser, app.baseUrl);
      admin.page.setDefaultTimeout(15_000);
      await signInBrowser(app.ctx, admin.context, app.baseUrl, unit.adminId);
    });
    afterAll(async () => {
      await admin?.context.close();
      await radicale?.stop();
    });

    it('connects the account, ticks which calendars count as busy, and the week follows', async () => {
      const p = admin.page;
      await p.goto(`/staff/admin/caseworkers/${cw.id}`);
      await see(p.locator('#ext-title')).toHaveText('Busy times from Karl Kalender’s own calendar');
      await see(p.locator('.ext-cals .empty')).toHaveText('Karl Kalender has not connected a calendar.');
      await p.locator('#caldav-url').fill(radicale.url);
      await p.locator('#caldav-username').fill(radicale.username);
      await p.locator('#caldav-password').fill(radicale.password);
      await p.getByRole('button', { name: 'Connect account' }).click();
      await see(p.getByRole('status')).toContainText(
        'The account is connected. Choose below which of its calendars count as busy.',
      );
      const block = p.locator('.ext-cal');
      await see(block.locator('h3')).toContainText('CalDAV account: http://127.0.0.1:');
      const choice = block.getByRole('group', { name: 'Calendars of this account that count as busy' });
      await see(choice.getByRole('checkbox')).toHaveCount(2);
      expect(await choice.getByLabel('Work').isChecked()).toBe(true);
      expect(await choice.getByLabel('Private').isChecked()).toBe(true);
      await see(block.locator('.summary')).toContainText('Busy times stored 2');
      const html = await p.content();
      expect(html).not.toContain(radicale.password);
      expect(html).not.toContain('Dentist');
      expect(await p.locator('#caldav-password').inputValue()).toBe('');
      await expectAccessible(p, "admin: a colleague's CalDAV account");

      await choice.getByLabel('Private').uncheck();
      await block.getByRole('button', { name: /^Save calendars/ }).click();
      await see(p.getByRole('status')).toContainText('The choice of calendars is saved and synced.');
      await see(p.locator('.ext-cal .summary')).toContainText('Busy times stored 1');
      expect(await p.getByRole('checkbox', { name: 'Private', exact: true }).isChecked()).toBe(false);
      expect(await p.getByRole('checkbox', { name: 'Work', exact: true }).isChecked()).toBe(true);

      await p.goto(`/staff?week=${week}&caseworker=${cw.id}`);
      const tuesday = monday.plus({ days: 1 }).toISODate();
      const wednesday = monday.plus({ days: 2 }).toISODate();
      await see(p.locator(`.fc-timegrid-col[data-date="${tuesday}"] .cal-bg-busy`)).toHaveCount(1);
      expect(await p.locator(`.fc-timegrid-col[data-date="${wednesday}"] .cal-bg-busy`).count()).toBe(0);
      expect(await p.content()).not.toContain('Team meeting');
    });

    it('disconnects the colleague’s account after the confirm step', async () => {
      const p = admin.page;
      await p.goto(`/staff/admin/caseworkers/${cw.id}`);
      await p.getByRole('link', { name: /^Disconnect/ }).click();
      await see(p.getByRole('heading', { level: 1 })).toHaveText('Disconnect this calendar?');
      await p.getByRole('button', { name: 'Yes, disconnect' }).click();
      await see(p.getByRole('status')).toContainText('The calendar is disconnected');
      expect(new URL(p.url()).pathname).toBe(`/staff/admin/caseworkers/${cw.id}`);
      await see(p.locator('.ext-cals .empty')).toHaveText('Karl Kalender has not connected a calendar.');
      expect(await busyRows()).toBe(0);
    });
  });
});
