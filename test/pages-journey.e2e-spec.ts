import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { BookingFixture, bookingFixture } from './support/booking-fixture';
import {
  launchBrowser,
  newPage,
  openMail,
  PagesApp,
  screenshot,
  see,
  slotLink,
  startPagesApp,
} from './support/browser';

// Monday 2027-03-01 07:00 in Stockholm. The unit works Mon–Fri 08–12 (in person) and 13–16 (both).
const NOW = '2027-03-01T06:00:00.000Z';

/**
 * One client, one browser, the whole way: book the first meeting on the public page, confirm it
 * from the mail in the dev mailbox, manage it on the personal page, and once it has taken place
 * switch a follow-up to video and cancel it. Each step leaves a screenshot in ./test-artifacts/.
 */
describe('pages: the whole client journey in a real browser', () => {
  let app: PagesApp;
  let browser: Browser;
  let page: Page;
  let f: BookingFixture;
  let mailDir: string;
  const email = `sara-${Date.now()}@example.org`;
  let step = 0;
  const shot = (name: string) => screenshot(page, `journey-${String(++step).padStart(2, '0')}-${name}`);

  const appointments = () =>
    app.ctx.db.query<Array<{ id: string; status: string; mode: string; starts_at: Date; sequence: number }>>(
      `SELECT a.id, a.status, a.mode, a.starts_at, a.sequence FROM appointments a JOIN clients c ON c.id = a.client_id WHERE c.email = $1 ORDER BY a.created_at`,
      [email],
    );

  beforeAll(async () => {
    mailDir = mkdtempSync(join(tmpdir(), 'samtal-journey-mail-'));
    [app, browser] = await Promise.all([
      startPagesApp({ MAIL_DIR: mailDir, JOBS_ENABLED: 'true', JOB_RETRY_DELAY_SECONDS: '1' }),
      launchBrowser(),
    ]);
    app.ctx.clock.set(NOW);
    f = await bookingFixture(app.ctx);
    ({ page } = await newPage(browser, app.baseUrl));
  });
  afterAll(async () => {
    await browser?.close();
    await app?.ctx.close();
    rmSync(mailDir, { recursive: true, force: true });
  });

  it('books, confirms from the mail, reschedules, switches a follow-up to video after the first meeting, and cancels', async () => {
    // 1. The public booking page: meeting type → week → time → details.
    await page.goto(`/book/${f.unit.slug}`);
    await see(page.getByRole('heading', { level: 1 })).toHaveText('Book a meeting');
    await shot('book-type');
    await page.getByRole('link', { name: /First meeting/ }).click();
    await see(page.getByRole('heading', { level: 1 })).toHaveText('Choose a time');
    await see(page.getByText('Times are shown in')).toContainText('Europe/Stockholm');
    await shot('book-week');
    await slotLink(page, '09:00', 'Tuesday 2 March').click();
    await see(page.getByRole('heading', { level: 1 })).toHaveText('Your details');
    await see(page.locator('.summary')).toContainText('Tuesday, 2 March 2027, 09:00–10:00');
    // Video is shown but cannot be chosen for a first meeting, with the reason beside it.
    await see(page.getByRole('radio', { name: 'Video meeting' })).toBeDisabled();
    await page.getByLabel('Your name').fill('Sara Lind');
    await page.getByLabel('Email address').fill(email);
    await shot('book-details');
    await page.getByRole('button', { name: 'Book the meeting' }).click();
    await see(page.getByRole('heading', { level: 1 })).toHaveText('Check your email to confirm');
    await see(page.getByRole('status')).toContainText(email);
    await shot('book-held');
    let rows = await appointments();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'held', mode: 'in_person' });
    expect(rows[0].starts_at.toISOString()).toBe('2027-03-02T08:00:00.000Z');

    // 2. The hold mail in the dev mailbox; its confirm link leads to this instance.
    const holdMail = await openMail(page, email, { link: 'confirm' });
    await see(holdMail).toContainText('please confirm');
    await shot('mailbox-hold');
    await holdMail.getByRole('link', { name: 'confirm', exact: true }).click();
    // Opening the link only shows the held booking (a link scanner opens it too); the button confirms.
    await page.waitForURL(new RegExp(`^${app.baseUrl}/confirm/[A-Za-z0-9_-]{43}$`));
    const confirmUrl = page.url();
    await see(page.getByRole('heading', { level: 1 })).toHaveText('Confirm your booking');
    await see(page.locator('.summary')).toContainText('Tuesday, 2 March 2027, 09:00–10:00');
    await shot('confirm');
    expect((await appointments())[0].status).toBe('held');
    await page.getByRole('button', { name: 'Confirm', exact: true }).click();
    // Pressing it confirms the booking and says so.
    await page.waitForURL(new RegExp(`^${app.baseUrl}/confirm/[A-Za-z0-9_-]{43}\\?done=confirmed$`));
    await see(page.getByRole('heading', { level: 1 })).toHaveText('Your meeting is booked');
    await see(page.getByRole('status')).toContainText('Thank you');
    await see(page.locator('.summary')).toContainText('Tuesday, 2 March 2027, 09:00–10:00');
    await shot('confirmed');
    expect((await appointments())[0].status).toBe('confirmed');
    // Opening it again shows the same booking, still confirmed, without saying "just now".
    await page.goto(confirmUrl);
    await see(page.getByRole('heading', { level: 1 })).toHaveText('Your meeting is booked');
    await see(page.getByRole('status')).toHaveCount(0);

    // 3. The confirmation mail carries the personal page ("manage") link.
    const confirmation = await openMail(page, email, { link: 'manage', subject: /confirmed/ });
    await see(confirmation).toContainText('invite REQUEST');
    await shot('mailbox-confirmed');
    await confirmation.getByRole('link', { name: 'manage', exact: true }).click();
    await page.waitForURL(new RegExp(`^${app.baseUrl}/me/[A-Za-z0-9_-]{43}$`));
    const meUrl = page.url();
    await see(page.getByRole('heading', { level: 1 })).toHaveText('Your meetings');
    await see(page.getByText('Hello Sara Lind.')).toBeVisible();
    const first = page.locator('article.appointment', { hasText: 'Tuesday, 2 March 2027, 09:00–10:00' });
    await see(first).toContainText('In person at our office');
    await see(first).toContainText('Storgatan 1');
    await shot('me');

    // 4. Reschedule: choose a new time in the week, then confirm the move.
    await first.locator('summary', { hasText: 'Change or cancel' }).click();
    await first.getByRole('link', { name: 'Choose a new time' }).click();
    await see(page.getByRole('heading', { level: 1 })).toContainText(
      'Choose a new time for your meeting on Tuesday, 2 March 2027',
    );
    await shot('reschedule-week');
    await slotLink(page, '10:00', 'Wednesday 3 March').click();
    await see(page.locator('.summary')).toContainText('Booked now Tuesday, 2 March 2027, 09:00–10:00');
    await see(page.locator('.summary')).toContainText('New time Wednesday, 3 March 2027, 10:00–11:00');
    await shot('reschedule-confirm');
    await page.getByRole('button', { name: 'Move the meeting to this time' }).click();
    await see(page.getByRole('status')).toHaveText('The meeting has a new time. We have sent you an email.');
    await see(page.locator('article.appointment', { hasText: 'Wednesday, 3 March 2027, 10:00–11:00' })).toBeVisible();
    await shot('rescheduled');
    rows = await appointments();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'confirmed', sequence: 1 });
    expect(rows[0].starts_at.toISOString()).toBe('2027-03-03T09:00:00.000Z');

    // 5. A follow-up before the first meeting has taken place: in person only, and the page says why.
    await page.getByRole('link', { name: 'Book a new meeting' }).click();
    await see(page.getByRole('radio', { name: 'Video meeting' })).toBeDisabled();
    await see(page.getByText('Video is possible after your first meeting in person.')).toBeVisible();
    await shot('book-follow-up-mode');
    await page.getByRole('button', { name: 'Continue' }).click();
    await slotLink(page, '14:00', 'Friday 5 March').click();
    await see(page.locator('.summary')).toContainText('Friday, 5 March 2027, 14:00–14:45');
    await page.getByRole('button', { name: 'Book this time' }).click();
    await see(page.getByRole('status')).toHaveText('The meeting is booked. We have sent you an email.');
    const followUp = page.locator('article.appointment', { hasText: 'Friday, 5 March 2027, 14:00–14:45' });
    await followUp.locator('summary', { hasText: 'Change or cancel' }).click();
    await see(followUp.getByRole('button', { name: 'Change to a video meeting' })).toHaveCount(0);
    await see(followUp).toContainText('Video is possible after your first meeting in person.');
    await shot('follow-up-in-person');
    rows = await appointments();
    expect(rows.map((r) => [r.status, r.mode])).toEqual([
      ['confirmed', 'in_person'],
      ['confirmed', 'in_person'],
    ]);

    // 6. The first meeting has taken place (Wednesday 10–11): now the follow-up may become video.
    app.ctx.clock.set('2027-03-03T11:30:00+01:00');
    await page.goto(meUrl);
    await see(page.locator('.past li', { hasText: 'Wednesday, 3 March 2027, 10:00–11:00' })).toContainText('Past');
    await followUp.locator('summary', { hasText: 'Change or cancel' }).click();
    await shot('follow-up-video-allowed');
    await followUp.getByRole('button', { name: 'Change to a video meeting' }).click();
    await see(page.getByRole('status')).toHaveText('The meeting is changed. We have sent you an email.');
    await see(followUp).toContainText('Video meeting');
    await see(followUp).notToContainText('Storgatan 1');
    await shot('follow-up-video');
    rows = await appointments();
    expect(rows[1]).toMatchObject({ status: 'confirmed', mode: 'video' });

    // The join page before its window says when the room opens (15 minutes before the start).
    await followUp.getByRole('link', { name: 'Open the video meeting' }).click();
    await see(page.getByRole('heading', { level: 1 })).toHaveText('Video meeting');
    await see(page.getByText('Your video meeting is on Friday, 5 March 2027 at 14:00.')).toBeVisible();
    await see(page.getByRole('status')).toContainText('The meeting room opens Friday, 5 March 2027 at 13:45.');
    await shot('join-not-yet');

    // 7. Cancel the video follow-up.
    await page.goto(meUrl);
    await followUp.locator('summary', { hasText: 'Change or cancel' }).click();
    await followUp.getByRole('link', { name: 'Cancel the meeting' }).click();
    await see(page.getByText('Do you want to cancel the meeting on Friday, 5 March 2027, 14:00–14:45?')).toBeVisible();
    await shot('cancel-confirm');
    await page.getByRole('button', { name: 'Yes, cancel the meeting' }).click();
    await see(page.getByRole('status')).toHaveText('The meeting is cancelled. We have sent you an email.');
    await see(page.locator('article.appointment')).toHaveCount(0);
    await see(page.getByText('You have no upcoming meetings.')).toBeVisible();
    await see(page.locator('.past li', { hasText: 'Friday, 5 March 2027, 14:00–14:45' })).toContainText('Cancelled');
    await shot('cancelled');
    rows = await appointments();
    expect(rows[1]).toMatchObject({ status: 'cancelled', mode: 'video' });

    // The cancellation reaches the mailbox with a CANCEL invite; the old join link is now a 404 page.
    const cancelMail = await openMail(page, email, { subject: /cancelled/ });
    await see(cancelMail).toContainText('invite CANCEL');
    await shot('mailbox-cancelled');
    const videoMail = await openMail(page, email, { link: 'join' });
    const joinHref = await videoMail.getByRole('link', { name: 'join', exact: true }).getAttribute('href');
    const res = await page.goto(joinHref!);
    expect(res?.status()).toBe(404);
    await see(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
  });
});
