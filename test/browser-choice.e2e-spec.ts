import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumExecutable, launchBrowser } from './support/browser';

/** The page specs need no apt-get: which Chromium they take, and that the packaged one really renders. */
describe('the page specs’ browser', () => {
  const missing = join(tmpdir(), 'samtal-no-such-chromium');

  it('without CHROMIUM_PATH and without /usr/bin/chromium, takes the Chromium packaged in @sparticuz/chromium', async () => {
    await expect(chromiumExecutable({}, missing)).resolves.toMatch(/samtal-chromium-143\.[\d.]+\/chromium$/);
  });

  it('takes /usr/bin/chromium when it is there and CHROMIUM_PATH is not set', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'samtal-fake-chromium-'));
    const system = join(dir, 'chromium');
    writeFileSync(system, '');
    try {
      await expect(chromiumExecutable({}, system)).resolves.toBe(system);
      await expect(chromiumExecutable({ CHROMIUM_PATH: '/bin/true' }, system)).resolves.toBe('/bin/true');
      await expect(
        chromiumExecutable({ SAMTAL_BROWSER: 'bundled', CHROMIUM_PATH: '/bin/true' }, system),
      ).resolves.toMatch(/samtal-chromium-143\./);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a CHROMIUM_PATH that does not exist and an unknown SAMTAL_BROWSER', async () => {
    await expect(chromiumExecutable({ CHROMIUM_PATH: missing })).rejects.toThrow(`CHROMIUM_PATH names ${missing}`);
    await expect(chromiumExecutable({ SAMTAL_BROWSER: 'firefox' })).rejects.toThrow('SAMTAL_BROWSER is "firefox"');
  });

  it('SAMTAL_BROWSER=bundled launches the packaged Chromium 143, which renders a page', async () => {
    const browser = await launchBrowser({ SAMTAL_BROWSER: 'bundled' });
    try {
      expect(browser.version()).toMatch(/^143\./);
      const page = await browser.newPage();
      await page.setContent('<main><h1>Välkommen</h1></main>');
      expect(await page.locator('h1').innerText()).toBe('Välkommen');
    } finally {
      await browser.close();
    }
  });
});
