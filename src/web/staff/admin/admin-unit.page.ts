import type { Mode } from '../../../common/mode';
import type { MessageKey } from '../../i18n';
import { LANGUAGE_NAMES, LOCALES } from '../../i18n';
import {
  csrfInput,
  errorSummary,
  FieldError,
  notice,
  postButton,
  selectField,
  summaryList,
  textField,
} from '../../ui/components';
import { html, SafeHtml, url } from '../../ui/html';
import type { WebContext } from '../../ui/web-context';
import type { MeetingTypeEntity } from '../../../units/meeting-type.entity';
import { UNIT_LIMITS } from '../../../units/unit-limits';
import type { MailFailure } from '../../../notifications/mail-failures.service';
import { staffPaths } from '../paths';
import { errorOf, list, str, type FormValues } from './admin-form';
import { frame, type Base } from './admin-frame';
import { adminPaths } from './admin-paths';

/** The unit's own admin pages: meeting types, the unit's settings, failed mails, the audit log. */

export interface AuditRow {
  id: string;
  when: string;
  actor: string;
  action: string;
  appointmentId: string | null;
  clientId: string | null;
  caseworkerId: string | null;
  caseworkerName: string | null;
}

// ---- meeting types ---------------------------------------------------------------------------------

function modesText(ctx: WebContext, modes: string[]): string {
  return modes.map((m) => ctx.t(`admin.mode.${m as Mode}`)).join(', ');
}

export function meetingTypesPage(
  ctx: WebContext,
  v: Base & { types: MeetingTypeEntity[]; done: string | null },
): SafeHtml {
  const t = ctx.t;
  const yes = (b: boolean) => t(b ? 'admin.yes' : 'admin.no');
  const rows = v.types.map(
    (ty) => html`<tr>
<th scope="row"><a href="${adminPaths.meetingType(ty.id)}">${ty.name}</a></th>
<td><code>${ty.key}</code></td>
<td>${ty.publicLabel}${LOCALES.filter((l) => ty.publicLabels?.[l]).map(
      (l) => html`<br><span lang="${l}">${LANGUAGE_NAMES[l]}: ${ty.publicLabels[l]}</span>`,
    )}</td>
<td>${t('admin.minutes', { minutes: ty.durationMinutes })}</td>
<td>${modesText(ctx, ty.modes)}</td>
<td>${yes(ty.intake)}</td>
<td>${yes(ty.active)}</td>
</tr>`,
  );
  const body = html`${notice('status', v.done)}
<p><a class="button" href="${adminPaths.newMeetingType}">${t('admin.mt.add')}</a></p>
<div class="table-wrap"><table class="admin-table">
<caption>${t('admin.mt.caption')}</caption>
<thead><tr><th scope="col">${t('admin.mt.name')}</th><th scope="col">${t('admin.mt.key')}</th><th scope="col">${t('admin.mt.publicLabel')}</th><th scope="col">${t('admin.mt.duration')}</th><th scope="col">${t('admin.mt.modes')}</th><th scope="col">${t('admin.mt.intake')}</th><th scope="col">${t('admin.mt.active')}</th></tr></thead>
<tbody>${rows}</tbody>
</table></div>`;
  return frame(ctx, v.shell, t('admin.mt.title'), body);
}

function checkbox(id: string, label: string, checked: boolean, hint?: string): SafeHtml {
  return html`<div class="field checkbox">
<input type="checkbox" id="${id}" name="${id}" value="on"${checked ? html` checked` : ''}${hint ? html` aria-describedby="${id}-hint"` : ''}>
<label for="${id}">${label}</label>
${hint ? html`<p class="hint" id="${id}-hint">${hint}</p>` : ''}
</div>`;
}

export function meetingTypePage(
  ctx: WebContext,
  v: Base & { id: string | null; values: FormValues; errors: FieldError[] },
): SafeHtml {
  const t = ctx.t;
  const action = v.id ? adminPaths.meetingType(v.id) : adminPaths.newMeetingType;
  const num = (id: string, label: MessageKey, hint?: string) =>
    textField({ id, label: t(label), hint, value: str(v.values[id]), error: errorOf(v.errors, id) });
  const modes = list(v.values.modes);
  const modesError = errorOf(v.errors, 'modes');
  const body = html`${errorSummary(ctx, v.errors)}
<form method="post" action="${action}" novalidate>
${csrfInput(ctx, action)}
${v.id ? summaryList([[t('admin.mt.key'), html`<code>${str(v.values.key)}</code>`]]) : num('key', 'admin.mt.key', t('admin.mt.keyHint'))}
${textField({ id: 'name', label: t('admin.mt.name'), hint: t('admin.mt.nameHint'), value: str(v.values.name), error: errorOf(v.errors, 'name'), maxlength: 200 })}
${textField({ id: 'publicLabel', label: t('admin.mt.publicLabel'), hint: t('admin.mt.publicLabelHint'), value: str(v.values.publicLabel), error: errorOf(v.errors, 'publicLabel'), maxlength: 200 })}
<fieldset class="field">
<legend>${t('admin.mt.labels')}</legend>
<p class="hint">${t('admin.mt.labelsHint')}</p>
${textField({ id: 'labelEn', label: t('admin.mt.labelEn'), value: str(v.values.labelEn), error: errorOf(v.errors, 'labelEn'), maxlength: 200 })}
${textField({ id: 'labelSv', label: t('admin.mt.labelSv'), value: str(v.values.labelSv), error: errorOf(v.errors, 'labelSv'), maxlength: 200 })}
${textField({ id: 'labelDe', label: t('admin.mt.labelDe'), value: str(v.values.labelDe), error: errorOf(v.errors, 'labelDe'), maxlength: 200 })}
</fieldset>
${num('durationMinutes', 'admin.mt.duration', t('admin.range', { min: 5, max: 480 }))}
${num('bufferBeforeMinutes', 'admin.mt.bufferBefore', t('admin.range', { min: 0, max: 120 }))}
${num('bufferAfterMinutes', 'admin.mt.bufferAfter', t('admin.range', { min: 0, max: 120 }))}
${num('slotStepMinutes', 'admin.mt.slotStep', t('admin.range', { min: 5, max: 240 }))}
${num('minNoticeMinutes', 'admin.mt.minNotice', t('admin.range', { min: 0, max: 43200 }))}
${num('horizonDays', 'admin.mt.horizon', t('admin.rangeDays', { min: 1, max: 365 }))}
<fieldset class="field${modesError ? ' has-error' : ''}" id="modes"${modesError ? html` aria-describedby="modes-error"` : ''}>
<legend>${t('admin.mt.modes')}</legend>
${modesError ? html`<p class="field-error" id="modes-error">${modesError}</p>` : ''}
${(['in_person', 'video', 'phone'] as const).map(
  (m) =>
    html`<div class="checkbox"><input type="checkbox" id="modes-${m}" name="modes" value="${m}"${modes.includes(m) ? html` checked` : ''}><label for="modes-${m}">${t(`admin.mode.${m}`)}</label></div>`,
)}
</fieldset>
${checkbox('intake', t('admin.mt.intake'), str(v.values.intake) === 'on', t('admin.mt.intakeHint'))}
${v.id ? checkbox('active', t('admin.mt.active'), str(v.values.active) === 'on', t('admin.mt.activeHint')) : ''}
<button type="submit" class="button">${t(v.id ? 'admin.save' : 'admin.mt.create')}</button>
</form>
<p><a href="${adminPaths.meetingTypes}">${t('admin.cancel')}</a></p>`;
  return frame(ctx, v.shell, v.id ? t('admin.mt.edit', { name: str(v.values.name) }) : t('admin.mt.add'), body);
}

// ---- unit -------------------------------------------------------------------------------------------

export function unitPage(
  ctx: WebContext,
  v: Base & { slug: string; values: FormValues; errors: FieldError[]; done: string | null },
): SafeHtml {
  const t = ctx.t;
  const text = (id: string, label: MessageKey, hint?: string, type?: 'email') =>
    textField({ id, label: t(label), hint, type, value: str(v.values[id]), error: errorOf(v.errors, id) });
  const choice = (
    id: string,
    label: MessageKey,
    options: Array<{ value: string; label: string; lang?: string }>,
    hint?: string,
  ) => selectField({ id, label: t(label), options, hint, selected: str(v.values[id]), error: errorOf(v.errors, id) });
  const range = (limits: { min: number; max: number }) => t('admin.range', limits);
  const body = html`${notice('status', v.done)}
${errorSummary(ctx, v.errors)}
<form method="post" action="${adminPaths.unit}" novalidate>
${csrfInput(ctx, adminPaths.unit)}
<h2>${t('admin.unit.general')}</h2>
${text('publicName', 'admin.unit.publicName')}
${text('timeZone', 'admin.unit.timeZone', t('admin.cw.timeZoneHint'))}
${text('address', 'admin.unit.address')}
${text('mailbox', 'admin.unit.mailbox', t('admin.unit.mailboxHint'), 'email')}
${choice(
  'defaultLocale',
  'admin.unit.defaultLocale',
  LOCALES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l], lang: l })),
)}
<h2>${t('admin.unit.booking')}</h2>
${choice('firstMeetingScope', 'admin.unit.firstMeetingScope', [
  { value: 'caseworker', label: t('admin.unit.scopeCaseworker') },
  { value: 'unit', label: t('admin.unit.scopeUnit') },
])}
${choice('selfBookingConfirmation', 'admin.unit.confirmation', [
  { value: 'email_link', label: t('admin.unit.confirmEmail') },
  { value: 'none', label: t('admin.unit.confirmNone') },
])}
${text('holdMinutes', 'admin.unit.holdMinutes', range(UNIT_LIMITS.holdMinutes))}
${text('clientChangeCutoffMinutes', 'admin.unit.cutoff', range(UNIT_LIMITS.clientChangeCutoffMinutes))}
${text('maxHoldsPerEmail', 'admin.unit.maxHoldsEmail', t('admin.rangePlain', UNIT_LIMITS.maxHoldsPerEmail))}
${text('maxHoldsPerIp', 'admin.unit.maxHoldsIp', t('admin.rangePlain', UNIT_LIMITS.maxHoldsPerIp))}
<h2>${t('admin.unit.team')}</h2>
${checkbox('teamCalendarsVisible', t('admin.unit.teamCalendars'), str(v.values.teamCalendarsVisible) === 'on', t('admin.unit.teamCalendarsHint'))}
<h2>${t('admin.unit.reminding')}</h2>
${text('reminderMinutesBefore', 'admin.unit.reminders', t('admin.unit.remindersHint'))}
${text('joinOpensMinutesBefore', 'admin.unit.joinOpens', range(UNIT_LIMITS.joinOpensMinutesBefore))}
${text('joinClosesMinutesAfter', 'admin.unit.joinCloses', range(UNIT_LIMITS.joinClosesMinutesAfter))}
${text('retentionMonths', 'admin.unit.retention', t('admin.rangeMonths', UNIT_LIMITS.retentionMonths))}
<button type="submit" class="button">${t('admin.save')}</button>
</form>`;
  return frame(ctx, v.shell, t('admin.unit.title'), body);
}

// ---- mail failures, audit -------------------------------------------------------------------------------------

export function mailFailuresPage(
  ctx: WebContext,
  v: Base & { rows: Array<Omit<MailFailure, 'failedAt'> & { failedAt: string }>; done: string | null },
): SafeHtml {
  const t = ctx.t;
  const body = v.rows.length
    ? html`<div class="table-wrap"><table class="admin-table">
<caption>${t('admin.mail.caption')}</caption>
<thead><tr><th scope="col">${t('admin.mail.failedAt')}</th><th scope="col">${t('admin.mail.kind')}</th><th scope="col">${t('admin.mail.about')}</th><th scope="col">${t('admin.mail.attempts')}</th><th scope="col">${t('admin.mail.error')}</th><th scope="col">${t('admin.actions')}</th></tr></thead>
<tbody>${v.rows.map(
        (r) => html`<tr>
<th scope="row">${r.failedAt}</th>
<td><code>${r.kind}</code></td>
<td>${r.appointmentId ? html`<a href="${staffPaths.appointment(r.appointmentId)}">${t('admin.audit.appointment')}</a> ` : ''}${r.clientId ? html`<a href="${staffPaths.client(r.clientId)}">${t('admin.audit.clientLink')}</a>` : ''}${r.caseworkerId ? html`<a href="${adminPaths.caseworker(r.caseworkerId)}">${t('admin.mail.staffMember')}</a>` : ''}</td>
<td>${r.attempts}</td>
<td>${r.lastError ?? ''}</td>
<td>${postButton(ctx, adminPaths.retryMail(r.id), t('admin.mail.retry'), { secondary: true })}</td>
</tr>`,
      )}</tbody>
</table></div>`
    : html`<p class="empty">${t('admin.mail.none')}</p>`;
  return frame(
    ctx,
    v.shell,
    t('admin.mail.title'),
    html`${notice('status', v.done)}<p>${t('admin.mail.intro')}</p>\n${body}`,
  );
}

const ACTIONS: Record<string, MessageKey> = {
  'caseworker.created': 'admin.action.caseworkerCreated',
  'caseworker.role_changed': 'admin.action.roleChanged',
  'caseworker.deactivated': 'admin.action.deactivated',
  'caseworker.activated': 'admin.action.activated',
  'appointment.created': 'admin.action.booked',
  'appointment.held': 'admin.action.held',
  'appointment.confirmed': 'admin.action.confirmed',
  'appointment.cancelled': 'admin.action.cancelled',
  'appointment.rescheduled': 'admin.action.rescheduled',
  'appointment.reassigned': 'admin.action.reassigned',
  'appointment.mode_changed': 'admin.action.modeChanged',
  'appointment.hold_expired': 'admin.action.holdExpired',
  'appointment.note_added': 'admin.action.noteAdded',
  'client.created': 'admin.action.clientCreated',
  'client.read': 'admin.action.clientRead',
  'client.exported': 'admin.action.clientExported',
  'client.personal_link_sent': 'admin.action.linkSent',
  'meeting_type.created': 'admin.action.typeCreated',
  'meeting_type.updated': 'admin.action.typeUpdated',
  'unit.updated': 'admin.action.unitUpdated',
  'staff.signed_in': 'admin.action.signedIn',
  'staff.signed_out': 'admin.action.signedOut',
  'staff_token.issued': 'admin.action.tokenIssued',
  'staff_token.revoked': 'admin.action.tokenRevoked',
  'working_hours.replaced': 'admin.action.hoursReplaced',
  'absence.created': 'admin.action.absenceCreated',
  'absence.deleted': 'admin.action.absenceDeleted',
};

export function auditPage(
  ctx: WebContext,
  v: Base & {
    from: string;
    to: string;
    client: string;
    errors: FieldError[];
    rows: AuditRow[];
    total: number;
    zone: string;
  },
): SafeHtml {
  const t = ctx.t;
  const rows = v.rows.map(
    (r) => html`<tr>
<th scope="row">${r.when}</th>
<td>${r.actor}</td>
<td>${ACTIONS[r.action] ? t(ACTIONS[r.action]) : html`<code>${r.action}</code>`}${r.caseworkerId ? html` — <a href="${adminPaths.caseworker(r.caseworkerId)}">${r.caseworkerName ?? t('admin.audit.staff')}</a>` : ''}</td>
<td>${r.appointmentId ? html`<a href="${staffPaths.appointment(r.appointmentId)}">${t('admin.audit.appointment')}<span class="visually-hidden"> (${r.when})</span></a>` : ''}</td>
<td>${r.clientId ? html`<a href="${staffPaths.client(r.clientId)}">${t('admin.audit.clientLink')}<span class="visually-hidden"> (${r.when})</span></a> <a href="${url(adminPaths.audit, { from: v.from, to: v.to, client: r.clientId })}">${t('admin.audit.onlyClient')}<span class="visually-hidden"> (${r.when})</span></a>` : ''}</td>
</tr>`,
  );
  const table = v.rows.length
    ? html`<div class="table-wrap"><table class="admin-table">
<caption>${t(v.total > v.rows.length ? 'admin.audit.captionLimited' : 'admin.audit.caption', { shown: v.rows.length, total: v.total })}</caption>
<thead><tr><th scope="col">${t('admin.audit.when')}</th><th scope="col">${t('admin.audit.who')}</th><th scope="col">${t('admin.audit.what')}</th><th scope="col">${t('admin.audit.appointment')}</th><th scope="col">${t('admin.audit.clientLink')}</th></tr></thead>
<tbody>${rows}</tbody>
</table></div>`
    : v.errors.length
      ? html``
      : html`<p class="empty">${t('admin.audit.none')}</p>`;
  const date = (id: string, label: MessageKey, value: string) => {
    const error = errorOf(v.errors, id);
    return html`<div class="field${error ? ' has-error' : ''}">
<label for="${id}">${t(label)}</label>
${error ? html`<p class="field-error" id="${id}-error">${error}</p>` : ''}
<input type="date" id="${id}" name="${id}" value="${value}"${error ? html` aria-invalid="true" aria-describedby="${id}-error"` : ''}>
</div>`;
  };
  const body = html`${errorSummary(ctx, v.errors)}
<form method="get" action="${adminPaths.audit}" class="admin-filter">
<p class="hint">${t('admin.audit.zone', { zone: v.zone })}</p>
${date('from', 'admin.audit.from', v.from)}
${date('to', 'admin.audit.to', v.to)}
${textField({ id: 'client', label: t('admin.audit.clientId'), hint: t('admin.audit.clientIdHint'), value: v.client, error: errorOf(v.errors, 'client'), autocomplete: 'off' })}
<button type="submit" class="button">${t('admin.audit.filter')}</button>
</form>
${table}`;
  return frame(ctx, v.shell, t('admin.audit.title'), body);
}
