import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { Browser, BrowserContext, BrowserContextOptions, chromium, Locator, Page } from 'playwright-core';
import type { RateLimits } from '../../src/web/http/rate-limit';
import { createTestContext, TestContext } from './test-app';

/**
 * Real-browser helpers for the page specs: a real Chromium driven by playwright-core (never a browser
 * downloaded at install or run time), the app on a real loopback port, axe-core checks and journey screenshots.
 */

export const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts');
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/**
 * Which Chromium the page specs drive: `CHROMIUM_PATH`, else Debian's at /usr/bin/chromium, else the one
 * that the @sparticuz/chromium devDependency carries inside its npm package, so `npm install && npm test`
 * needs no apt-get. `SAMTAL_BROWSER=bundled` forces the packaged one (CI runs the page specs once that way).
 */
export async function chromiumExecutable(
  env: NodeJS.ProcessEnv = process.env,
  systemChromium = SYSTEM_CHROMIUM,
): Promise<string> {
  const choice = env.SAMTAL_BROWSER ?? 'auto';
  if (choice === 'bundled') return bundledChromium();
  if (choice !== 'auto') throw new Error(`SAMTAL_BROWSER is "${choice}": use "bundled" or leave it unset.`);
  const configured = env.CHROMIUM_PATH;
  if (configured) {
    if (!existsSync(configured)) throw new Error(`CHROMIUM_PATH names ${configured}, which does not exist.`);
    return configured;
  }
  return existsSync(systemChromium) ? systemChromium : bundledChromium();
}

/**
 * The packaged Chromium, unpacked once per version into the temp folder. The package unpacks into
 * os.tmpdir() and trusts any file already there, so it runs in a child whose TMPDIR is a fresh staging
 * folder that is then renamed into place: parallel jest workers and an interrupted unpack never hand
 * out a half-written binary.
 */
async function bundledChromium(): Promise<string> {
  const entry = require.resolve('@sparticuz/chromium');
  const pkg = JSON.parse(readFileSync(join(dirname(entry), '..', '..', 'package.json'), 'utf8')) as { version: string };
  const home = join(tmpdir(), `samtal-chromium-${pkg.version}`);
  const binary = join(home, 'chromium');
  if (existsSync(binary)) return binary;
  const staging = mkdtempSync(`${home}.partial-`);
  try {
    const unpack = 'require(process.argv[1]).executablePath().then((p) => process.stdout.write(p))';
    const { stdout } = await promisify(execFile)(process.execPath, ['-e', unpack, entry], {
      env: { ...process.env, TMPDIR: staging },
    });
    if (stdout !== join(staging, 'chromium'))
      throw new Error(`@sparticuz/chromium unpacked to ${stdout}, not into ${staging}`);
    renameSync(staging, home);
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    // Another worker renamed its copy into place first.
    if (!existsSync(binary)) throw err;
  }
  return binary;
}

export async function launchBrowser(env: NodeJS.ProcessEnv = process.env): Promise<Browser> {
  return chromium.launch({
    executablePath: await chromiumExecutable(env),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
    ],
  });
}

/** A free loopback port, so PUBLIC_URL (the base of every mailed link) can name it before the app boots. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface PagesApp {
  ctx: TestContext;
  /** http://127.0.0.1:<port>: also PUBLIC_URL, so links in mails lead back to this instance. */
  baseUrl: string;
}

/** The real app listening on 127.0.0.1 (a secure context for getUserMedia, like localhost). */
export async function startPagesApp(
  env: Record<string, string> = {},
  opts: { rateLimits?: RateLimits } = {},
): Promise<PagesApp> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const ctx = await createTestContext({ PUBLIC_URL: baseUrl, ...env }, opts);
  await ctx.app.listen(port, '127.0.0.1');
  return { ctx, baseUrl };
}

/** A fresh context (own cookies) with the app as base URL; English unless `locale` says otherwise. */
export async function newPage(
  browser: Browser,
  baseUrl: string,
  opts: BrowserContextOptions = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    locale: 'en-GB',
    viewport: { width: 1024, height: 800 },
    ...opts,
  });
  const page = await context.newPage();
  return { context, page };
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[]; html: string; failureSummary?: string }>;
}

/**
 * axe-core against the page as it is, with its CSP in force: the library is evaluated through the
 * DevTools protocol (not a <script> tag), so the page's `script-src 'self'` needs no bypass.
 * Returns the serious and critical violations; `expectAccessible` fails with them printed.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  const loaded = await page.evaluate('typeof window.axe === "object"');
  if (!loaded) await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate<{ violations: AxeViolation[] }>(
    `axe.run(document, { resultTypes: ['violations'] })`,
  );
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export async function expectAccessible(page: Page, label: string): Promise<void> {
  const serious = await axeViolations(page);
  const report = serious
    .map(
      (v) =>
        `[${v.impact}] ${v.id}: ${v.help}\n${v.nodes.map((n) => `    ${JSON.stringify(n.target)} ${n.html}\n      ${n.failureSummary ?? ''}`).join('\n')}`,
    )
    .join('\n');
  if (serious.length)
    throw new Error(
      `axe found ${serious.length} serious/critical violation(s) on ${label} (${page.url()}):\n${report}`,
    );
}

/** A full-page screenshot in ./test-artifacts/<name>.png (git-ignored). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** The page's layout width: more than the viewport means the reader must scroll sideways. */
export function scrollWidth(page: Page): Promise<number> {
  return page.evaluate<number>('document.documentElement.scrollWidth');
}

/**
 * Fails, with a screenshot `overflow-<label>`, when the page is not exactly as wide as its viewport: wider
 * means the reader must scroll sideways. `atWidth`: narrow the viewport to that width for the check
 * (a tablet, say) and widen it again to 1280 afterwards.
 */
export async function expectNoSideScroll(page: Page, label: string, atWidth?: number): Promise<void> {
  if (atWidth) await page.setViewportSize({ width: atWidth, height: 900 });
  const viewport = page.viewportSize()?.width;
  const width = await scrollWidth(page);
  if (width !== viewport) await screenshot(page, `overflow-${label}`);
  expect({ label, url: page.url(), width }).toEqual({ label, url: page.url(), width: viewport });
  if (atWidth) await page.setViewportSize({ width: 1280, height: 900 });
}

/**
 * Opens the dev mailbox (reloading while the mail job runs in the background) until `count` mails to
 * `email` are listed that carry a link named `link`, and returns the newest of them, for the test to
 * read and click. The mailbox lists newest first.
 */
export async function openMail(
  page: Page,
  email: string,
  opts: { link?: string; subject?: RegExp; count?: number; timeoutMs?: number } = {},
): Promise<Locator> {
  const until = Date.now() + (opts.timeoutMs ?? 20_000);
  for (;;) {
    await page.goto('/dev/mail');
    let items = page.locator('main li').filter({ hasText: email });
    if (opts.link) items = items.filter({ has: page.getByRole('link', { name: opts.link, exact: true }) });
    if (opts.subject) items = items.filter({ hasText: opts.subject });
    if ((await items.count()) >= (opts.count ?? 1)) return items.first();
    if (Date.now() > until)
      throw new Error(
        `no mail to ${email}${opts.link ? ` with a "${opts.link}" link` : ''} in the dev mailbox:\n${await page.locator('main').innerText()}`,
      );
    await page.waitForTimeout(250);
  }
}

const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
const matches = (actual: string, expected: string | RegExp, whole: boolean) =>
  typeof expected === 'string'
    ? whole
      ? norm(actual) === norm(expected)
      : norm(actual).includes(norm(expected))
    : expected.test(norm(actual));

/**
 * Web-first assertions in the manner of @playwright/test (which we do not install): each retries
 * until the page shows what is expected or `timeoutMs` passes, so a check right after a click that
 * navigates reads the new page rather than the old one. Text is compared with whitespace collapsed.
 */
export function see(locator: Locator, timeoutMs = 10_000) {
  const poll = async (what: string, check: () => Promise<{ ok: boolean; actual: unknown }>): Promise<void> => {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const last = await check().catch((err: Error) => ({ ok: false, actual: `error: ${err.message.split('\n')[0]}` }));
      if (last.ok) return;
      if (Date.now() > until)
        throw new Error(
          `expected ${locator.toString()} ${what}\n  actual: ${JSON.stringify(last.actual)}\n  on ${locator.page().url()}`,
        );
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const texts = async () => (await locator.allInnerTexts()).map(norm);
  const single = async () => {
    const n = await locator.count();
    if (n !== 1) throw new Error(`${n} elements match`);
    return locator;
  };
  return {
    /** Exactly one element, whose whole text is `expected`. */
    toHaveText: (expected: string | RegExp) =>
      poll(`to have text ${expected}`, async () => {
        const t = await texts();
        return { ok: t.length === 1 && matches(t[0], expected, true), actual: t };
      }),
    /** At least one element, one of which contains `expected`. */
    toContainText: (expected: string | RegExp) =>
      poll(`to contain text ${expected}`, async () => {
        const t = await texts();
        return { ok: t.some((x) => matches(x, expected, false)), actual: t };
      }),
    /** At least one element, and none contains `expected`. */
    notToContainText: (expected: string | RegExp) =>
      poll(`not to contain text ${expected}`, async () => {
        const t = await texts();
        return { ok: t.length > 0 && !t.some((x) => matches(x, expected, false)), actual: t };
      }),
    toBeVisible: () =>
      poll('to be visible', async () => ({ ok: await (await single()).isVisible(), actual: 'hidden' })),
    toBeDisabled: () =>
      poll('to be disabled', async () => ({ ok: await (await single()).isDisabled(), actual: 'enabled' })),
    toBeEnabled: () =>
      poll('to be enabled', async () => ({ ok: await (await single()).isEnabled(), actual: 'disabled' })),
    toHaveCount: (n: number) =>
      poll(`to match ${n} element(s)`, async () => {
        const c = await locator.count();
        return { ok: c === n, actual: c };
      }),
    toHaveAttribute: (name: string, expected: string | RegExp) =>
      poll(`to have ${name}=${expected}`, async () => {
        const v = await (await single()).getAttribute(name);
        return { ok: v !== null && matches(v, expected, true), actual: v };
      }),
  };
}

/**
 * A time link of a week of slots: "09:00" with the day in visually hidden text. The hidden span is
 * absolutely positioned, so the accessible name may have a space before the comma ("09:00 , Tuesday 2 March").
 */
export function slotLink(page: Page, time: string, day: string): Locator {
  return page.getByRole('link', { name: new RegExp(`^${time}\\s*, ${day}$`) });
}

/** The few DOM shapes the specs touch inside page.evaluate (the test tsconfig has no DOM lib). */
export interface InputElement {
  value: string;
  remove(): void;
}
export interface VideoElement {
  srcObject: { getVideoTracks(): Array<{ readyState: string }> } | null;
}
