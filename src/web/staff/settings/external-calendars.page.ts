import type { MessageKey } from '../../i18n';
import { csrfInput, FieldError, notice, postButton, summaryList } from '../../ui/components';
import { html, SafeHtml } from '../../ui/html';
import type { WebContext } from '../../ui/web-context';
import { PASSWORD_MAX, URL_MAX, USERNAME_MAX } from './external-calendars-forms';
import type { FieldProblem } from './settings-forms';

/**
 * "Busy times from your own calendar": the connections of one caseworker (My settings: the signed-in
 * person's; the admin's caseworker page: a colleague's) and the two forms that add one. The link and
 * the password are never in the page: a connection shows its masked address only, and a failed form
 * comes back with the password empty.
 */

export interface ExternalCalendarsView {
  external: {
    list: ExternalCalendarItem[];
    /** What a failed form keeps: the address and the user name as typed (never the password). */
    ics: { url: string };
    caldav: { url: string; username: string };
    problems: FieldProblem[];
    /** EXTERNAL_CALENDAR_STALE_HOURS, for the stale warning's words. */
    staleHours: number;
    /** The `?done=` of the last action here, shown at the top of the section. */
    done: string | null;
  };
}

export interface ExternalCalendarsTarget {
  paths: {
    ics: string;
    caldav: string;
    calendars: (id: string) => string;
    sync: (id: string) => string;
    disconnect: (id: string) => string;
  };
  /** Sentences in place of settings' own ("you"), already translated. */
  copy?: { title?: string; intro?: string; privacy?: string; none?: string };
}

/** One connection as the page shows it: never the link or the password, only the masked address. */
export interface ExternalCalendarItem {
  id: string;
  kind: 'ics' | 'caldav';
  /** The address with its path masked ("https://outlook.office365.com/…"). */
  url: string;
  /** The last successful sync, in the page's zone and language; null before the first. */
  lastSynced: string | null;
  busyCount: number;
  lastError: string | null;
  stale: boolean;
  /** CalDAV: the calendars the account has, and which count as busy; null for an ICS link. */
  calendars: Array<{ href: string; name: string; busy: boolean }> | null;
}

export const EMPTY_EXTERNAL_FORMS = { ics: { url: '' }, caldav: { url: '', username: '' } };

const EXT_DONE: Record<string, MessageKey> = {
  'ext-connected': 'settings.ext.done.connected',
  'ext-caldav-connected': 'settings.ext.done.caldavConnected',
  'ext-connected-failed': 'settings.ext.done.connectedFailed',
  'ext-synced': 'settings.ext.done.synced',
  'ext-sync-failed': 'settings.ext.done.syncFailed',
  'ext-calendars': 'settings.ext.done.calendars',
  'ext-disconnected': 'settings.ext.done.disconnected',
};

/** The error summary's lines of the two connect forms. */
export function externalCalendarsSummary(ctx: WebContext, v: ExternalCalendarsView): FieldError[] {
  return v.external.problems.map((p) => ({ field: p.field, message: ctx.t(p.key) }));
}

function problemAt(ctx: WebContext, problems: FieldProblem[], field: string): string | undefined {
  const p = problems.find((x) => x.field === field);
  return p ? ctx.t(p.key) : undefined;
}

/** textField's markup for the types it does not offer (url, password). */
function inputField(f: {
  id: string;
  label: string;
  type: 'url' | 'text' | 'password';
  value: string;
  autocomplete: string;
  maxlength: number;
  hint?: string;
  error?: string;
}): SafeHtml {
  const described = [f.hint ? `${f.id}-hint` : '', f.error ? `${f.id}-error` : ''].filter(Boolean).join(' ');
  return html`<div class="field${f.error ? ' has-error' : ''}">
<label for="${f.id}">${f.label}</label>
${f.hint ? html`<p class="hint" id="${f.id}-hint">${f.hint}</p>` : ''}
${f.error ? html`<p class="field-error" id="${f.id}-error">${f.error}</p>` : ''}
<input id="${f.id}" name="${f.id}" type="${f.type}" value="${f.value}" autocomplete="${f.autocomplete}" maxlength="${f.maxlength}" spellcheck="false" autocapitalize="none"${described ? html` aria-describedby="${described}"` : ''}${f.error ? html` aria-invalid="true"` : ''}>
</div>`;
}

function kindLabel(ctx: WebContext, kind: ExternalCalendarItem['kind']): string {
  return ctx.t(kind === 'caldav' ? 'settings.ext.kind.caldav' : 'settings.ext.kind.ics');
}

function connectionBlock(
  ctx: WebContext,
  v: ExternalCalendarsView,
  target: ExternalCalendarsTarget,
  c: ExternalCalendarItem,
): SafeHtml {
  const t = ctx.t;
  const id = `ext-${c.id}`;
  const name = html`<span class="visually-hidden">: ${kindLabel(ctx, c.kind)}, ${c.url}</span>`;
  const warnings = html`${
    c.lastError
      ? html`<div class="notice notice-warning ext-cal-error"><p><strong>${t('settings.ext.warning')}</strong> ${t('settings.ext.lastError', { error: c.lastError })}</p>
<p>${c.busyCount ? t('settings.ext.keptBusy') : t('settings.ext.nothingKept')}</p></div>`
      : ''
  }${
    c.stale
      ? html`<div class="notice notice-warning ext-cal-stale"><p><strong>${t('settings.ext.warning')}</strong> ${t('settings.ext.stale', { hours: v.external.staleHours })}</p></div>`
      : ''
  }`;
  const calendars =
    c.calendars === null
      ? ''
      : c.calendars.length
        ? html`<form method="post" action="${target.paths.calendars(c.id)}" novalidate>
${csrfInput(ctx, target.paths.calendars(c.id))}
<fieldset class="field ext-cal-choice">
<legend>${t('settings.ext.calendarsLegend')}</legend>
<p class="hint">${t('settings.ext.calendarsHint')}</p>
${c.calendars.map(
  (
    k,
    i,
  ) => html`<div class="checkbox"><input type="checkbox" id="${id}-cal-${i}" name="calendar-${i}" value="${k.href}"${k.busy ? html` checked` : ''}>
<label for="${id}-cal-${i}">${k.name}</label></div>`,
)}
</fieldset>
<button type="submit" class="button button-secondary">${t('settings.ext.saveCalendars')}${name}</button>
</form>`
        : html`<p class="empty">${t('settings.ext.noCalendars')}</p>`;
  // The heading already names the kind and the (masked) address.
  const rows: Array<[string, string]> = [
    [t('settings.ext.lastSynced'), c.lastSynced ?? t('settings.ext.neverSynced')],
    [t('settings.ext.busyCount'), String(c.busyCount)],
  ];
  return html`<section class="ext-cal" id="${id}" aria-labelledby="${id}-title">
<h3 id="${id}-title">${kindLabel(ctx, c.kind)}: <span class="ext-cal-url">${c.url}</span></h3>
${warnings}
${summaryList(rows)}
${calendars}
<div class="form-actions">
<form method="post" action="${target.paths.sync(c.id)}" class="inline-form">
${csrfInput(ctx, target.paths.sync(c.id))}
<button type="submit" class="button button-secondary">${t('settings.ext.syncNow')}${name}</button>
</form>
<a class="button button-warning" href="${target.paths.disconnect(c.id)}">${t('settings.ext.disconnect')}${name}</a>
</div>
</section>`;
}

export function externalCalendarsSection(
  ctx: WebContext,
  v: ExternalCalendarsView,
  target: ExternalCalendarsTarget,
): SafeHtml {
  const t = ctx.t;
  const e = v.external;
  const done = e.done && e.done in EXT_DONE ? t(EXT_DONE[e.done]) : null;
  const list = e.list.length
    ? e.list.map((c) => connectionBlock(ctx, v, target, c))
    : html`<p class="empty">${target.copy?.none ?? t('settings.ext.none')}</p>`;
  return html`<section aria-labelledby="ext-title" class="settings-section ext-cals">
<h2 id="ext-title">${target.copy?.title ?? t('settings.ext.title')}</h2>
${notice('status', done)}
<p>${target.copy?.intro ?? t('settings.ext.intro')}</p>
<p class="hint">${target.copy?.privacy ?? t('settings.ext.privacy')}</p>
${list}
<h3 id="ext-ics-title">${t('settings.ext.ics.title')}</h3>
<p>${t('settings.ext.ics.intro')}</p>
<ul class="ext-where">
<li>${t('settings.ext.ics.outlook')}</li>
<li>${t('settings.ext.ics.google')}</li>
<li>${t('settings.ext.ics.nextcloud')}</li>
</ul>
<form method="post" action="${target.paths.ics}" novalidate>
${csrfInput(ctx, target.paths.ics)}
${inputField({ id: 'ics-url', label: t('settings.ext.ics.url'), type: 'url', value: e.ics.url, autocomplete: 'off', maxlength: URL_MAX, hint: t('settings.ext.ics.urlHint'), error: problemAt(ctx, e.problems, 'ics-url') })}
<button type="submit" class="button">${t('settings.ext.ics.connect')}</button>
</form>
<h3 id="ext-caldav-title">${t('settings.ext.caldav.title')}</h3>
<p>${t('settings.ext.caldav.intro')}</p>
<form method="post" action="${target.paths.caldav}" novalidate>
${csrfInput(ctx, target.paths.caldav)}
${inputField({ id: 'caldav-url', label: t('settings.ext.caldav.url'), type: 'url', value: e.caldav.url, autocomplete: 'off', maxlength: URL_MAX, hint: t('settings.ext.caldav.urlHint'), error: problemAt(ctx, e.problems, 'caldav-url') })}
${inputField({ id: 'caldav-username', label: t('settings.ext.caldav.username'), type: 'text', value: e.caldav.username, autocomplete: 'off', maxlength: USERNAME_MAX, error: problemAt(ctx, e.problems, 'caldav-username') })}
${inputField({ id: 'caldav-password', label: t('settings.ext.caldav.password'), type: 'password', value: '', autocomplete: 'new-password', maxlength: PASSWORD_MAX, hint: t('settings.ext.caldav.passwordHint'), error: problemAt(ctx, e.problems, 'caldav-password') })}
<button type="submit" class="button">${t('settings.ext.caldav.connect')}</button>
</form>
</section>`;
}

/** The confirm step of a disconnect (nothing changes until its button is pressed). */
export function disconnectBody(
  ctx: WebContext,
  c: ExternalCalendarItem,
  p: { action: string; cancel: string; intro?: string },
): SafeHtml {
  const t = ctx.t;
  return html`<h1>${t('settings.ext.disconnectTitle')}</h1>
<p>${p.intro ?? t('settings.ext.disconnectIntro')}</p>
${summaryList([
  [t('settings.ext.kind'), kindLabel(ctx, c.kind)],
  [t('settings.ext.address'), c.url],
  [t('settings.ext.busyCount'), String(c.busyCount)],
])}
<div class="notice notice-warning"><p>${t('settings.ext.disconnectWarning')}</p></div>
<div class="form-actions">
${postButton(ctx, p.action, t('settings.ext.disconnectButton'), { warning: true })}
<a class="button button-secondary" href="${p.cancel}">${t('settings.cancel')}</a>
</div>`;
}
