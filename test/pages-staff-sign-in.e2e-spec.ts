import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  expectAccessible,
  launchBrowser,
  newPage,
  openMail,
  PagesApp,
  screenshot,
  see,
  startPagesApp,
} from './support/browser';
import type { TestUnit } from './support/test-app';

/**
 * A caseworker signs in with an email link in a real browser: the sign-in page, the mail in the dev
 * mailbox, the link's page with its button, and the staff page, signed in. axe-core on each page.
 */
describe('pages: staff sign-in by email link in a real browser', () => {
  let app: PagesApp;
  let browser: Browser;
  let mailDir: string;
  let unit: TestUnit;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    mailDir = mkdtempSync(join(tmpdir(), 'samtal-staff-sign-in-mail-'));
    [app, browser] = await Promise.all([
      startPagesApp({ MAIL_DIR: mailDir, JOBS_ENABLED: 'true', JOB_RETRY_DELAY_SECONDS: '1' }),
      launchBrowser(),
    ]);
    unit = await app.ctx.newUnit({ publicName: 'Office of Tests' });
  });
  beforeEach(async () => {
    ({ context, page } = await newPage(browser, app.baseUrl));
  });
  afterEach(() => context.close());
  afterAll(async () => {
    await browser?.close();
    await app?.ctx.close();
    rmSync(mailDir, { recursive: true, force: true });
  });

  async function newStaff(name: string): Promise<string> {
    const cw = await app.ctx.newCaseworker(unit, { name });
    const [{ email }] = await app.ctx.db.query<{ email: string }[]>(`SELECT email FROM caseworkers WHERE id = $1`, [
      cw.id,
    ]);
    return email;
  }

  it('types the email, opens the link from the mail, presses "Sign in", lands on /staff signed in', async () => {
    const email = await newStaff('Cecilia Worker');
    await page.goto('/staff/sign-in');
    await see(page.getByRole('heading', { level: 1 })).toHaveText('Sign in');
    await expectAccessible(page, 'staff sign-in');
    await screenshot(page, 'staff-sign-in-01-page');

    // An address that is not one: a form error tied to the field.
    await page.getByLabel('Your work email address').fill('not an address');
    await page.getByRole('button', { name: 'Send me a sign-in link' }).click();
    await see(page.getByRole('alert')).toContainText('There is a problem');
    await expectAccessible(page, 'staff sign-in with an error');

    await page.getByLabel('Your work email address').fill(email);
    await page.getByRole('button', { name: 'Send me a sign-in link' }).click();
    await see(page.getByRole('heading', { level: 1 })).toHaveText('Check your email');
    await see(page.getByRole('status')).toContainText('If this address belongs to staff, a link is on its way.');
    await expectAccessible(page, 'staff sign-in: link sent');
    await screenshot(page, 'staff-sign-in-02-sent');

    const mail = await openMail(page, email, { link: 'signIn' });
    // The caseworker has no language of their own: the mail is in the unit's (Swedish by default).
    await see(mail).toContainText('Din inloggningslänk till Samtal');
    await mail.getByRole('link', { name: 'signIn', exact: true }).click();
    await page.waitForURL(new RegExp(`^${app.baseUrl}/staff/sign-in/[A-Za-z0-9_-]{43}$`));
    const linkUrl = page.url();
    await see(page.getByRole('heading', { level: 1 })).toHaveText('Sign in to Samtal');
    await expectAccessible(page, 'staff sign-in: the link');
    await screenshot(page, 'staff-sign-in-03-link');
    // Opening the link signs nobody in.
    expect((await context.cookies()).find((c) => c.name === 'samtal_session')).toBeUndefined();

    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(`${app.baseUrl}/staff`);
    await see(page.getByText('Signed in as Cecilia Worker')).toBeVisible();
    await screenshot(page, 'staff-sign-in-04-signed-in');
    const session = (await context.cookies()).find((c) => c.name === 'samtal_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });

    // The link worked once.
    await page.goto(linkUrl);
    await see(page.getByRole('heading', { level: 1 })).toHaveText('This sign-in link does not work');
    await expectAccessible(page, 'staff sign-in: a dead link');
    await screenshot(page, 'staff-sign-in-05-dead-link');
  });

  it('the sign-in page in Swedish, after signing out', async () => {
    await context.close();
    ({ context, page } = await newPage(browser, app.baseUrl, { locale: 'sv-SE' }));
    await page.goto('/staff/sign-in?signed_out=1');
    await see(page.getByRole('status')).toHaveText('Du är utloggad.');
    await see(page.getByRole('button', { name: 'Skicka en inloggningslänk' })).toBeVisible();
    await expectAccessible(page, 'staff sign-in (sv), signed out');
    // The language switcher, like on the client pages.
    await page.getByRole('link', { name: 'Deutsch' }).click();
    await see(page.getByRole('heading', { level: 1 })).toHaveText('Anmelden');
    await see(page.getByRole('status')).toHaveText('Sie sind abgemeldet.');
  });
});
