import { Info } from 'luxon';
import { INTL_LOCALES } from '../../i18n';
import { csrfInput, FieldError, postButton, textField } from '../../ui/components';
import { html, SafeHtml } from '../../ui/html';
import type { WebContext } from '../../ui/web-context';
import { AbsenceForm, FieldProblem, HOURS_MODES, hoursFieldId, HoursRow, NOTE_MAX, RowProblem } from './settings-forms';

/**
 * The working-hours table and the absences section, for any one caseworker: My settings shows the
 * signed-in person's own, the admin's caseworker page a colleague's. The caller names the forms'
 * addresses (and, where "you" would be wrong, the sentences); the markup and the fields are the same.
 */

export interface AbsenceItem {
  id: string;
  when: string;
  note: string | null;
  past: boolean;
}

export interface WorkingTimeView {
  /** The unit's time zone, as shown. */
  zone: string;
  hours: { rows: HoursRow[]; problems: RowProblem[] };
  absences: { list: AbsenceItem[]; form: AbsenceForm; problems: FieldProblem[] };
}

export interface WorkingTimeTarget {
  paths: { hours: string; absences: string; removeAbsence: (absenceId: string) => string };
  /** Sentences in place of settings' own ("you"), already translated. */
  copy?: { hoursIntro?: string; absenceIntro?: string; absenceCaption?: string; absenceNone?: string };
}

/** Monday first, in the reader's language. */
export function weekdayNames(ctx: WebContext): string[] {
  return Info.weekdays('long', { locale: INTL_LOCALES[ctx.locale] });
}

/** The error summary's lines for both forms (hours by row, absence by field). */
export function workingTimeSummary(ctx: WebContext, v: WorkingTimeView): FieldError[] {
  const t = ctx.t;
  return [
    ...v.hours.problems.map((p) => ({
      field: p.field === 'modes' ? hoursFieldId('modes', p.row) : hoursFieldId(p.field, p.row),
      message: `${t('settings.hours.row', { n: p.row + 1 })}: ${t(p.key, p.params)}`,
    })),
    ...v.absences.problems.map((p) => ({ field: p.field, message: t(p.key) })),
  ];
}

function fieldError(id: string, message: string | undefined): SafeHtml {
  return message ? html`<p class="field-error" id="${id}-error">${message}</p>` : html``;
}

function invalid(id: string, message: string | undefined, hint?: string): SafeHtml {
  const ids = [hint ? hint : '', message ? `${id}-error` : ''].filter(Boolean).join(' ');
  return html`${ids ? html` aria-describedby="${ids}"` : ''}${message ? html` aria-invalid="true"` : ''}`;
}

export function hoursSection(ctx: WebContext, v: WorkingTimeView, target: WorkingTimeTarget): SafeHtml {
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
<label for="${id}">${t(m === 'video' ? 'settings.hours.video' : m === 'phone' ? 'settings.hours.phone' : 'settings.hours.inPerson')}</label></div>`;
})}
</fieldset></td>
<td><div class="checkbox"><input type="checkbox" id="hours-remove-${i}" name="hours-remove-${i}"${r.remove ? html` checked` : ''}>
<label for="hours-remove-${i}">${t('settings.hours.remove')}<span class="visually-hidden">, ${t('settings.hours.row', { n })}</span></label></div></td>
</tr>`;
  });
  return html`<section aria-labelledby="hours-title" class="settings-section">
<h2 id="hours-title">${t('settings.hours.title')}</h2>
<p>${target.copy?.hoursIntro ?? t('settings.hours.intro')}</p>
<p class="hint" id="hours-time-hint">${t('settings.hours.timeHint')} ${t('common.zone', { zone: v.zone })}</p>
<form method="post" action="${target.paths.hours}" novalidate>
${csrfInput(ctx, target.paths.hours)}
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

export function problemOf(problems: FieldProblem[], ctx: WebContext, field: string): string | undefined {
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

export function absencesSection(ctx: WebContext, v: WorkingTimeView, target: WorkingTimeTarget): SafeHtml {
  const t = ctx.t;
  const f = v.absences.form;
  const list = v.absences.list.length
    ? html`<div class="table-wrap"><table class="settings-table">
<caption>${target.copy?.absenceCaption ?? t('settings.absence.caption')}</caption>
<thead><tr><th scope="col">${t('settings.absence.when')}</th><th scope="col">${t('settings.absence.note')}</th><th scope="col">${t('settings.actions')}</th></tr></thead>
<tbody>
${v.absences.list.map(
  (a) => html`<tr>
<th scope="row">${a.when}${a.past ? html` <span class="tag">${t('settings.absence.past')}</span>` : ''}</th>
<td>${a.note ?? ''}</td>
<td>${postButton(ctx, target.paths.removeAbsence(a.id), t('settings.absence.remove'), { secondary: true })}</td>
</tr>`,
)}
</tbody></table></div>`
    : html`<p class="empty">${target.copy?.absenceNone ?? t('settings.absence.none')}</p>`;
  return html`<section aria-labelledby="absences-title" class="settings-section">
<h2 id="absences-title">${t('settings.absence.title')}</h2>
<p>${target.copy?.absenceIntro ?? t('settings.absence.intro')} ${t('common.zone', { zone: v.zone })}</p>
${list}
<h3>${t('settings.absence.add')}</h3>
<form method="post" action="${target.paths.absences}" novalidate>
${csrfInput(ctx, target.paths.absences)}
${dateTimeField(ctx, { id: 'absence-from', label: t('settings.absence.from'), date: f.fromDate, time: f.fromTime, problems: v.absences.problems })}
${dateTimeField(ctx, { id: 'absence-to', label: t('settings.absence.to'), date: f.toDate, time: f.toTime, problems: v.absences.problems })}
<p class="hint">${t('settings.absence.timeHint')}</p>
${textField({ id: 'absence-note', label: t('settings.absence.noteLabel'), hint: t('settings.absence.noteHint'), value: f.note, maxlength: NOTE_MAX, error: problemOf(v.absences.problems, ctx, 'absence-note') })}
<button type="submit" class="button">${t('settings.absence.addButton')}</button>
</form>
</section>`;
}
