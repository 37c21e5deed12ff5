import type { Mode } from '../../../common/mode';
import { SHARED_PAGES } from '../../http/message-pages';
import type { Redirect, ViewsOf } from '../../http/page-response';
import type { MessageKey } from '../../i18n';
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
import { html, SafeHtml } from '../../ui/html';
import type { WebContext } from '../../ui/web-context';
import { staffPaths } from '../paths';
import { workingTimeSummary, absencesSection, hoursSection, type WorkingTimeView } from '../settings/working-time.page';
import type { ExternalCalendarItem } from '../settings/external-calendars.page';
import {
  disconnectBody,
  externalCalendarsSection,
  externalCalendarsSummary,
  type ExternalCalendarsView,
} from '../settings/external-calendars.page';
import { errorOf, str, type FormValues } from './admin-form';
import { frame, type Base } from './admin-frame';
import { staffLayout } from '../ui/staff-layout';
import { adminPaths } from './admin-paths';
import { auditPage, mailFailuresPage, meetingTypePage, meetingTypesPage, unitPage } from './admin-unit.page';

export interface CaseworkerRow {
  id: string;
  name: string;
  email: string;
  role: 'admin' | 'caseworker';
  active: boolean;
  self: boolean;
}

export interface MeetingRow {
  id: string;
  when: string;
  client: string;
  clientId: string;
  /** The internal name: staff see it. */
  type: string;
  mode: Mode;
  status: string;
}

const roleName = (ctx: WebContext, role: string) =>
  ctx.t(role === 'admin' ? 'admin.role.admin' : 'admin.role.caseworker');

// ---- index, 403 ------------------------------------------------------------------------------

export function adminIndexPage(ctx: WebContext, v: Base): SafeHtml {
  const t = ctx.t;
  const sections: Array<[string, MessageKey, MessageKey]> = [
    [adminPaths.caseworkers, 'admin.cw.title', 'admin.index.caseworkers'],
    [adminPaths.meetingTypes, 'admin.mt.title', 'admin.index.meetingTypes'],
    [adminPaths.unit, 'admin.unit.title', 'admin.index.unit'],
    [adminPaths.mailFailures, 'admin.mail.title', 'admin.index.mailFailures'],
    [adminPaths.audit, 'admin.audit.title', 'admin.index.audit'],
  ];
  const body = html`<ul class="admin-sections">
${sections.map(([href, title, about]) => html`<li><a href="${href}">${t(title)}</a><p class="hint">${t(about)}</p></li>`)}
</ul>`;
  return frame(ctx, v.shell, t('admin.title'), body, false);
}

export function adminForbiddenPage(ctx: WebContext, v: Base): SafeHtml {
  const t = ctx.t;
  const body = html`<p>${t('admin.forbidden.body')}</p>
<p><a href="${staffPaths.calendar}">${t('admin.forbidden.back')}</a></p>`;
  return staffLayout(ctx, v.shell, {
    title: t('admin.forbidden.title'),
    section: null,
    body: html`<h1>${t('admin.forbidden.title')}</h1>\n${body}`,
  });
}

// ---- caseworkers -------------------------------------------------------------------------------

export function caseworkersPage(
  ctx: WebContext,
  v: Base & {
    rows: CaseworkerRow[];
    done: string | null;
    refused: string | null;
    values: FormValues;
    errors: FieldError[];
  },
): SafeHtml {
  const t = ctx.t;
  const roles = [
    { value: 'caseworker', label: t('admin.role.caseworker') },
    { value: 'admin', label: t('admin.role.admin') },
  ];
  const rows = v.rows.map(
    (r) => html`<tr>
<th scope="row"><a href="${adminPaths.caseworker(r.id)}">${r.name}</a>${r.self ? html` <span class="hint">(${t('admin.cw.you')})</span>` : ''}</th>
<td>${r.email}</td>
<td>${roleName(ctx, r.role)}</td>
<td>${r.active ? t('admin.cw.active') : html`<strong>${t('admin.cw.inactive')}</strong>`}</td>
<td class="admin-actions">
<form method="post" action="${adminPaths.role(r.id)}" class="inline-form admin-role-form">
${csrfInput(ctx, adminPaths.role(r.id))}
<label for="role-${r.id}" class="visually-hidden">${t('admin.cw.roleOf', { name: r.name })}</label>
<select id="role-${r.id}" name="role">${roles.map((o) => html`<option value="${o.value}"${o.value === r.role ? html` selected` : ''}>${o.label}</option>`)}</select>
<button type="submit" class="button button-secondary">${t('admin.cw.setRole')}<span class="visually-hidden">: ${r.name}</span></button>
</form>
${
  r.active
    ? r.self
      ? ''
      : html`<a href="${adminPaths.deactivate(r.id)}">${t('admin.cw.deactivate')}<span class="visually-hidden">: ${r.name}</span></a>`
    : postButton(ctx, adminPaths.activate(r.id), t('admin.cw.activate'), { secondary: true })
}
</td>
</tr>`,
  );
  const body = html`${notice('status', v.done)}${notice('alert', v.refused)}
${errorSummary(ctx, v.errors)}
<div class="table-wrap"><table class="admin-table">
<caption>${t('admin.cw.caption', { unit: v.shell.unitName })}</caption>
<thead><tr><th scope="col">${t('admin.cw.name')}</th><th scope="col">${t('admin.cw.email')}</th><th scope="col">${t('admin.cw.role')}</th><th scope="col">${t('admin.cw.status')}</th><th scope="col">${t('admin.actions')}</th></tr></thead>
<tbody>${rows}</tbody>
</table></div>
<h2 id="add-caseworker">${t('admin.cw.add')}</h2>
<form method="post" action="${adminPaths.caseworkers}" novalidate aria-labelledby="add-caseworker">
${csrfInput(ctx, adminPaths.caseworkers)}
${textField({ id: 'name', label: t('admin.cw.name'), value: str(v.values.name), error: errorOf(v.errors, 'name'), autocomplete: 'off', maxlength: 200 })}
${textField({ id: 'email', label: t('admin.cw.email'), type: 'email', value: str(v.values.email), error: errorOf(v.errors, 'email'), autocomplete: 'off' })}
${selectField({ id: 'role', label: t('admin.cw.role'), options: roles, selected: str(v.values.role), error: errorOf(v.errors, 'role') })}
${textField({ id: 'timeZone', label: t('admin.cw.timeZone'), hint: t('admin.cw.timeZoneHint'), value: str(v.values.timeZone), error: errorOf(v.errors, 'timeZone') })}
<button type="submit" class="button">${t('admin.cw.addButton')}</button>
</form>`;
  return frame(ctx, v.shell, t('admin.cw.title'), body);
}

export function caseworkerPage(
  ctx: WebContext,
  v: Base & {
    cw: { id: string; name: string; email: string; role: string; active: boolean; self: boolean };
    meetings: MeetingRow[];
    colleagues: Array<{ id: string; name: string }>;
    done: string | null;
    refused: string | null;
    /** A refusal of the hours use case that belongs to no one field. */
    alert: string | null;
  } & WorkingTimeView &
    ExternalCalendarsView,
): SafeHtml {
  const t = ctx.t;
  const summary = [...workingTimeSummary(ctx, v), ...externalCalendarsSummary(ctx, v)];
  // My settings' hours and absence forms, posting to this caseworker's admin routes, in words about them.
  const target = {
    paths: {
      hours: adminPaths.workingHours(v.cw.id),
      absences: adminPaths.absences(v.cw.id),
      removeAbsence: (absenceId: string) => adminPaths.removeAbsence(v.cw.id, absenceId),
    },
    copy: {
      hoursIntro: t('adminHours.hours.intro', { name: v.cw.name }),
      absenceIntro: t('adminHours.absence.intro', { name: v.cw.name }),
      absenceCaption: t('adminHours.absence.caption', { name: v.cw.name }),
      absenceNone: t('adminHours.absence.none', { name: v.cw.name }),
    },
  };
  const status = v.cw.active ? t('admin.cw.active') : t('admin.cw.inactive');
  const actions = v.cw.active
    ? v.cw.self
      ? html``
      : html`<p><a class="button button-warning" href="${adminPaths.deactivate(v.cw.id)}">${t('admin.cw.deactivate')}</a></p>`
    : postButton(ctx, adminPaths.activate(v.cw.id), t('admin.cw.activate'), { secondary: true });
  const meetingRows = v.meetings.map(
    (m) => html`<tr>
<th scope="row"><a href="${staffPaths.appointment(m.id)}">${m.when}</a></th>
<td><a href="${staffPaths.client(m.clientId)}">${m.client}</a></td>
<td>${m.type}</td>
<td>${t(`admin.mode.${m.mode}`)}</td>
<td>${
      v.colleagues.length
        ? html`<form method="post" action="${adminPaths.reassign(m.id)}" class="inline-form admin-reassign">
${csrfInput(ctx, adminPaths.reassign(m.id))}
<input type="hidden" name="from" value="${v.cw.id}">
<label for="to-${m.id}">${t('admin.cw.reassignTo')}</label>
<select id="to-${m.id}" name="caseworkerId">${v.colleagues.map((c) => html`<option value="${c.id}">${c.name}</option>`)}</select>
<button type="submit" class="button">${t('admin.cw.reassign')}<span class="visually-hidden">: ${m.when}</span></button>
</form>`
        : t('admin.cw.noColleagues')
    }</td>
</tr>`,
  );
  const meetings = v.meetings.length
    ? html`<div class="table-wrap"><table class="admin-table">
<caption>${t('admin.cw.meetingsCaption', { name: v.cw.name })}</caption>
<thead><tr><th scope="col">${t('admin.cw.when')}</th><th scope="col">${t('admin.cw.client')}</th><th scope="col">${t('admin.cw.type')}</th><th scope="col">${t('admin.cw.mode')}</th><th scope="col">${v.cw.active ? t('admin.actions') : t('admin.cw.reassignTo')}</th></tr></thead>
<tbody>${meetingRows}</tbody>
</table></div>`
    : html`<p class="empty">${t('admin.cw.noMeetings')}</p>`;
  const body = html`${errorSummary(ctx, summary)}${notice('status', v.done)}${notice('alert', v.refused)}${notice('alert', v.alert)}
${summaryList([
  [t('admin.cw.email'), v.cw.email],
  [t('admin.cw.role'), roleName(ctx, v.cw.role)],
  [t('admin.cw.status'), status],
])}
${actions}
<h2>${t('admin.cw.meetings')}</h2>
${!v.cw.active && v.meetings.length ? html`<p>${t('admin.cw.reassignIntro')}</p>` : ''}
${meetings}
${hoursSection(ctx, v, target)}
${absencesSection(ctx, v, target)}
${externalCalendarsSection(ctx, v, {
  paths: {
    ics: adminPaths.externalIcs(v.cw.id),
    caldav: adminPaths.externalCaldav(v.cw.id),
    calendars: (cid) => adminPaths.externalCalendars(v.cw.id, cid),
    sync: (cid) => adminPaths.externalSync(v.cw.id, cid),
    disconnect: (cid) => adminPaths.externalDisconnect(v.cw.id, cid),
  },
  copy: {
    title: t('settings.ext.adminTitle', { name: v.cw.name }),
    intro: t('settings.ext.adminIntro', { name: v.cw.name }),
    privacy: t('settings.ext.adminPrivacy', { name: v.cw.name }),
    none: t('settings.ext.adminNone', { name: v.cw.name }),
  },
})}
<p><a href="${adminPaths.caseworkers}">${t('admin.cw.backToList')}</a></p>`;
  return frame(ctx, v.shell, v.cw.name, body);
}

/** The confirm step of disconnecting a colleague's own calendar. */
export function disconnectCalendarPage(
  ctx: WebContext,
  v: Base & { cw: { id: string; name: string }; connection: ExternalCalendarItem },
): SafeHtml {
  const body = disconnectBody(ctx, v.connection, {
    action: adminPaths.externalDisconnect(v.cw.id, v.connection.id),
    cancel: `${adminPaths.caseworker(v.cw.id)}#ext-title`,
    intro: ctx.t('settings.ext.disconnectIntro'),
  });
  return staffLayout(ctx, v.shell, { title: ctx.t('settings.ext.disconnectTitle'), section: 'admin', body });
}

export function deactivatePage(
  ctx: WebContext,
  v: Base & { cw: { id: string; name: string }; count: number },
): SafeHtml {
  const t = ctx.t;
  const body = html`<p>${t('admin.deactivate.body', { name: v.cw.name })}</p>
<p>${t('admin.deactivate.meetings', { count: v.count })}</p>
${postButton(ctx, adminPaths.deactivate(v.cw.id), t('admin.deactivate.button'), { warning: true })}
<p><a href="${adminPaths.caseworker(v.cw.id)}">${t('admin.cancel')}</a></p>`;
  return frame(ctx, v.shell, t('admin.deactivate.title', { name: v.cw.name }), body);
}

export const ADMIN_PAGES = {
  ...SHARED_PAGES,
  index: adminIndexPage,
  forbidden: adminForbiddenPage,
  caseworkers: caseworkersPage,
  caseworker: caseworkerPage,
  deactivate: deactivatePage,
  disconnectCalendar: disconnectCalendarPage,
  meetingTypes: meetingTypesPage,
  meetingType: meetingTypePage,
  unit: unitPage,
  mailFailures: mailFailuresPage,
  audit: auditPage,
};
export type AdminOutcome = ViewsOf<typeof ADMIN_PAGES> | Redirect;
