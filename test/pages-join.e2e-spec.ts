import type { Browser, ConsoleMessage, Page } from 'playwright-core';
import { TokenVerifier } from 'livekit-server-sdk';
import { bearer } from './support/test-app';
import { BookingFixture, bookingFixture, videoFollowUp } from './support/booking-fixture';
import { launchBrowser, newPage, PagesApp, screenshot, see, startPagesApp, VideoElement } from './support/browser';
import { LiveKitDouble, startLiveKitDouble } from './support/livekit-double';

const KEY = 'devkey';
const SECRET = 'secret';
// Monday 2027-03-01 07:00 in Stockholm.
const NOW = '2027-03-01T06:00:00.000Z';

/**
 * The video page (issue 5) in a real browser with fake camera and microphone. No LiveKit server
 * runs here: the double refuses the signalling connection, but records the token the page offered.
 */
describe('pages: the join page', () => {
  let app: PagesApp;
  let browser: Browser;
  let lk: LiveKitDouble;
  let f: BookingFixture;

  beforeAll(async () => {
    lk = await startLiveKitDouble({ apiKey: KEY, apiSecret: SECRET });
    [app, browser] = await Promise.all([
      startPagesApp({
        LIVEKIT_URL: lk.url,
        LIVEKIT_API_KEY: KEY,
        LIVEKIT_API_SECRET: SECRET,
        LIVEKIT_TIMEOUT_SECONDS: '2',
      }),
      launchBrowser(),
    ]);
    f = await bookingFixture(app.ctx);
  });
  beforeEach(() => app.ctx.clock.set(NOW));
  afterAll(async () => {
    await browser?.close();
    await app?.ctx.close();
    await lk?.close();
  });

  /** A client (in `locale`) who met in person, with a video follow-up; its mailed join path. */
  async function videoMeeting(startsAt: string, locale: string) {
    const m = await videoFollowUp(app.ctx, f, startsAt, locale);
    return { ...m, joinPath: new URL(m.joinUrl).pathname };
  }

  /** Content-Security-Policy reports in the console: the page must work within its policy. */
  function cspErrors(page: Page): string[] {
    const errors: string[] = [];
    page.on('console', (m: ConsoleMessage) => {
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) errors.push(m.text());
    });
    return errors;
  }

  it('before the window: says when the meeting is and when the room opens, in the client’s language, and asks for no token', async () => {
    const m = await videoMeeting('2027-03-02T13:00:00+01:00', 'de');
    const tokensBefore = lk.rtcTokens.length;
    const { context, page } = await newPage(browser, app.baseUrl);
    const joinCalls: string[] = [];
    page.on('request', (r) => r.url().includes('/api/v1/join/') && joinCalls.push(r.url()));
    try {
      const res = await page.goto(m.joinPath);
      expect(res?.status()).toBe(200);
      // The browser asks for English (en-GB), but the client chose German: the client's locale wins.
      await see(page.locator('html')).toHaveAttribute('lang', 'de');
      await see(page.getByRole('heading', { level: 1 })).toHaveText('Videotermin');
      await see(page.locator('main')).toContainText('Ihr Videotermin ist am Dienstag, 2. März 2027 um 13:00 Uhr.');
      await see(page.getByRole('status')).toContainText(
        'Der Besprechungsraum öffnet am Dienstag, 2. März 2027 um 12:45 Uhr.',
      );
      await see(page.getByRole('button', { name: 'Am Termin teilnehmen' })).toHaveCount(0);
      // Only our page script: the LiveKit SDK is not even loaded before the window.
      expect(await page.locator('script[src]').evaluateAll((s) => s.map((e) => e.getAttribute('src')))).toEqual([
        '/assets/join.js',
      ]);
      await screenshot(page, 'join-before-window-de');
      await page.waitForTimeout(300);
      expect(joinCalls).toEqual([]);
      expect(lk.rtcTokens.length).toBe(tokensBefore);
    } finally {
      await context.close();
    }
  });

  it('reloads itself when the room opens, then shows the device check', async () => {
    const m = await videoMeeting('2027-03-03T13:00:00+01:00', 'en');
    // One second before the window (12:45 Stockholm = 11:45Z): the page plans a reload in a second.
    app.ctx.clock.set('2027-03-03T11:44:59.000Z');
    const { context, page } = await newPage(browser, app.baseUrl);
    try {
      await page.goto(m.joinPath);
      await see(page.getByRole('status')).toContainText('The meeting room opens Wednesday, 3 March 2027 at 12:45.');
      app.ctx.clock.set('2027-03-03T11:45:00.000Z');
      await see(page.getByRole('button', { name: 'Join the meeting' }), 10_000).toBeVisible();
      await see(page.getByRole('heading', { name: 'Check your camera and microphone' })).toBeVisible();
    } finally {
      await context.close();
    }
  });

  it('inside the window: asks for the fake devices, then connects to the configured LiveKit URL with a token for this room', async () => {
    const m = await videoMeeting('2027-03-04T13:00:00+01:00', 'sv');
    app.ctx.clock.set('2027-03-04T11:50:00.000Z');
    const { context, page } = await newPage(browser, app.baseUrl);
    const csp = cspErrors(page);
    try {
      const res = await page.goto(m.joinPath);
      expect(res?.status()).toBe(200);
      const policy = res!.headers()['content-security-policy'];
      expect(policy).toContain(`connect-src 'self' ${lk.url} ${lk.url.replace('ws:', 'http:')}`);
      expect(policy).toContain("script-src 'self';");
      await see(page.locator('html')).toHaveAttribute('lang', 'sv');
      await see(page.locator('main')).toContainText('Ditt videomöte är torsdag 4 mars 2027 kl. 13:00.');

      // The device check: the browser's (fake) camera and microphone fill the pickers.
      await see(page.getByLabel('Kamera', { exact: true })).toBeDisabled();
      await page.getByRole('button', { name: 'Starta kamera och mikrofon' }).click();
      await see(page.locator('#preview-box')).toBeVisible();
      await see(page.getByLabel('Kamera', { exact: true })).toBeEnabled();
      await see(page.getByLabel('Mikrofon', { exact: true })).toBeEnabled();
      expect(await page.getByLabel('Kamera', { exact: true }).locator('option').count()).toBeGreaterThan(0);
      expect(
        await page.locator('#preview').evaluate((v: VideoElement) => v.srcObject?.getVideoTracks().length ?? 0),
      ).toBe(1);
      await see(page.getByRole('alert')).toHaveText('');
      await screenshot(page, 'join-inside-window-devices-sv');

      const tokensBefore = lk.rtcTokens.length;
      await page.getByRole('button', { name: 'Gå med i mötet' }).click();
      const until = Date.now() + 15_000;
      while (lk.rtcTokens.length === tokensBefore && Date.now() < until) await page.waitForTimeout(100);
      const offered = lk.rtcTokens.slice(tokensBefore);
      expect(offered.length).toBeGreaterThan(0);
      const claims = await new TokenVerifier(KEY, SECRET).verify(offered[0]);
      expect(claims.video).toMatchObject({ roomJoin: true, room: m.roomName, canPublish: true, canSubscribe: true });
      expect(claims.video?.roomAdmin).toBeFalsy();
      expect(claims.sub).toBe(`client-${m.id}`);
      expect(lk.rooms.has(m.roomName)).toBe(true);

      // The double refuses the media connection: the page says so, in Swedish, and will retry.
      await see(page.getByRole('alert'), 15_000).toHaveText(
        'Vi kunde inte ansluta. Vi försöker igen om några sekunder.',
      );
      await see(page.getByRole('button', { name: 'Gå med i mötet' })).toBeEnabled();
      // No "Connecting…" left beside the failure, and the camera check still shows the camera.
      await see(page.locator('#join-status')).toHaveText('');
      expect(
        await page.locator('#preview').evaluate((v: VideoElement) => v.srcObject?.getVideoTracks()[0]?.readyState),
      ).toBe('live');
      await screenshot(page, 'join-inside-window-refused-sv');
      expect(csp).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a page left open past the window: Join says the room is closed, whatever the browser’s clock says', async () => {
    const m = await videoMeeting('2027-03-05T15:00:00+01:00', 'en');
    app.ctx.clock.set('2027-03-05T14:00:00.000Z');
    const { context, page } = await newPage(browser, app.baseUrl);
    try {
      await page.goto(m.joinPath);
      await see(page.getByRole('button', { name: 'Join the meeting' })).toBeEnabled();
      // The meeting ended at 15:45; the room closed at 16:15 (15:15Z). The browser's own clock is in another year.
      app.ctx.clock.set('2027-03-05T15:15:00.000Z');
      const tokensBefore = lk.rtcTokens.length;
      await page.getByRole('button', { name: 'Join the meeting' }).click();
      await see(page.getByRole('alert')).toHaveText('The meeting room is closed.');
      await see(page.locator('#join-status')).toHaveText('');
      expect(lk.rtcTokens.length).toBe(tokensBefore);
    } finally {
      await context.close();
    }
  });

  it('after the window: says the meeting has ended; a cancelled meeting’s link is the plain 404 page', async () => {
    const m = await videoMeeting('2027-03-05T13:00:00+01:00', 'en');
    const cancelled = await videoMeeting('2027-03-05T14:00:00+01:00', 'en');
    await app.ctx
      .http()
      .post(`/api/v1/appointments/${cancelled.id}/cancel`)
      .set(bearer(f.unit.adminToken))
      .send({})
      .expect(200);
    app.ctx.clock.set('2027-03-05T13:15:00.000Z');
    const { context, page } = await newPage(browser, app.baseUrl);
    try {
      await page.goto(m.joinPath);
      await see(page.locator('main')).toContainText('This meeting has ended.');
      await see(page.getByRole('button', { name: 'Join the meeting' })).toHaveCount(0);
      const res = await page.goto(cancelled.joinPath);
      expect(res?.status()).toBe(404);
      await see(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
    } finally {
      await context.close();
    }
  });
});
