import { html, raw, SafeHtml } from '../../ui/html';
import type { MessageKey } from '../../i18n';
import { SHARED_PAGES } from '../../http/message-pages';
import type { Redirect, ViewsOf } from '../../http/page-response';
import { layout } from '../../ui/layout';
import type { WebContext } from '../../ui/web-context';
import { joinPath } from '../paths';

/** The join page: a waiting screen before the window, the device check and the room inside it. */

export interface JoinView {
  siteName: string;
  /** The unit's own number, for the footer's "Call us at …". */
  unitPhone?: string | null;
  token: string;
  state: 'not_yet' | 'open' | 'closed';
  when: string;
  opens: string;
  /** Milliseconds until the room opens, by the server's clock (the page reloads then). */
  opensInMs: number;
}

/** Strings join.js shows; sent as JSON data (not executed, so CSP allows it) in the page's language. */
export const SCRIPT_MESSAGES: MessageKey[] = [
  'join.connecting',
  'join.waiting',
  'join.connected',
  'join.otherLeft',
  'join.reconnecting',
  'join.failed',
  'join.unavailable',
  'join.closed',
  'join.devicesFailed',
  'join.mute',
  'join.unmute',
  'join.cameraOff',
  'join.cameraOn',
  'join.left',
  'join.other',
];

/** JSON inside <script>: "<" is escaped so that no value can close the element. */
export function jsonData(id: string, data: unknown): SafeHtml {
  return raw(`<script type="application/json" id="${id}">${JSON.stringify(data).replace(/</g, '\\u003c')}</script>`);
}

export function joinPage(ctx: WebContext, v: JoinView): SafeHtml {
  const t = ctx.t;
  const data = {
    state: v.state,
    apiUrl: `/api/v1/join/${v.token}`,
    opensInMs: v.opensInMs,
    messages: Object.fromEntries(SCRIPT_MESSAGES.map((k) => [k.slice('join.'.length), t(k)])),
  };
  const intro = html`<h1>${t('join.title')}</h1>
<p>${t('join.meetingAt', { when: v.when })}</p>`;
  const content =
    v.state === 'closed'
      ? html`<p>${t('join.ended')}</p>`
      : v.state === 'not_yet'
        ? html`<div id="join-status" role="status"><p>${t('join.notYet', { opens: v.opens })}</p></div>
<p><a href="${joinPath(v.token)}">${t('join.reload')}</a></p>`
        : room(ctx);
  return layout(ctx, {
    title: t('join.title'),
    siteName: v.siteName,
    unitPhone: v.unitPhone,
    scripts: v.state === 'open' ? ['/assets/livekit-client.umd.js', '/assets/join.js'] : ['/assets/join.js'],
    body: html`${intro}
${content}
${jsonData('join-data', data)}`,
  });
}

/** The device check and the room (join.js drives it); also the staff host page's. */
export function room(ctx: WebContext): SafeHtml {
  const t = ctx.t;
  return html`<noscript><div class="notice notice-alert"><p>${t('join.noScript')}</p></div></noscript>
<div id="join-status" role="status" class="live live-status"></div>
<div id="join-alert" role="alert" class="live live-alert"></div>
<section id="check" aria-labelledby="check-title">
<h2 id="check-title">${t('join.checkTitle')}</h2>
<p><button id="start-devices" type="button" class="button button-secondary">${t('join.checkButton')}</button></p>
<div class="preview" id="preview-box" hidden>
<video id="preview" muted playsinline autoplay aria-label="${t('join.preview')}"></video>
</div>
<div class="field"><label for="camera">${t('join.camera')}</label><select id="camera" disabled></select></div>
<div class="field"><label for="microphone">${t('join.microphone')}</label><select id="microphone" disabled></select></div>
<p><button id="join" type="button" class="button">${t('join.joinButton')}</button></p>
</section>
<section id="room" aria-labelledby="room-title" hidden>
<h2 id="room-title">${t('join.title')}</h2>
<div class="stage">
<div id="remote" class="remote" role="region" aria-label="${t('join.other')}"></div>
<video id="local" class="local" muted playsinline autoplay aria-label="${t('join.preview')}"></video>
</div>
<div class="controls" role="group" aria-label="${t('join.controls')}">
<button id="mute" type="button" class="button button-secondary">${t('join.mute')}</button>
<button id="camera-toggle" type="button" class="button button-secondary">${t('join.cameraOff')}</button>
<button id="leave" type="button" class="button button-warning">${t('join.leave')}</button>
</div>
</section>
<section id="after" hidden>
<p>${t('join.left')}</p>
<p><button id="rejoin" type="button" class="button">${t('join.rejoin')}</button></p>
</section>`;
}

export const JOIN_PAGES = { ...SHARED_PAGES, join: joinPage };
export type JoinOutcome = ViewsOf<typeof JOIN_PAGES> | Redirect;
