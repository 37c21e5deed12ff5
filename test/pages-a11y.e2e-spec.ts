import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { bearer } from './support/test-app';
import { BookingFixture, bookingFixture, newClient, person, videoFollowUp } from './support/booking-fixture';
import {
  axeViolations,
  expectAccessible,
  InputElement,
  launchBrowser,
  newPage,
  openMail,
  PagesApp,
  see,
  slotLink,
  startPagesApp,
} from './support/browser';
import { LiveKitDouble, startLiveKitDouble } from './support/livekit-double';
import { mailedLinks as linksOfMail } from './support/mailbox';

// Monday 2027-03-01 07:00 in Stockholm.
const NOW = '2027-03-01T06:00:00.000Z';

/** axe-core on every page a client can reach: no serious or critical violation anywhere. */
describe('pages: accessibility (axe-core)', () => {
  let app: PagesApp;
  let browser: Browser;
  let lk: LiveKitDouble;
  let f: BookingFixture;
  let mailDir: string;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    mailDir = mkdtempSync(join(tmpdir(), 'samtal-a11y-mail-'));
    lk = await startLiveKitDouble({ apiKey: 'devkey', apiSecret: 'secret' });
    [app, browser] = await Promise.all([
      startPagesApp({ MAIL_DIR: mailDir, JOBS_ENABLED: 'true', LIVEKIT_URL: lk.url }),
      launchBrowser(),
    ]);
    f = await bookingFixture(app.ctx);
  });
  beforeEach(async () => {
    app.ctx.clock.set(NOW);
    ({ context, page } = await newPage(browser, app.baseUrl));
  });
  afterEach(() => context.close());
  afterAll(async () => {
    await browser?.close();
    await app?.ctx.close();
    await lk?.close();
    rmSync(mailDir, { recursive: true, force: true });
  });

  /** The paths of the links in a mail (whether or not the mail job has run yet). */
  async function mailedLinks(appointmentId: string, kind: string): Promise<Record<string, string>> {
    const links = await linksOfMail(app.ctx, appointmentId, kind);
    return Object.fromEntries(Object.entries(links).map(([k, v]) => [k, new URL(v).pathname]));
  }

  it('the public booking steps: meeting type, week, details (also with errors), and the result', async () => {
    await page.goto(`/book/${f.unit.slug}`);
    await expectAccessible(page, 'book: meeting type');
    await page.getByRole('link', { name: /First meeting/ }).click();
    await see(page.getByRole('heading', { level: 1 })).toHaveText('Choose a time');
    await expectAccessible(page, 'book: week');
    await slotLink(page, '10:00', 'Thursday 4 March').click();
    await see(page.getByRole('heading', { level: 1 })).toHaveText('Your details');
    await expectAccessible(page, 'book: details');
    await page.getByLabel('Email address').fill('not an address');
    await page.getByRole('button', { name: 'Book the meeting' }).click();
    await see(page.getByRole('alert')).toContainText('There is a problem');
    await expectAccessible(page, 'book: details with errors');
    await page.getByLabel('Your name').fill('Ada Berg');
    await page.getByLabel('Email address').fill(person().email);
    await page.getByRole('button', { name: 'Book the meeting' }).click();
    await see(page.getByRole('heading', { level: 1 })).toHaveText('Check your email to confirm');
    await expectAccessible(page, 'book: held');
  });

  it('the confirmed page and an expired hold', async () => {
    const held = await app.ctx
      .http()
      .post(`/api/v1/public/units/${f.unit.slug}/bookings`)
      .send({
        meetingTypeId: f.intakeId,
        startsAt: '2027-03-02T10:00:00+01:00',
        mode: 'in_person',
        client: { ...person('Britt Ek'), locale: 'en' },
      })
      .expect(201);
    const links = await mailedLinks(held.body.id, 'hold');
    await page.goto(links.confirm);
    await see(page.getByRole('heading', { level: 1 })).toHaveText('Confirm your booking');
    await expectAccessible(page, 'confirm');
    await page.getByRole('button', { name: 'Confirm', exact: true }).click();
    await see(page.getByRole('heading', { level: 1 })).toHaveText('Your meeting is booked');
    await expectAccessible(page, 'confirmed');

    const late = await app.ctx
      .http()
      .post(`/api/v1/public/units/${f.unit.slug}/bookings`)
      .send({
        meetingTypeId: f.intakeId,
        startsAt: '2027-03-02T11:00:00+01:00',
        mode: 'in_person',
        client: { ...person('Cecilia Ek'), locale: 'en' },
      })
      .expect(201);
    app.ctx.clock.set('2027-03-01T07:00:00.000Z');
    const res = await page.goto((await mailedLinks(late.body.id, 'hold')).confirm);
    expect(res?.status()).toBe(410);
    await see(page.getByRole('heading', { level: 1 })).toHaveText('The time was released');
    await expectAccessible(page, 'confirm: hold expired');
  });

  it('the client page and each of its steps', async () => {
    const cw = f.caseworkers[0];
    const c = await newClient(app.ctx, f, cw.id, 'en');
    await app.ctx
      .http()
      .post('/api/v1/appointments')
      .set(bearer(f.unit.adminToken))
      .send({
        caseworkerId: cw.id,
        clientId: c.id,
        meetingTypeId: f.followUpId,
        startsAt: '2027-02-22T09:00:00+01:00',
        mode: 'in_person',
      })
      .expect(201);
    await app.ctx
      .http()
      .post(`/api/v1/me/${c.token}/appointments`)
      .send({ meetingTypeId: f.followUpId, startsAt: '2027-03-03T14:00:00+01:00', mode: 'video' })
      .expect(201);
    await app.ctx
      .http()
      .post(`/api/v1/me/${c.token}/appointments`)
      .send({ meetingTypeId: f.followUpId, startsAt: '2027-03-04T09:00:00+01:00', mode: 'in_person' })
      .expect(201);
    const me = `/me/${c.token}`;

    await page.goto(me);
    await see(page.locator('article.appointment')).toHaveCount(2);
    // Open every <details>, so what is inside them is checked too.
    for (const summary of await page.locator('summary').all()) await summary.click();
    await expectAccessible(page, 'me: overview');
    // An empty note: the error is shown at its field.
    await page.getByRole('button', { name: 'Send the information' }).first().click();
    await see(page.locator('.field-error')).toContainText('Write something before you send.');
    await expectAccessible(page, 'me: note error');

    await page.goto(me);
    const video = page.locator('article.appointment', { hasText: 'Wednesday, 3 March 2027, 14:00–14:45' });
    await video.locator('summary', { hasText: 'Change or cancel' }).click();
    await video.getByRole('link', { name: 'Choose a new time' }).click();
    await see(page.getByRole('heading', { level: 1 })).toContainText('Choose a new time');
    await expectAccessible(page, 'me: reschedule week');
    await slotLink(page, '15:00', 'Wednesday 3 March').click();
    await see(page.getByRole('button', { name: 'Move the meeting to this time' })).toBeVisible();
    await expectAccessible(page, 'me: reschedule confirm');

    await page.goto(me);
    await video.locator('summary', { hasText: 'Change or cancel' }).click();
    await video.getByRole('link', { name: 'Cancel the meeting' }).click();
    await see(page.getByRole('button', { name: 'Yes, cancel the meeting' })).toBeVisible();
    await expectAccessible(page, 'me: cancel confirm');

    await page.goto(`${me}?view=book`);
    await see(page.getByRole('group', { name: 'How do you want to meet?' })).toBeVisible();
    await expectAccessible(page, 'me: book, mode');
    await page.getByRole('radio', { name: 'Video meeting' }).check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await see(page.locator('.week-label')).toContainText('Week 9');
    await expectAccessible(page, 'me: book, week');
    await slotLink(page, '13:00', 'Friday 5 March').click();
    await see(page.getByRole('button', { name: 'Book this time' })).toBeVisible();
    await expectAccessible(page, 'me: book, confirm');

    // After a change, the page comes back with a status message.
    await page.getByRole('button', { name: 'Book this time' }).click();
    await see(page.getByRole('status')).toContainText('The meeting is booked.');
    await expectAccessible(page, 'me: after a change');
  });

  it('the join page before and inside the window', async () => {
    const joinPath = new URL((await videoFollowUp(app.ctx, f, '2027-03-08T13:00:00+01:00', 'en')).joinUrl).pathname;

    await page.goto(joinPath);
    await see(page.getByRole('status')).toContainText('The meeting room opens');
    await expectAccessible(page, 'join: before the window');

    app.ctx.clock.set('2027-03-08T11:50:00.000Z');
    await page.goto(joinPath);
    await expectAccessible(page, 'join: inside the window');
    await page.getByRole('button', { name: 'Start camera and microphone' }).click();
    await see(page.locator('#preview-box')).toBeVisible();
    await expectAccessible(page, 'join: devices started');
    await page.getByRole('button', { name: 'Join the meeting' }).click();
    await see(page.getByRole('alert'), 15_000).toContainText('We could not connect');
    await expectAccessible(page, 'join: connection refused');
  });

  it('the 404 page, the form-expired page, and the dev mailbox', async () => {
    const res = await page.goto('/me/this-is-not-a-valid-token-but-has-the-right-length-x');
    expect(res?.status()).toBe(404);
    await see(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
    await expectAccessible(page, '404');

    await page.goto(`/book/${f.unit.slug}?type=${f.intakeId}&start=2027-03-02T13:00:00.000Z`);
    await page.locator('input[name="_csrf"]').evaluate((i: InputElement) => (i.value = 'forged'));
    await page.getByLabel('Your name').fill('Dan Eriksson');
    await page.getByLabel('Email address').fill(person().email);
    await page.getByRole('button', { name: 'Book the meeting' }).click();
    await see(page.getByRole('heading', { level: 1 })).toHaveText('The form has expired');
    await expectAccessible(page, 'form expired');

    const booked = await app.ctx
      .http()
      .post(`/api/v1/public/units/${f.unit.slug}/bookings`)
      .send({
        meetingTypeId: f.intakeId,
        startsAt: '2027-03-02T14:00:00+01:00',
        mode: 'in_person',
        client: { ...person('Eva Ek'), email: 'eva.ek@example.org' },
      })
      .expect(201);
    expect(booked.body.status).toBe('held');
    await openMail(page, 'eva.ek@example.org', { link: 'confirm' });
    await expectAccessible(page, 'dev mailbox');
  });

  it('the checker itself finds a planted violation (so a clean result means something)', async () => {
    await page.goto(`/book/${f.unit.slug}`);
    await expect(axeViolations(page)).resolves.toEqual([]);
    // A nameless button and an image without alt text, added the way a careless template would.
    await page.evaluate(
      `document.querySelector('main').insertAdjacentHTML('beforeend', '<button type="button"></button><img src="/assets/none.png">')`,
    );
    const found = (await axeViolations(page)).map((v) => v.id).sort();
    expect(found).toEqual(['button-name', 'image-alt']);
    await expect(expectAccessible(page, 'planted')).rejects.toThrow(
      /axe found 2 serious\/critical violation\(s\) on planted/,
    );
  });
});
