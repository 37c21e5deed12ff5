import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Public } from '../../auth/staff-principal';
import { DomainError, ErrorCode } from '../../common/errors';

/**
 * Our stylesheet and scripts, from our own origin (CSP: 'self' only). tsc does not copy .css/.js
 * into dist/, so the source folder is the fallback when running the build.
 */
const ASSET_DIR = [
  join(__dirname, '..', 'assets'),
  join(__dirname, '..', '..', '..', '..', 'src', 'web', 'assets'),
].find((d) => existsSync(join(d, 'samtal.css')));

interface Asset {
  type: string;
  body: Buffer;
}

/** What the controller serves: each asset with its ETag, worked out once, for If-None-Match. */
function load(): Map<string, Asset & { etag: string }> {
  const tag = (body: Buffer) => `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  return new Map([...read()].map(([name, a]) => [name, { ...a, etag: tag(a.body) }]));
}

function read(): Map<string, Asset> {
  if (!ASSET_DIR) throw new Error('src/web/assets not found');
  const assets = new Map<string, Asset>();
  assets.set('samtal.css', { type: 'text/css; charset=utf-8', body: readFileSync(join(ASSET_DIR, 'samtal.css')) });
  assets.set('join.js', { type: 'text/javascript; charset=utf-8', body: readFileSync(join(ASSET_DIR, 'join.js')) });
  assets.set('copy-field.js', {
    type: 'text/javascript; charset=utf-8',
    body: readFileSync(join(ASSET_DIR, 'copy-field.js')),
  });
  // The LiveKit browser SDK from our own node_modules: no CDN, so no third party learns who joins when.
  // (The package's exports hide dist/ paths; its main entry lives in dist/ next to the UMD build.)
  assets.set('livekit-client.umd.js', {
    type: 'text/javascript; charset=utf-8',
    body: readFileSync(join(dirname(require.resolve('livekit-client')), 'livekit-client.umd.js')),
  });
  // The staff calendar: FullCalendar's bundle from node_modules, its CSS as a real stylesheet, our script.
  const fullcalendar = readFileSync(join(dirname(require.resolve('fullcalendar')), 'index.global.min.js'), 'utf8');
  assets.set('fullcalendar.js', {
    type: 'text/javascript; charset=utf-8',
    body: Buffer.from(withoutStyleElement(fullcalendar)),
  });
  assets.set('fullcalendar.css', { type: 'text/css; charset=utf-8', body: Buffer.from(fullCalendarCss()) });
  // The site icon: one SVG, linked from every page and also answered at /favicon.ico (see below).
  assets.set('favicon.svg', { type: 'image/svg+xml', body: readFileSync(join(ASSET_DIR, 'favicon.svg')) });
  assets.set('staff-calendar.js', {
    type: 'text/javascript; charset=utf-8',
    body: readFileSync(join(ASSET_DIR, 'staff-calendar.js')),
  });
  return assets;
}

/**
 * FullCalendar 6 adds an empty <style data-fullcalendar> to the page when it loads and fills it through
 * CSSOM; style-src 'self' refuses the element (a CSP violation), its `sheet` is then null and the bundle
 * throws. Served with that one function (registerStylesRoot) returning at once: no <style> element, the
 * CSS comes from /assets/fullcalendar.css instead. Checked at startup, so an upgrade that moves it fails loudly.
 */
export function withoutStyleElement(bundle: string): string {
  const registerStylesRoot =
    /(function [\w$]+\(([\w$]+)\)\{)(?=let ([\w$]+)=[\w$]+\.get\(\2\);if\(!\3\|\|!\3\.isConnected\)\{if\(\3=\2\.querySelector\("style\[data-fullcalendar\]"\))/g;
  const found = bundle.match(registerStylesRoot)?.length ?? 0;
  if (found !== 1) throw new Error(`FullCalendar: expected one style-root function in the bundle, found ${found}`);
  return bundle.replace(registerStylesRoot, '$1return;');
}

/**
 * FullCalendar 6 carries its CSS as string literals handed to `injectStyles(...)`, which adds them to
 * a <style> element from JS: style-src 'self' blocks that. The same strings, read from the readable
 * bundle at startup, become /assets/fullcalendar.css, so the CSP stays as it is.
 */
export function fullCalendarCss(): string {
  const source = readFileSync(join(dirname(require.resolve('fullcalendar')), 'index.global.js'), 'utf8');
  const parts: string[] = [];
  for (const m of source.matchAll(/var (css_248z(?:\$\d+)?) = ("(?:[^"\\]|\\.)*");\s*injectStyles\(\1\);/g)) {
    parts.push(JSON.parse(m[2]) as string);
  }
  if (parts.length === 0) throw new Error('FullCalendar: no injectStyles(...) CSS found in index.global.js');
  // Its icon font is a data: URL, which font-src (default-src 'none') refuses; the calendar shows no icons.
  return parts.join('\n').replace(/@font-face\{[^}]*\}/g, '');
}

@ApiExcludeController()
@Public()
@Controller()
export class AssetsController {
  private readonly assets = load();

  @Get('assets/:name')
  // eslint-disable-next-line no-restricted-syntax -- assets are files with their own type and caching, not pages
  serve(@Param('name') name: string, @Res() res: Response): void {
    const asset = this.assets.get(name);
    if (!asset) throw new DomainError(ErrorCode.NOT_FOUND, 'Not found');
    res.setHeader('Content-Type', asset.type);
    res.setHeader('Cache-Control', 'public, max-age=3600');
    // An SVG opened on its own is a document: it may load and run nothing.
    if (asset.type === 'image/svg+xml') res.setHeader('Content-Security-Policy', "default-src 'none'");
    // After the hour a browser asks again with If-None-Match; res.send answers 304 when it matches.
    res.setHeader('ETag', asset.etag);
    res.send(asset.body);
  }

  /**
   * Browsers ask for /favicon.ico on their own (pages without a <link rel="icon">, the API docs,
   * bookmarks): the same SVG, which they take by its type whatever the name, instead of a 404 each time.
   */
  @Get('favicon.ico')
  // eslint-disable-next-line no-restricted-syntax -- an asset, see serve
  favicon(@Res() res: Response): void {
    this.serve('favicon.svg', res);
  }
}
