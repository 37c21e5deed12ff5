import { Info } from 'luxon';
import { INTL_LOCALES, LANGUAGE_NAMES, WEB_LOCALES } from '../../i18n';
import { SHARED_PAGES } from '../../http/message-pages';
import type { Redirect, ViewsOf } from '../../http/page-response';
import { csrfInput, errorSummary, FieldError, notice, postButton, radioGroup, textField } from '../../ui/components';
import { html, SafeHtml } from '../../ui/html';
import type { WebContext } from '../../ui/web-context';
import { StaffShell, staffLayout } from '../ui/staff-layout';
import { settingsPaths } from './settings-paths';
import {
  AbsenceForm,
  FieldProblem,
  HOURS_MODES,
  hoursFieldId,
  HoursRow,
  NOTE_MAX,
  RowProblem,
  TokenForm,
} from './settings-forms';

export const COPY_SCRIPT = '/assets/copy-field.js';

export interface AbsenceItem {
  id: string;
  when: string;
  note: string | null;
  past: boolean;
}

export interface TokenItem {
  id: string;
  label: string;
  created: string;
  lastUsed: string | null;
  expires: string | null;
  status: 'active' | 'revoked' | 'expired';
}

export interface SettingsView {
  shell: StaffShell;
  zone: string;
  done: string | null;
  hours: { rows: HoursRow[]; problems: RowProblem[] };
  absences: { list: AbsenceItem[]; form: AbsenceForm; problems: FieldProblem[] };
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

/** Monday first, in the reader's language. */
export function weekdayNames(ctx: WebContext): string[] {
  return Info.weekdays('long', { locale: INTL_LOCALES[ctx.locale] });
}

function fieldError(id: string, message: string | undefined): SafeHtml {
  return message ? html`<p class="field-error" id="${id}-error">${message}</p>` : html``;
}

function invalid(id: string, message: string | undefined, hint?: string): SafeHtml {
  const ids = [hint ? hint : '', message ? `${id}-error` : ''].filter(Boolean).join(' ');
  return html`${ids ? html` aria-describedby="${ids}"` : ''}${message ? html` aria-invalid="true"` : ''}`;
}

function hoursSection(ctx: WebContext, v: SettingsView): SafeHtml {
  const t = ctx.t;
  const days = weekdayNames(ctx);
  const problem = (row: number, field: RowProblem['field']) => {
    const p = v.hours.problems.find((x) => x.row === row && x.field === field);
    return p ? t(p.key, p.params) : undefined;
  };
  const rows = v.hours.rows.map((r, i) => {
    const n = i + 1;
    const wd = hoursFieldId('weekday', i);
    const st = hoursFieldId('start', i);
    const en = hoursFieldId('end', i);
    const md = hoursFieldId('modes', i);
    const mdError = problem(i, 'modes');
    return html`<tr>
<td><label class="visually-hidden" for="${wd}">${t('settings.hours.weekdayOfRow', { n })}</label>
${fieldError(wd, problem(i, 'weekday'))}
<select id="${wd}" name="${wd}"${invalid(wd, problem(i, 'weekday'))}>
${days.map((d, k) => html`<option value="${String(k + 1)}"${r.weekday === String(k + 1) ? html` selected` : ''}>${d}</option>`)}
</select></td>
<td><label class="visually-hidden" for="${st}">${t('settings.hours.startOfRow', { n })}</label>
${fieldError(st, problem(i, 'start'))}
<input type="text" id="${st}" name="${st}" class="input-time" value="${r.start}" inputmode="numeric" autocomplete="off" maxlength="5"${invalid(st, problem(i, 'start'), 'hours-time-hint')}></td>
<td><label class="visually-hidden" for="${en}">${t('settings.hours.endOfRow', { n })}</label>
${fieldError(en, problem(i, 'end'))}
<input type="text" id="${en}" name="${en}" class="input-time" value="${r.end}" inputmode="numeric" autocomplete="off" maxlength="5"${invalid(en, problem(i, 'end'), 'hours-time-hint')}></td>
<td><fieldset class="hours-modes"${mdError ? html` aria-describedby="${md}-error"` : ''}>
<legend class="visually-hidden">${t('settings.hours.modesOfRow', { n })}</legend>
${fieldError(md, mdError)}
${HOURS_MODES.map((m, k) => {
  const id = k === 0 ? md : `hours-mode-${m}-${i}`;
  return html`<div class="checkbox"><input type="checkbox" id="${id}" name="hours-mode-${m}-${i}"${r.modes.includes(m) ? html` checked` : ''}${mdError ? html` aria-invalid="true"` : ''}>
<label for="${id}">${t(m === 'video' ? 'settings.hours.video' : 'settings.hours.inPerson')}</label></div>`;
})}
</fieldset></td>
<td><div class="checkbox"><input type="checkbox" id="hours-remove-${i}" name="hours-remove-${i}"${r.remove ? html` checked` : ''}>
<label for="hours-remove-${i}">${t('settings.hours.remove')}<span class="visually-hidden">, ${t('settings.hours.row', { n })}</span></label></div></td>
</tr>`;
  });
  return html`<section aria-labelledby="hours-title" class="settings-section">
<h2 id="hours-title">${t('settings.hours.title')}</h2>
<p>${t('settings.hours.intro')}</p>
<p class="hint" id="hours-time-hint">${t('settings.hours.timeHint')} ${t('common.zone', { zone: v.zone })}</p>
<form method="post" action="${settingsPaths.hours}" novalidate>
${csrfInput(ctx, settingsPaths.hours)}
<input type="hidden" name="rows" value="${String(v.hours.rows.length)}">
<div class="table-wrap">
<table class="settings-table hours-table">
<caption>${t('settings.hours.caption')}</caption>
<thead><tr>
<th scope="col">${t('settings.hours.weekday')}</th>
<th scope="col">${t('settings.hours.start')}</th>
<th scope="col">${t('settings.hours.end')}</th>
<th scope="col">${t('settings.hours.modes')}</th>
<th scope="col">${t('settings.hours.removeColumn')}</th>
</tr></thead>
<tbody>
${rows}
</tbody>
</table>
</div>
<p class="hint">${t('settings.hours.blankHint')}</p>
<div class="form-actions">
<button type="submit" class="button" name="action" value="save">${t('settings.hours.save')}</button>
<button type="submit" class="button button-secondary" name="action" value="add">${t('settings.hours.addRow')}</button>
</div>
</form>
</section>`;
}

function problemOf(problems: FieldProblem[], ctx: WebContext, field: string): string | undefined {
  const p = problems.find((x) => x.field === field);
  return p ? ctx.t(p.key) : undefined;
}

function dateTimeField(
  ctx: WebContext,
  p: { id: string; label: string; date: string; time: string; problems: FieldProblem[] },
): SafeHtml {
  const t = ctx.t;
  const dateId = `${p.id}-date`;
  const timeId = `${p.id}-time`;
  const dateError = problemOf(p.problems, ctx, dateId);
  const timeError = problemOf(p.problems, ctx, timeId);
  return html`<fieldset class="field datetime${dateError || timeError ? ' has-error' : ''}">
<legend>${p.label}</legend>
<div class="datetime-parts">
<div><label for="${dateId}">${t('settings.absence.date')}</label>
${fieldError(dateId, dateError)}
<input type="date" id="${dateId}" name="${dateId}" value="${p.date}"${invalid(dateId, dateError)}></div>
<div><label for="${timeId}">${t('settings.absence.time')}</label>
${fieldError(timeId, timeError)}
<input type="time" id="${timeId}" name="${timeId}" value="${p.time}"${invalid(timeId, timeError)}></div>
</div>
</fieldset>`;
}

function absencesSection(ctx: WebContext, v: SettingsView): SafeHtml {
  const t = ctx.t;
  const f = v.absences.form;
  const list = v.absences.list.length
    ? html`<div class="table-wrap"><table class="settings-table">
<caption>${t('settings.absence.caption')}</caption>
<thead><tr><th scope="col">${t('settings.absence.when')}</th><th scope="col">${t('settings.absence.note')}</th><th scope="col">${t('settings.actions')}</th></tr></thead>
<tbody>
${v.absences.list.map(
  (a) => html`<tr>
<th scope="row">${a.when}${a.past ? html` <span class="tag">${t('settings.absence.past')}</span>` : ''}</th>
<td>${a.note ?? ''}</td>
<td>${postButton(ctx, settingsPaths.removeAbsence(a.id), t('settings.absence.remove'), { secondary: true })}</td>
</tr>`,
)}
</tbody></table></div>`
    : html`<p class="empty">${t('settings.absence.none')}</p>`;
  return html`<section aria-labelledby="absences-title" class="settings-section">
<h2 id="absences-title">${t('settings.absence.title')}</h2>
<p>${t('settings.absence.intro')} ${t('common.zone', { zone: v.zone })}</p>
${list}
<h3>${t('settings.absence.add')}</h3>
<form method="post" action="${settingsPaths.absences}" novalidate>
${csrfInput(ctx, settingsPaths.absences)}
${dateTimeField(ctx, { id: 'absence-from', label: t('settings.absence.from'), date: f.fromDate, time: f.fromTime, problems: v.absences.problems })}
${dateTimeField(ctx, { id: 'absence-to', label: t('settings.absence.to'), date: f.toDate, time: f.toTime, problems: v.absences.problems })}
<p class="hint">${t('settings.absence.timeHint')}</p>
${textField({ id: 'absence-note', label: t('settings.absence.noteLabel'), hint: t('settings.absence.noteHint'), value: f.note, maxlength: NOTE_MAX, error: problemOf(v.absences.problems, ctx, 'absence-note') })}
<button type="submit" class="button">${t('settings.absence.addButton')}</button>
</form>
</section>`;
}

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
  options: WEB_LOCALES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l], checked: (v.locale ?? ctx.locale) === l })),
})}
<button type="submit" class="button">${t('settings.language.save')}</button>
</form>
</section>`;
}

export function settingsPage(ctx: WebContext, v: SettingsView): SafeHtml {
  const t = ctx.t;
  const summary: FieldError[] = [
    ...v.hours.problems.map((p) => ({
      field: p.field === 'modes' ? hoursFieldId('modes', p.row) : hoursFieldId(p.field, p.row),
      message: `${t('settings.hours.row', { n: p.row + 1 })}: ${t(p.key, p.params)}`,
    })),
    ...[...v.absences.problems, ...v.tokens.problems].map((p) => ({ field: p.field, message: t(p.key) })),
  ];
  const body = html`<h1>${t('settings.title')}</h1>
${errorSummary(ctx, summary)}
${notice('alert', v.alert)}
${notice('status', doneMessage(ctx, v.done))}
<nav aria-label="${t('settings.sections')}" class="settings-toc"><ul>
<li><a href="#hours-title">${t('settings.hours.title')}</a></li>
<li><a href="#absences-title">${t('settings.absence.title')}</a></li>
<li><a href="#feed-title">${t('settings.feed.title')}</a></li>
<li><a href="#tokens-title">${t('settings.tokens.title')}</a></li>
<li><a href="#language-title">${t('settings.language.title')}</a></li>
</ul></nav>
${hoursSection(ctx, v)}
${absencesSection(ctx, v)}
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
  tokenCreated: tokenCreatedPage,
};
export type SettingsOutcome = ViewsOf<typeof SETTINGS_PAGES> | Redirect;
