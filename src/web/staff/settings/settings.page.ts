import { LANGUAGE_NAMES, LOCALES } from '../../i18n';
import { SHARED_PAGES } from '../../http/message-pages';
import type { Redirect, ViewsOf } from '../../http/page-response';
import { csrfInput, errorSummary, FieldError, notice, postButton, radioGroup, textField } from '../../ui/components';
import { html, SafeHtml } from '../../ui/html';
import type { WebContext } from '../../ui/web-context';
import { StaffShell, staffLayout } from '../ui/staff-layout';
import { settingsPaths } from './settings-paths';
import { FieldProblem, TokenForm } from './settings-forms';
import type { ExternalCalendarItem } from './external-calendars.page';
import {
  disconnectBody,
  ExternalCalendarsTarget,
  externalCalendarsSection,
  externalCalendarsSummary,
  ExternalCalendarsView,
} from './external-calendars.page';
import {
  absencesSection,
  hoursSection,
  problemOf,
  WorkingTimeTarget,
  WorkingTimeView,
  workingTimeSummary,
} from './working-time.page';

export { weekdayNames } from './working-time.page';
export type { AbsenceItem } from './working-time.page';

export const COPY_SCRIPT = '/assets/copy-field.js';

export interface TokenItem {
  id: string;
  label: string;
  created: string;
  lastUsed: string | null;
  expires: string | null;
  status: 'active' | 'revoked' | 'expired';
}

export interface SettingsView extends WorkingTimeView, ExternalCalendarsView {
  shell: StaffShell;
  done: string | null;
  feedUrl: string;
  tokens: { list: TokenItem[]; form: TokenForm; problems: FieldProblem[] };
  locale: string | null;
  /** A refusal of the use case that belongs to no one field. */
  alert: string | null;
}

const DONE = {
  hours: 'settings.done.hours',
  'absence-added': 'settings.done.absenceAdded',
  'absence-removed': 'settings.done.absenceRemoved',
  'feed-rotated': 'settings.done.feedRotated',
  'token-revoked': 'settings.done.tokenRevoked',
  language: 'settings.done.language',
} as const;

export function doneMessage(ctx: WebContext, done: string | null): string | null {
  return done && done in DONE ? ctx.t(DONE[done as keyof typeof DONE]) : null;
}

/** My settings' forms post to /staff/settings/…: always the signed-in person's own calendar. */
const MINE: WorkingTimeTarget = {
  paths: { hours: settingsPaths.hours, absences: settingsPaths.absences, removeAbsence: settingsPaths.removeAbsence },
};

/** My settings' external-calendar forms: the signed-in person's own connections. */
const MY_CALENDARS: ExternalCalendarsTarget = {
  paths: {
    ics: settingsPaths.externalIcs,
    caldav: settingsPaths.externalCaldav,
    calendars: settingsPaths.externalCalendars,
    sync: settingsPaths.externalSync,
    disconnect: settingsPaths.externalDisconnect,
  },
};

/** A readonly input anyone can select; copy-field.js adds the Copy button's behaviour. */
export function copyableField(
  ctx: WebContext,
  p: { id: string; label: string; value: string; hint?: string },
): SafeHtml {
  return html`<div class="field copy-field">
<label for="${p.id}">${p.label}</label>
${p.hint ? html`<p class="hint" id="${p.id}-hint">${p.hint}</p>` : ''}
<div class="copy-row">
<input id="${p.id}" type="text" readonly value="${p.value}" spellcheck="false"${p.hint ? html` aria-describedby="${p.id}-hint"` : ''}>
<button type="button" class="button button-secondary" data-copy="${p.id}" data-copied="${ctx.t('settings.copied')}" hidden>${ctx.t('settings.copy')}</button>
</div>
<p class="copy-status" role="status" data-copy-status="${p.id}"></p>
</div>`;
}

function feedSection(ctx: WebContext, v: SettingsView): SafeHtml {
  const t = ctx.t;
  return html`<section aria-labelledby="feed-title" class="settings-section">
<h2 id="feed-title">${t('settings.feed.title')}</h2>
<p>${t('settings.feed.intro')}</p>
${copyableField(ctx, { id: 'feed-url', label: t('settings.feed.label'), value: v.feedUrl, hint: t('settings.feed.secret') })}
<p><a href="${settingsPaths.rotateFeed}">${t('settings.feed.rotate')}</a></p>
</section>`;
}

function tokensSection(ctx: WebContext, v: SettingsView): SafeHtml {
  const t = ctx.t;
  const status = (s: TokenItem['status']) =>
    t(
      s === 'active'
        ? 'settings.tokens.active'
        : s === 'revoked'
          ? 'settings.tokens.revoked'
          : 'settings.tokens.expired',
    );
  const list = v.tokens.list.length
    ? html`<div class="table-wrap"><table class="settings-table">
<caption>${t('settings.tokens.caption')}</caption>
<thead><tr>
<th scope="col">${t('settings.tokens.label')}</th>
<th scope="col">${t('settings.tokens.created')}</th>
<th scope="col">${t('settings.tokens.lastUsed')}</th>
<th scope="col">${t('settings.tokens.expires')}</th>
<th scope="col">${t('settings.tokens.status')}</th>
<th scope="col">${t('settings.actions')}</th>
</tr></thead>
<tbody>
${v.tokens.list.map(
  (k) => html`<tr>
<th scope="row">${k.label}</th>
<td>${k.created}</td>
<td>${k.lastUsed ?? t('settings.tokens.never')}</td>
<td>${k.expires ?? t('settings.tokens.noExpiry')}</td>
<td>${status(k.status)}</td>
<td>${k.status === 'active' ? postButton(ctx, settingsPaths.revokeToken(k.id), t('settings.tokens.revoke'), { warning: true }) : ''}</td>
</tr>`,
)}
</tbody></table></div>`
    : html`<p class="empty">${t('settings.tokens.none')}</p>`;
  const p = v.tokens.problems;
  return html`<section aria-labelledby="tokens-title" class="settings-section">
<h2 id="tokens-title">${t('settings.tokens.title')}</h2>
<p>${t('settings.tokens.intro')}</p>
${list}
<h3>${t('settings.tokens.create')}</h3>
<form method="post" action="${settingsPaths.tokens}" novalidate>
${csrfInput(ctx, settingsPaths.tokens)}
${textField({ id: 'token-label', label: t('settings.tokens.labelField'), hint: t('settings.tokens.labelHint'), value: v.tokens.form.label, maxlength: 100, error: problemOf(p, ctx, 'token-label') })}
${textField({ id: 'token-days', label: t('settings.tokens.daysField'), hint: t('settings.tokens.daysHint'), value: v.tokens.form.days, maxlength: 4, error: problemOf(p, ctx, 'token-days') })}
<button type="submit" class="button">${t('settings.tokens.createButton')}</button>
</form>
</section>`;
}

function languageSection(ctx: WebContext, v: SettingsView): SafeHtml {
  const t = ctx.t;
  return html`<section aria-labelledby="language-title" class="settings-section">
<h2 id="language-title">${t('settings.language.title')}</h2>
<form method="post" action="${settingsPaths.language}">
${csrfInput(ctx, settingsPaths.language)}
${radioGroup({
  name: 'locale',
  legend: t('settings.language.legend'),
  options: LOCALES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l], checked: (v.locale ?? ctx.locale) === l })),
})}
<button type="submit" class="button">${t('settings.language.save')}</button>
</form>
</section>`;
}

export function settingsPage(ctx: WebContext, v: SettingsView): SafeHtml {
  const t = ctx.t;
  const summary: FieldError[] = [
    ...workingTimeSummary(ctx, v),
    ...externalCalendarsSummary(ctx, v),
    ...v.tokens.problems.map((p) => ({ field: p.field, message: t(p.key) })),
  ];
  const body = html`<h1>${t('settings.title')}</h1>
${errorSummary(ctx, summary)}
${notice('alert', v.alert)}
${notice('status', doneMessage(ctx, v.done))}
<nav aria-label="${t('settings.sections')}" class="settings-toc"><ul>
<li><a href="#hours-title">${t('settings.hours.title')}</a></li>
<li><a href="#absences-title">${t('settings.absence.title')}</a></li>
<li><a href="#ext-title">${t('settings.ext.title')}</a></li>
<li><a href="#feed-title">${t('settings.feed.title')}</a></li>
<li><a href="#tokens-title">${t('settings.tokens.title')}</a></li>
<li><a href="#language-title">${t('settings.language.title')}</a></li>
</ul></nav>
${hoursSection(ctx, v, MINE)}
${absencesSection(ctx, v, MINE)}
${externalCalendarsSection(ctx, v, MY_CALENDARS)}
${feedSection(ctx, v)}
${tokensSection(ctx, v)}
${languageSection(ctx, v)}`;
  return staffLayout(ctx, v.shell, {
    title: summary.length ? t('settings.titleWithErrors') : t('settings.title'),
    section: 'settings',
    body,
    scripts: [COPY_SCRIPT],
  });
}

export function rotateFeedPage(ctx: WebContext, v: { shell: StaffShell }): SafeHtml {
  const t = ctx.t;
  const body = html`<h1>${t('settings.feed.rotateTitle')}</h1>
<div class="notice notice-warning"><p>${t('settings.feed.rotateWarning')}</p></div>
<div class="form-actions">
${postButton(ctx, settingsPaths.rotateFeed, t('settings.feed.rotateButton'), { warning: true })}
<a class="button button-secondary" href="${settingsPaths.home}#feed-title">${t('settings.cancel')}</a>
</div>`;
  return staffLayout(ctx, v.shell, { title: t('settings.feed.rotateTitle'), section: 'settings', body });
}

export function disconnectCalendarPage(
  ctx: WebContext,
  v: { shell: StaffShell; connection: ExternalCalendarItem },
): SafeHtml {
  const body = disconnectBody(ctx, v.connection, {
    action: settingsPaths.externalDisconnect(v.connection.id),
    cancel: `${settingsPaths.home}#ext-${v.connection.id}`,
  });
  return staffLayout(ctx, v.shell, { title: ctx.t('settings.ext.disconnectTitle'), section: 'settings', body });
}

export interface TokenCreatedView {
  shell: StaffShell;
  /** The plain token, on the first view only; null afterwards. */
  token: string | null;
  label: string;
  expires: string | null;
}

export function tokenCreatedPage(ctx: WebContext, v: TokenCreatedView): SafeHtml {
  const t = ctx.t;
  const body = v.token
    ? html`<h1>${t('settings.tokens.createdTitle')}</h1>
<div class="notice notice-warning" role="alert"><p>${t('settings.tokens.onceWarning')}</p></div>
${copyableField(ctx, { id: 'new-token', label: t('settings.tokens.yourToken', { label: v.label }), value: v.token })}
${v.expires ? html`<p>${t('settings.tokens.expiresOn', { date: v.expires })}</p>` : ''}
<p>${t('settings.tokens.howToUse')}</p>
<p><a href="${settingsPaths.home}#tokens-title">${t('settings.back')}</a></p>`
    : html`<h1>${t('settings.tokens.goneTitle')}</h1>
<p>${t('settings.tokens.gone')}</p>
<p><a href="${settingsPaths.home}#tokens-title">${t('settings.back')}</a></p>`;
  return staffLayout(ctx, v.shell, {
    title: v.token ? t('settings.tokens.createdTitle') : t('settings.tokens.goneTitle'),
    section: 'settings',
    body,
    scripts: v.token ? [COPY_SCRIPT] : [],
  });
}

export const SETTINGS_PAGES = {
  ...SHARED_PAGES,
  settings: settingsPage,
  rotateFeed: rotateFeedPage,
  disconnectCalendar: disconnectCalendarPage,
  tokenCreated: tokenCreatedPage,
};
export type SettingsOutcome = ViewsOf<typeof SETTINGS_PAGES> | Redirect;
