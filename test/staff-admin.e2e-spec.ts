import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  expectAccessible,
  expectNoSideScroll,
  launchBrowser,
  newPage,
  PagesApp,
  screenshot,
  see,
  startPagesApp,
} from './support/browser';
import { bookingFixture, BookingFixture, newClient, emailOf, staffBooks } from './support/booking-fixture';
import { ReceivedMail, SmtpSink } from './support/smtp-sink';
import { signInBrowser, staffSession, startStaffPages, stopStaffPages } from './support/staff-pages';
import { bearer } from './support/test-app';

const NOW = '2027-03-01T06:00:00.000Z';
/** The admin pages must fit a tablet without sideways scrolling. */
const TABLET = 768;

/**
 * The admin pages in a real browser on a real PostgreSQL, with the mail job running into an SMTP
 * sink: caseworkers (add, role, deactivate, reassign a leaver's meeting), meeting types (the Swedish
 * label on the Swedish booking page), unit settings, mail failures, the audit log; a caseworker gets
 * the 403 page on every admin route. axe on every page, 768 px, Swedish, screenshots.
 */
describe('pages: staff admin in a real browser', () => {
  let app: PagesApp;
  let browser: Browser;
  let sink: SmtpSink;
  let f: BookingFixture;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    ({ app, browser, sink } = await startStaffPages(NOW));
    f = await bookingFixture(app.ctx, { caseworkers: 2 });
  });
  beforeEach(async () => {
    ({ context, page } = await newPage(browser, app.baseUrl));
    await signInBrowser(app.ctx, context, app.baseUrl, f.unit.adminId);
  });
  afterEach(() => context.close());
  afterAll(() => stopStaffPages({ app, browser, sink }));

  const h1 = () => page.getByRole('heading', { level: 1 });
  const api = () => app.ctx.http();

  it('adds a caseworker (a duplicate email refused in words) and sets a role', async () => {
    await page.goto('/staff/admin');
    await see(h1()).toHaveText('Admin');
    await expectAccessible(page, 'admin index');
    await screenshot(page, 'staff-admin-01-index');
    await page.getByRole('link', { name: 'Caseworkers' }).click();
    await see(h1()).toHaveText('Caseworkers');

    await page.getByLabel('Name', { exact: true }).fill('Nora Nyberg');
    await page.getByLabel('Email', { exact: true }).fill('nora.nyberg@example.org');
    await page.getByRole('button', { name: 'Add caseworker' }).click();
    await see(page.getByRole('status')).toContainText('The caseworker was added.');
    await see(page.getByRole('row', { name: /Nora Nyberg/ })).toContainText('nora.nyberg@example.org');

    await page.getByLabel('Name', { exact: true }).fill('Nora Again');
    await page.getByLabel('Email', { exact: true }).fill('Nora.Nyberg@example.org');
    await page.getByRole('button', { name: 'Add caseworker' }).click();
    await see(page.getByRole('alert')).toContainText('A caseworker with this email already exists in the unit.');
    await see(page.locator('#email-error')).toHaveText('A caseworker with this email already exists in the unit.');
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('Nora Again');
    // A bad time zone, in words next to its field.
    await page.getByLabel('Email', { exact: true }).fill('other@example.org');
    await page.getByLabel('Time zone (optional)').fill('Mars/Olympus');
    await page.getByRole('button', { name: 'Add caseworker' }).click();
    await see(page.locator('#timeZone-error')).toHaveText(
      'Time zone (optional): enter a time zone like Europe/Stockholm.',
    );
    await expectAccessible(page, 'caseworkers with errors');
    await screenshot(page, 'staff-admin-02-caseworkers-error');

    await page.goto('/staff/admin/caseworkers');
    const [nora] = await app.ctx.db.query<{ id: string }[]>(`SELECT id FROM caseworkers WHERE email = $1`, [
      'nora.nyberg@example.org',
    ]);
    await page.locator(`#role-${nora.id}`).selectOption('admin');
    await page.getByRole('button', { name: /Set role\s*: Nora Nyberg/ }).click();
    await see(page.getByRole('status')).toContainText('The role was changed.');
    const [row] = await app.ctx.db.query<{ role: string }[]>(`SELECT role FROM caseworkers WHERE id = $1`, [nora.id]);
    expect(row.role).toBe('admin');
    await expectAccessible(page, 'caseworkers');
    await expectNoSideScroll(page, 'caseworkers', TABLET);
    await screenshot(page, 'staff-admin-03-caseworkers');

    // Back to caseworker; then the last admin cannot demote themself (in words).
    await page.locator(`#role-${nora.id}`).selectOption('caseworker');
    await page.getByRole('button', { name: /Set role\s*: Nora Nyberg/ }).click();
    await page.locator(`#role-${f.unit.adminId}`).selectOption('caseworker');
    await page.getByRole('button', { name: /Set role\s*: Admin$/ }).click();
    await see(page.getByRole('alert')).toContainText('The unit needs at least one admin.');
    const [me] = await app.ctx.db.query<{ role: string }[]>(`SELECT role FROM caseworkers WHERE id = $1`, [
      f.unit.adminId,
    ]);
    expect(me.role).toBe('admin');
  });

  it('deactivates a caseworker with future meetings and reassigns one: the appointment moves, the client is told', async () => {
    const [leaver, taker] = f.caseworkers;
    await app.ctx.db.query(`UPDATE caseworkers SET name = 'Lena Leaver' WHERE id = $1`, [leaver.id]);
    await app.ctx.db.query(`UPDATE caseworkers SET name = 'Tove Taker' WHERE id = $1`, [taker.id]);
    const client = await newClient(app.ctx, f, leaver.id, 'en');
    const email = await emailOf(app.ctx, client.id);
    const book = (startsAt: string) =>
      staffBooks(app.ctx, f, { caseworkerId: leaver.id, clientId: client.id, startsAt });
    const a = await book('2027-03-02T10:00:00+01:00');
    const b = await book('2027-03-03T10:00:00+01:00');
    // The taker is busy when b is: reassigning b to them is refused in words.
    await api()
      .post('/api/v1/appointments')
      .set(bearer(f.unit.adminToken))
      .send({
        caseworkerId: taker.id,
        clientId: (await newClient(app.ctx, f, taker.id, 'en')).id,
        meetingTypeId: f.followUpId,
        startsAt: '2027-03-03T10:00:00+01:00',
        mode: 'in_person',
      })
      .expect(201);

    await page.goto(`/staff/admin/caseworkers/${leaver.id}`);
    await see(h1()).toHaveText('Lena Leaver');
    await page.getByRole('link', { name: 'Deactivate' }).click();
    await see(h1()).toHaveText('Deactivate Lena Leaver?');
    await see(page.getByText('Future meetings to reassign: 2.')).toBeVisible();
    await expectAccessible(page, 'deactivate confirm');
    await screenshot(page, 'staff-admin-04-deactivate-confirm');
    // Opening the confirm step changed nothing.
    const [still] = await app.ctx.db.query<{ active: boolean }[]>(`SELECT active FROM caseworkers WHERE id = $1`, [
      leaver.id,
    ]);
    expect(still.active).toBe(true);
    await page.getByRole('button', { name: 'Yes, deactivate' }).click();

    await see(page.getByRole('status')).toContainText('Deactivated. Reassign their future meetings below.');
    const meetings = page.getByRole('table', { name: 'Future meetings of Lena Leaver' });
    await see(meetings.getByRole('row')).toHaveCount(3);
    await expectAccessible(page, 'leaver page');
    await expectNoSideScroll(page, 'leaver page', TABLET);
    await screenshot(page, 'staff-admin-05-leaver');

    await page.locator(`#to-${b.id}`).selectOption(taker.id);
    await page.locator(`form[action$="/appointments/${b.id}/reassign"] button`).click();
    await see(page.getByRole('alert')).toContainText('That colleague already has a meeting at that time.');

    await page.locator(`#to-${a.id}`).selectOption(taker.id);
    await page.locator(`form[action$="/appointments/${a.id}/reassign"] button`).click();
    await see(page.getByRole('status')).toContainText('The meeting was reassigned and the client was told.');
    await see(meetings.getByRole('row')).toHaveCount(2);

    const moved = await api().get(`/api/v1/appointments/${a.id}`).set(bearer(f.unit.adminToken)).expect(200);
    expect(moved.body.caseworkerId).toBe(taker.id);
    const kept = await api().get(`/api/v1/appointments/${b.id}`).set(bearer(f.unit.adminToken)).expect(200);
    expect(kept.body.caseworkerId).toBe(leaver.id);
    const [mail] = await sink.waitFor(
      (m: ReceivedMail) =>
        JSON.stringify(m.parsed.to ?? '').includes(email) && (m.parsed.subject ?? '').endsWith(': new contact person'),
    );
    expect(mail.parsed.text).toContain('is now with Tove Taker');
    // The meeting type by its public label in the client's language (no English label set: the default).
    expect(mail.parsed.text).toContain('Meeting: Follow-up');

    // The audit log lists the deactivation, in words, with the leaver linked.
    // Events carry the database's time (today), the test clock is in 2027: a range that holds both.
    const today = new Date().toISOString().slice(0, 10);
    await page.goto(`/staff/admin/audit?from=${today}&to=2027-03-01`);
    await see(h1()).toHaveText('Audit log');
    const log = page.getByRole('table');
    await see(log.getByRole('row', { name: /Deactivated a caseworker/ })).toContainText('Lena Leaver');
    await see(log.getByRole('row', { name: /Reassigned a meeting/ }).first()).toBeVisible();
    await see(log.locator(`a[href="/staff/appointments/${a.id}"]`).first()).toBeVisible();
    await expectAccessible(page, 'audit log');
    await expectNoSideScroll(page, 'audit log', TABLET);
    await screenshot(page, 'staff-admin-06-audit');
    // Filtered by client (an id, never a name in the URL) and a bad date in words.
    await page.goto(`/staff/admin/audit?from=${today}&to=2027-03-01&client=${client.id}`);
    await see(log.getByRole('row', { name: /Deactivated a caseworker/ })).toHaveCount(0);
    await see(log.getByRole('row', { name: /Reassigned a meeting/ })).toHaveCount(1);
    await page.goto('/staff/admin/audit?from=yesterday');
    await see(page.locator('#from-error')).toHaveText('Enter a date like 2027-03-02.');

    // Activate again.
    await page.goto(`/staff/admin/caseworkers/${leaver.id}`);
    await page.getByRole('button', { name: 'Activate again' }).click();
    await see(page.getByRole('status')).toContainText('Active again.');
  });

  it("edits a meeting type's Swedish label: the Swedish booking page shows it, the English one the default", async () => {
    await page.goto('/staff/admin/meeting-types');
    await see(h1()).toHaveText('Meeting types');
    await expectAccessible(page, 'meeting types');
    await expectNoSideScroll(page, 'meeting types', TABLET);
    await page.getByRole('link', { name: 'Intake (internal)' }).click();
    await see(h1()).toHaveText('Edit Intake (internal)');
    await page.getByLabel('Swedish').fill('Första samtalet');
    await page.getByLabel('Duration').fill('1000');
    await page.getByRole('button', { name: 'Save' }).click();
    await see(page.locator('#durationMinutes-error')).toHaveText('Duration: enter a whole number from 5 to 480.');
    expect(await page.getByLabel('Swedish').inputValue()).toBe('Första samtalet');
    await expectAccessible(page, 'meeting type with errors');
    await screenshot(page, 'staff-admin-07-meeting-type-error');
    await page.getByLabel('Duration').fill('60');
    await page.getByRole('button', { name: 'Save' }).click();
    await see(page.getByRole('status')).toContainText('The meeting type was saved.');
    await see(page.getByRole('row', { name: /Intake \(internal\)/ })).toContainText('Svenska: Första samtalet');
    await screenshot(page, 'staff-admin-08-meeting-types');

    const client = await context.newPage();
    await client.goto(`/book/${f.unit.slug}?lang=sv`);
    await see(client.getByRole('link', { name: /Första samtalet/ })).toBeVisible();
    await client.goto(`/book/${f.unit.slug}?lang=en`);
    await see(client.getByRole('link', { name: /First meeting/ })).toBeVisible();
    await see(client.getByRole('link', { name: /Första samtalet/ })).toHaveCount(0);
    await client.close();

    // A new type through the form, its key checked in words.
    await page.goto('/staff/admin/meeting-types/new');
    await expectAccessible(page, 'new meeting type');
    await page.getByLabel('Key').fill('Bad Key');
    await page.getByLabel('Internal name').fill('Check-in');
    await page.getByLabel('Public label', { exact: true }).fill('Check-in');
    await page.getByLabel('Video').check();
    await page.getByRole('button', { name: 'Add meeting type' }).click();
    await see(page.locator('#key-error')).toContainText('Key: use lowercase letters, digits and dashes');
    await page.getByLabel('Key').fill('check-in');
    await page.getByRole('button', { name: 'Add meeting type' }).click();
    await see(page.getByRole('status')).toContainText('The meeting type was added.');
    const types = await api()
      .get(`/api/v1/units/${f.unit.id}/meeting-types`)
      .set(bearer(f.unit.adminToken))
      .expect(200);
    expect(types.body.find((t: { key: string }) => t.key === 'check-in')).toMatchObject({
      modes: ['in_person', 'video'],
      publicLabels: {},
    });
  });

  it('changes unit settings, with a validation error in words (holdMinutes 500); mail failures render', async () => {
    await page.goto('/staff/admin/unit');
    await see(h1()).toHaveText('Unit settings');
    await expectAccessible(page, 'unit settings');
    await expectNoSideScroll(page, 'unit settings', TABLET);
    await page.getByLabel('Hold an unconfirmed booking for').fill('500');
    await page.getByLabel('Address', { exact: true }).fill('Nygatan 5');
    await page.getByRole('button', { name: 'Save' }).click();
    await see(page.locator('#holdMinutes-error')).toHaveText(
      'Hold an unconfirmed booking for: enter a whole number from 5 to 120.',
    );
    await see(page.getByRole('alert')).toContainText('Hold an unconfirmed booking for');
    expect(await page.getByLabel('Address', { exact: true }).inputValue()).toBe('Nygatan 5');
    await expectAccessible(page, 'unit settings with error');
    await screenshot(page, 'staff-admin-09-unit-error');
    const before = await api().get(`/api/v1/units/${f.unit.id}`).set(bearer(f.unit.adminToken)).expect(200);
    expect(before.body.address).toBe('Storgatan 1');

    await page.getByLabel('Hold an unconfirmed booking for').fill('30');
    await page.getByLabel('Reminders, minutes before').fill('1440, 60');
    expect(await page.getByLabel("Caseworkers see the team's calendars").isChecked()).toBe(false);
    await page.getByLabel("Caseworkers see the team's calendars").check();
    await page.getByRole('button', { name: 'Save' }).click();
    await see(page.getByRole('status')).toContainText('The settings were saved.');
    const after = await api().get(`/api/v1/units/${f.unit.id}`).set(bearer(f.unit.adminToken)).expect(200);
    expect(after.body).toMatchObject({
      holdMinutes: 30,
      address: 'Nygatan 5',
      reminderMinutesBefore: [1440, 60],
      teamCalendarsVisible: true,
    });
    expect(await page.getByLabel("Caseworkers see the team's calendars").isChecked()).toBe(true);
    // Unticked and saved, the setting is off again (a form leaves an unticked box out).
    await page.getByLabel("Caseworkers see the team's calendars").uncheck();
    await page.getByRole('button', { name: 'Save' }).click();
    await see(page.getByRole('status')).toContainText('The settings were saved.');
    const off = await api().get(`/api/v1/units/${f.unit.id}`).set(bearer(f.unit.adminToken)).expect(200);
    expect(off.body.teamCalendarsVisible).toBe(false);

    await page.goto('/staff/admin/mail-failures');
    await see(h1()).toHaveText('Mail failures');
    await expectAccessible(page, 'mail failures');
    await screenshot(page, 'staff-admin-10-mail-failures');
  });

  it('in Swedish', async () => {
    await page.goto('/staff/admin/caseworkers?lang=sv');
    await see(h1()).toHaveText('Handläggare');
    await expectAccessible(page, 'caseworkers (sv)');
    await screenshot(page, 'staff-admin-11-caseworkers-sv');
    await page.goto('/staff/admin/unit?lang=sv');
    await see(h1()).toHaveText('Enhetens inställningar');
    await page.getByLabel('Håll en obekräftad bokning i').fill('500');
    await page.getByRole('button', { name: 'Spara' }).click();
    await see(page.locator('#holdMinutes-error')).toHaveText(
      'Håll en obekräftad bokning i: ange ett heltal från 5 till 120.',
    );
    await expectAccessible(page, 'unit settings (sv)');
  });

  it("sets a new colleague's working hours and an absence on their caseworker page: the slot search follows", async () => {
    await page.goto('/staff/admin/caseworkers');
    await page.getByLabel('Name', { exact: true }).fill('Hedda Hours');
    await page.getByLabel('Email', { exact: true }).fill('hedda.hours@example.org');
    await page.getByRole('button', { name: 'Add caseworker' }).click();
    await see(page.getByRole('status')).toContainText('The caseworker was added.');
    const [hedda] = await app.ctx.db.query<{ id: string }[]>(`SELECT id FROM caseworkers WHERE email = $1`, [
      'hedda.hours@example.org',
    ]);
    const hoursOf = async () =>
      (await api().get(`/api/v1/caseworkers/${hedda.id}/working-hours`).set(bearer(f.unit.adminToken)).expect(200))
        .body as unknown[];
    // NOW is Monday 1 March 2027; the Mondays after it, in Stockholm.
    const slotsOn = async (day: string) =>
      (
        await api()
          .get(`/api/v1/caseworkers/${hedda.id}/slots`)
          .query({
            meetingTypeId: f.followUpId,
            mode: 'in_person',
            from: `${day}T00:00:00+01:00`,
            to: `${day}T23:59:00+01:00`,
          })
          .set(bearer(f.unit.adminToken))
          .expect(200)
      ).body.slots as Array<{ startsAt: string }>;
    expect(await hoursOf()).toEqual([]);
    expect(await slotsOn('2027-03-08')).toEqual([]);

    await page.getByRole('link', { name: 'Hedda Hours', exact: true }).click();
    await see(h1()).toHaveText('Hedda Hours');
    await see(page.locator('#hours-title')).toHaveText('Weekly working hours');
    // An end before the start: the message next to the field, the row kept as typed, nothing saved.
    await page.getByLabel('Weekday, row 1').selectOption({ label: 'Monday' });
    await page.getByLabel('Start, row 1').fill('12:00');
    await page.getByLabel('End, row 1').fill('8:00');
    await page.getByRole('button', { name: 'Save working hours' }).click();
    await see(page.locator('#hours-end-0-error')).toHaveText('The end must be after the start (12:00).');
    await see(page.locator('.error-summary')).toContainText('Row 1: The end must be after the start (12:00).');
    expect(await page.getByLabel('End, row 1').inputValue()).toBe('08:00');
    expect(await hoursOf()).toEqual([]);
    await expectAccessible(page, 'caseworker page (hours refused)');

    await page.getByLabel('Start, row 1').fill('08:00');
    await page.getByLabel('End, row 1').fill('12:00');
    await page.getByRole('button', { name: 'Save working hours' }).click();
    await see(page.getByRole('status')).toContainText('The working hours are saved.');
    expect(page.url()).toContain(`/staff/admin/caseworkers/${hedda.id}?done=hours`);
    expect(await hoursOf()).toEqual([{ weekday: 1, start: '08:00', end: '12:00', modes: ['in_person'] }]);
    const offered = await slotsOn('2027-03-08');
    expect(offered.length).toBeGreaterThan(0);
    expect(offered[0].startsAt).toBe('2027-03-08T07:00:00.000Z');
    expect(await slotsOn('2027-03-15')).not.toEqual([]);

    // An absence on the Monday after: that day's slots are gone, the week before keeps its own.
    await page.locator('#absence-from-date').fill('2027-03-15');
    await page.locator('#absence-to-date').fill('2027-03-15');
    await page.getByLabel('Note (optional)').fill('Course');
    await page.getByRole('button', { name: 'Add absence' }).click();
    await see(page.getByRole('status')).toContainText('The absence is added.');
    await see(
      page.getByRole('table', { name: 'Absences of Hedda Hours, upcoming first, then the last month' }),
    ).toContainText('Course');
    expect(await slotsOn('2027-03-15')).toEqual([]);
    expect((await slotsOn('2027-03-08')).length).toBe(offered.length);
    await expectAccessible(page, 'caseworker page (hours and absence)');
    await expectNoSideScroll(page, 'caseworker page with hours', TABLET);
    await screenshot(page, 'staff-admin-13-caseworker-hours');

    // A caseworker posting to the admin's hours route, with a valid page token: the 403 page, nothing changed.
    const cw = f.caseworkers[0];
    const { cookie, formToken } = await staffSession(app.ctx, cw.id);
    const action = `/staff/admin/caseworkers/${hedda.id}/working-hours`;
    const refused = await api()
      .post(action)
      .set('Cookie', cookie)
      .type('form')
      .send({
        _csrf: formToken(action),
        rows: '1',
        'hours-weekday-0': '2',
        'hours-start-0': '09:00',
        'hours-end-0': '10:00',
        'hours-mode-in_person-0': 'on',
        action: 'save',
      });
    expect(refused.status).toBe(403);
    expect(refused.text).toMatch(/<h1>(Only for admins|Endast för administratörer)<\/h1>/);
    expect(await hoursOf()).toEqual([{ weekday: 1, start: '08:00', end: '12:00', modes: ['in_person'] }]);
    // Another unit's caseworker: the 404 page for the admin.
    const other = await app.ctx.newUnit({ publicName: 'Elsewhere' });
    const otherPage = await page.goto(`/staff/admin/caseworkers/${other.adminId}`);
    expect(otherPage?.status()).toBe(404);
  });

  it('a caseworker gets the 403 page on every admin route, GET and POST; a session is needed', async () => {
    const cw = f.caseworkers[1];
    const { context: cwContext, page: cwPage } = await newPage(browser, app.baseUrl);
    await signInBrowser(app.ctx, cwContext, app.baseUrl, cw.id);
    const gets = [
      '/staff/admin',
      '/staff/admin/caseworkers',
      `/staff/admin/caseworkers/${cw.id}`,
      `/staff/admin/caseworkers/${cw.id}/deactivate`,
      '/staff/admin/meeting-types',
      '/staff/admin/meeting-types/new',
      `/staff/admin/meeting-types/${f.intakeId}`,
      '/staff/admin/unit',
      '/staff/admin/mail-failures',
      '/staff/admin/audit',
    ];
    for (const path of gets) {
      const res = await cwPage.goto(path);
      expect({ path, status: res?.status() }).toEqual({ path, status: 403 });
      await see(cwPage.getByRole('heading', { level: 1 })).toHaveText('Only for admins');
    }
    await expectAccessible(cwPage, '403 page');
    await screenshot(cwPage, 'staff-admin-12-forbidden');
    await cwContext.close();

    const { cookie } = await staffSession(app.ctx, cw.id);
    const posts = [
      '/staff/admin/caseworkers',
      `/staff/admin/caseworkers/${cw.id}/role`,
      `/staff/admin/caseworkers/${f.caseworkers[0].id}/deactivate`,
      `/staff/admin/caseworkers/${cw.id}/activate`,
      `/staff/admin/caseworkers/${cw.id}/working-hours`,
      `/staff/admin/caseworkers/${cw.id}/absences`,
      `/staff/admin/appointments/${cw.id}/reassign`,
      '/staff/admin/meeting-types/new',
      `/staff/admin/meeting-types/${f.intakeId}`,
      '/staff/admin/unit',
      `/staff/admin/mail-failures/${cw.id}/retry`,
    ];
    for (const path of posts) {
      const res = await api().post(path).set('Cookie', cookie).type('form').send({ role: 'admin', holdMinutes: '60' });
      expect({ path, status: res.status }).toEqual({ path, status: 403 });
    }
    const [row] = await app.ctx.db.query<{ role: string }[]>(`SELECT role FROM caseworkers WHERE id = $1`, [cw.id]);
    expect(row.role).toBe('caseworker');
    // Without a session: the sign-in page.
    const anon = await api().get('/staff/admin/unit').expect(303);
    expect(anon.headers.location).toContain('/staff/sign-in');
  });
});

describe('pages: staff admin, a mail that failed', () => {
  let app: PagesApp;
  let browser: Browser;
  let sink: SmtpSink;
  beforeAll(async () => {
    sink = await new SmtpSink().start();
    sink.rejectRecipients();
    [app, browser] = await Promise.all([
      startPagesApp({ SMTP_URL: sink.url, JOBS_ENABLED: 'true', JOB_RETRY_LIMIT: '0' }),
      launchBrowser(),
    ]);
    app.ctx.clock.set(NOW);
  });
  afterAll(() => stopStaffPages({ app, browser, sink }));

  it('lists it as a table (no address shown) and sends it again', async () => {
    const f = await bookingFixture(app.ctx);
    const client = await newClient(app.ctx, f, f.caseworkers[0].id, 'en');
    const email = await emailOf(app.ctx, client.id);
    const a = await app.ctx
      .http()
      .post(`/api/v1/me/${client.token}/appointments`)
      .send({ meetingTypeId: f.followUpId, startsAt: '2027-03-05T09:00:00+01:00', mode: 'in_person' })
      .expect(201);
    const failures = async () =>
      (await app.ctx.http().get(`/api/v1/units/${f.unit.id}/mail-failures`).set(bearer(f.unit.adminToken)))
        .body as unknown[];
    for (const end = Date.now() + 30_000; (await failures()).length < 1;) {
      if (Date.now() > end) throw new Error('the mail did not fail');
      await new Promise((r) => setTimeout(r, 200));
    }
    const { context, page } = await newPage(browser, app.baseUrl);
    await signInBrowser(app.ctx, context, app.baseUrl, f.unit.adminId);
    await page.goto('/staff/admin/mail-failures');
    const row = page.getByRole('table', { name: 'Undelivered mails' }).getByRole('row').nth(1);
    await see(row).toContainText('confirmed');
    await see(row.locator(`a[href="/staff/appointments/${a.body.id}"]`)).toBeVisible();
    expect(await page.content()).not.toContain(email);
    await expectAccessible(page, 'mail failures with a row');
    await screenshot(page, 'staff-admin-13-mail-failures-row');
    sink.rejectRecipients(false);
    await row.getByRole('button', { name: 'Send again' }).click();
    await see(page.getByRole('status')).toContainText('The mail is queued to be sent again.');
    await sink.waitFor((m: ReceivedMail) => JSON.stringify(m.parsed.to ?? '').includes(email));
    await context.close();
  });
});

describe('API: publicLabels on meeting types', () => {
  // Booted in the spec above's style, but on its own app: the API only.
  let app: PagesApp;
  beforeAll(async () => {
    app = await startPagesApp();
  });
  afterAll(() => app?.ctx.close());

  it('creates, answers, updates and validates publicLabels; blank ones are dropped; documented in OpenAPI', async () => {
    const unit = await app.ctx.newUnit();
    const http = () => app.ctx.http();
    const base = {
      key: 'intake',
      name: 'Intake',
      publicLabel: 'First meeting',
      durationMinutes: 60,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 0,
      slotStepMinutes: 30,
      minNoticeMinutes: 60,
      horizonDays: 60,
      modes: ['in_person'],
      intake: true,
    };
    const created = await http()
      .post(`/api/v1/units/${unit.id}/meeting-types`)
      .set(bearer(unit.adminToken))
      .send({ ...base, publicLabels: { sv: 'Första mötet', de: '  ' } })
      .expect(201);
    expect(created.body.publicLabels).toEqual({ sv: 'Första mötet' });
    const plain = await http()
      .post(`/api/v1/units/${unit.id}/meeting-types`)
      .set(bearer(unit.adminToken))
      .send({ ...base, key: 'plain' })
      .expect(201);
    expect(plain.body.publicLabels).toEqual({});

    const updated = await http()
      .patch(`/api/v1/meeting-types/${created.body.id}`)
      .set(bearer(unit.adminToken))
      .send({ publicLabels: { en: 'Intake meeting', de: 'Erstgespräch' } })
      .expect(200);
    expect(updated.body.publicLabels).toEqual({ en: 'Intake meeting', de: 'Erstgespräch' });
    const listed = await http().get(`/api/v1/units/${unit.id}/meeting-types`).set(bearer(unit.adminToken)).expect(200);
    expect(listed.body[0].publicLabels).toEqual({ en: 'Intake meeting', de: 'Erstgespräch' });

    for (const bad of [{ fi: 'Ensimmäinen' }, { sv: 42 }, { sv: 'x'.repeat(201) }, 'Första']) {
      const res = await http()
        .patch(`/api/v1/meeting-types/${created.body.id}`)
        .set(bearer(unit.adminToken))
        .send({ publicLabels: bad });
      expect({ bad, status: res.status, code: res.body.code }).toEqual({ bad, status: 400, code: 'VALIDATION_FAILED' });
    }

    // The public page's API names the labels too; the German booking page shows the German one.
    const pub = await http().get(`/api/v1/public/units/${unit.slug}`).expect(200);
    expect(pub.body.meetingTypes[0]).toMatchObject({
      publicLabel: 'First meeting',
      publicLabels: { de: 'Erstgespräch' },
    });
    const de = await http().get(`/book/${unit.slug}?lang=de`).expect(200);
    expect(de.text).toContain('Erstgespräch');
    const sv = await http().get(`/book/${unit.slug}?lang=sv`).expect(200);
    expect(sv.text).toContain('First meeting');

    const doc = await http().get('/api/docs-json').expect(200);
    const schemas = doc.body.components.schemas as Record<string, { properties: Record<string, unknown> }>;
    for (const name of ['CreateMeetingTypeDto', 'UpdateMeetingTypeDto', 'MeetingTypeResponse'])
      expect({ name, has: 'publicLabels' in (schemas[name]?.properties ?? {}) }).toEqual({ name, has: true });
    expect(Object.keys(schemas.PublicLabelsDto.properties).sort()).toEqual(['de', 'en', 'sv']);
  });
});
