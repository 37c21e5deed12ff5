import { DateTime } from 'luxon';
import type { Mode } from '../../../availability/engine';
import type { AppointmentStatus } from '../../../appointments/data/appointment.entity';
import type { MessageKey } from '../../i18n';
import { SHARED_PAGES } from '../../http/message-pages';
import type { Redirect, ViewsOf } from '../../http/page-response';
import { html, raw, SafeHtml, url } from '../../ui/html';
import type { WebContext } from '../../ui/web-context';
import { staffPaths } from '../paths';
import { StaffShell, staffLayout } from '../ui/staff-layout';
import type { TeamMember } from './calendar.read-model';
import {
  CalendarAbsence,
  CalendarAppointment,
  CalendarBusy,
  CalendarPeriod,
  CalendarQuery,
  daysOf,
  isoWeekOf,
  onDay,
} from './calendar-week';

export interface CalendarPageView {
  shell: StaffShell;
  timeZone: string;
  query: CalendarQuery;
  now: DateTime;
  target: TeamMember;
  isOwn: boolean;
  canEdit: boolean;
  /** The caseworker picker (the whole unit) for whoever may see the team's calendars, else null. */
  picker: TeamMember[] | null;
  /** The team day is offered (auth/calendar-access.ts: admins, or the unit shows the team's calendars). */
  teamView: boolean;
  /** One column per caseworker shown: the target, or every active caseworker on the team day. */
  columns: TeamMember[];
  appointments: CalendarAppointment[];
  periods: CalendarPeriod[];
  absences: CalendarAbsence[];
  /** Busy time from the caseworkers' own calendars: when only, never a title. */
  busy: CalendarBusy[];
  /** The shown caseworker has an own calendar whose last sync failed or whose data is stale. */
  calendarTrouble: boolean;
}

const STATUS_ICON: Record<AppointmentStatus, string> = {
  held: '◔',
  confirmed: '●',
  completed: '✓',
  no_show: '✗',
  cancelled: '⊘',
};

/** The codes the reschedule API answers with, as sentences for the drag and drop's live region. */
const ERROR_KEYS: Record<string, MessageKey> = {
  SLOT_TAKEN: 'cal.error.SLOT_TAKEN',
  SLOT_UNAVAILABLE: 'cal.error.SLOT_UNAVAILABLE',
  FIRST_MEETING_IN_PERSON: 'cal.error.FIRST_MEETING_IN_PERSON',
  MODE_NOT_ALLOWED: 'cal.error.MODE_NOT_ALLOWED',
  CHANGE_WINDOW_CLOSED: 'cal.error.CHANGE_WINDOW_CLOSED',
  CONFLICT: 'cal.error.CONFLICT',
  FORBIDDEN: 'cal.error.FORBIDDEN',
  NOT_FOUND: 'cal.error.NOT_FOUND',
  UNAUTHENTICATED: 'cal.error.UNAUTHENTICATED',
  GENERIC: 'cal.error.GENERIC',
};

export function statusLabel(ctx: WebContext, s: AppointmentStatus): string {
  return ctx.t(`cal.status.${s}` as MessageKey);
}

/** A phone meeting's number as a tel: link, where the client's name is shown (nothing otherwise). */
function phoneOf(ctx: WebContext, a: CalendarAppointment): SafeHtml | '' {
  if (a.mode !== 'phone' || !a.clientName || !a.clientPhone) return '';
  return html`<a class="cal-tel" href="tel:${a.clientPhone}"><span class="visually-hidden">${ctx.t('cal.callClient', { name: a.clientName })}: </span>${a.clientPhone}</a>`;
}

function modeLabel(ctx: WebContext, m: Mode): string {
  return ctx.t(m === 'video' ? 'cal.mode.video' : m === 'phone' ? 'cal.mode.phone' : 'cal.mode.inPerson');
}

function hoursLabel(ctx: WebContext, modes: Mode[]): string {
  // Hours for phone calls only; otherwise as before (phone alongside other modes is not spelled out here).
  if (modes.length > 0 && modes.every((m) => m === 'phone')) return ctx.t('cal.hours.phone');
  return ctx.t(
    modes.includes('video') ? 'cal.hours.both' : modes.includes('in_person') ? 'cal.hours.inPerson' : 'cal.hours.video',
  );
}

const VIDEO_ICON = (label: string) =>
  html`<svg class="cal-icon" viewBox="0 0 24 24" width="16" height="16" role="img" aria-label="${label}" focusable="false"><title>${label}</title><path fill="currentColor" d="M3 6h12a1 1 0 0 1 1 1v3.5l5-3v9l-5-3V17a1 1 0 0 1-1 1H3a1 1 0 0 1-1-1V7a1 1 0 0 1 1-1z"/></svg>`;

/** Intl formatters per zone, made once: luxon per instant costs too much for 200 meetings × 4 times. */
const clocks = new Map<string, { hhmm: Intl.DateTimeFormat; wall: Intl.DateTimeFormat }>();
function clockOf(zone: string) {
  let c = clocks.get(zone);
  if (!c) {
    c = {
      hhmm: new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
      // sv-SE writes "2026-12-08 09:00:00": the wall-clock ISO form, with a space for the T.
      wall: new Intl.DateTimeFormat('sv-SE', {
        timeZone: zone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        hourCycle: 'h23',
      }),
    };
    clocks.set(zone, c);
  }
  return c;
}

function hhmm(d: Date, v: CalendarPageView): string {
  return clockOf(v.timeZone).hhmm.format(d);
}

function dayLabel(ctx: WebContext, d: DateTime): string {
  return d.setLocale(ctx.locale).toFormat('cccc d LLLL');
}

/** Where a link of the calendar goes: the same view and caseworker, another week/day/view. */
function calendarUrl(v: CalendarPageView, over: { view?: string; week?: string; date?: string }): string {
  const view = over.view ?? v.query.view;
  const cw = v.picker && !v.isOwn && view !== 'team' ? v.target.id : undefined;
  return url(staffPaths.calendar, {
    view: view === 'week' ? undefined : view,
    week: view === 'team' ? undefined : (over.week ?? (over.date ? undefined : isoWeekOf(v.query.start))),
    date: view === 'team' ? (over.date ?? v.query.start.toISODate()!) : over.date,
    caseworker: cw,
  });
}

function appointmentItem(ctx: WebContext, v: CalendarPageView, a: CalendarAppointment): SafeHtml {
  const t = ctx.t;
  return html`<li class="cal-appt cal-status-${a.status}"><a href="${staffPaths.appointment(a.id)}">
<span class="cal-time">${hhmm(a.startsAt, v)}–${hhmm(a.endsAt, v)}</span>
<span class="cal-client">${a.clientName ?? t('cal.clientErased')}</span>
<span class="cal-type">${a.typeName}</span>
<span class="cal-mode">${a.mode === 'video' ? VIDEO_ICON(t('cal.mode.videoIcon')) : ''}${modeLabel(ctx, a.mode)}</span>
<span class="cal-status"><span aria-hidden="true">${STATUS_ICON[a.status]}</span> ${statusLabel(ctx, a.status)}</span>
</a>${phoneOf(ctx, a)}</li>`;
}

/** A caseworker's own-calendar busy time within [from, to), clipped to it (a block may span days). */
function busyOn(v: CalendarPageView, caseworkerId: string, from: number, to: number): CalendarBusy[] {
  return v.busy
    .filter((b) => b.caseworkerId === caseworkerId && b.startsAt.getTime() < to && b.endsAt.getTime() > from)
    .map((b) => ({
      caseworkerId,
      startsAt: new Date(Math.max(b.startsAt.getTime(), from)),
      endsAt: new Date(Math.min(b.endsAt.getTime(), to)),
    }));
}

/**
 * One day of one caseworker: working hours, absences and busy time from their own calendar first
 * (neutral, not links: there is nothing to open), then the meetings in time order.
 */
function dayBody(ctx: WebContext, v: CalendarPageView, day: DateTime, caseworkerId: string): SafeHtml {
  const t = ctx.t;
  const from = day.toMillis();
  const to = day.plus({ days: 1 }).toMillis();
  const starts = (d: Date) => d.getTime() >= from && d.getTime() < to;
  const periods = v.periods.filter((p) => p.caseworkerId === caseworkerId && starts(p.startsAt));
  const absences = v.absences.filter(
    (b) => b.caseworkerId === caseworkerId && b.startsAt.getTime() < to && b.endsAt.getTime() > from,
  );
  const meetings = v.appointments.filter((a) => a.caseworkerId === caseworkerId && starts(a.startsAt));
  const busy = busyOn(v, caseworkerId, from, to);
  const hours = periods.length
    ? html`<ul class="cal-hours">${periods.map((p) => html`<li class="cal-hours-${p.modes.includes('video') ? 'both' : 'in-person'}">${hhmm(p.startsAt, v)}–${hhmm(p.endsAt, v)} ${hoursLabel(ctx, p.modes)}</li>`)}</ul>`
    : html`<p class="cal-hours-none">${t('cal.hours.none')}</p>`;
  const away = absences.map(
    (b) =>
      html`<p class="cal-absence">${t('cal.absence', { from: hhmm(new Date(Math.max(b.startsAt.getTime(), from)), v), to: hhmm(new Date(Math.min(b.endsAt.getTime(), to)), v) })}</p>`,
  );
  const own = busy.length
    ? html`<ul class="cal-busy-list">${busy.map((b) => html`<li class="cal-busy">${t('cal.busyRange', { from: hhmm(b.startsAt, v), to: hhmm(b.endsAt, v) })}</li>`)}</ul>`
    : '';
  return html`${hours}${away}${own}
${meetings.length ? html`<ul class="cal-appts">${meetings.map((a) => appointmentItem(ctx, v, a))}</ul>` : html`<p class="cal-empty">${t('cal.noMeetings')}</p>`}`;
}

function weekView(ctx: WebContext, v: CalendarPageView): SafeHtml {
  return html`<div class="cal-week">${daysOf(v.query.start, v.query.end).map((d, i) => {
    const id = `cal-day-${i}`;
    const today = d.hasSame(v.now, 'day');
    return html`<section class="cal-day${today ? ' cal-today' : ''}" aria-labelledby="${id}">
<h2 id="${id}">${dayLabel(ctx, d)}${today ? html` <span class="cal-today-tag">${ctx.t('cal.todayTag')}</span>` : ''}</h2>
${dayBody(ctx, v, d, v.target.id)}
</section>`;
  })}</div>`;
}

function listView(ctx: WebContext, v: CalendarPageView): SafeHtml {
  const t = ctx.t;
  const byDay = daysOf(v.query.start, v.query.end).map((d) => {
    const from = d.toMillis();
    const to = d.plus({ days: 1 }).toMillis();
    return {
      d,
      meetings: v.appointments.filter((a) => onDay(a.startsAt, d)),
      busy: busyOn(v, v.target.id, from, to),
    };
  });
  const days = byDay.filter((x) => x.meetings.length > 0 || x.busy.length > 0);
  if (!days.length) return html`<p class="cal-empty">${t('cal.noMeetingsWeek')}</p>`;
  const meetingRow = (a: CalendarAppointment) =>
    html`<tr class="cal-status-${a.status}"><td>${hhmm(a.startsAt, v)}–${hhmm(a.endsAt, v)}</td>
<td><a href="${staffPaths.appointment(a.id)}">${a.clientName ?? t('cal.clientErased')}</a>${phoneOf(ctx, a) ? html` ${phoneOf(ctx, a)}` : ''}</td><td>${a.typeName}</td>
<td>${a.mode === 'video' ? VIDEO_ICON(t('cal.mode.videoIcon')) : ''}${modeLabel(ctx, a.mode)}</td>
<td><span aria-hidden="true">${STATUS_ICON[a.status]}</span> ${statusLabel(ctx, a.status)}</td></tr>`;
  const busyRow = (b: CalendarBusy) =>
    html`<tr class="cal-busy-row"><td>${hhmm(b.startsAt, v)}–${hhmm(b.endsAt, v)}</td><td colspan="4">${t('cal.busy')}</td></tr>`;
  return html`${days.map(({ d, meetings, busy }) => {
    // Meetings and busy time in one time order (a busy block first when both start together).
    const rows = [
      ...busy.map((b) => ({ at: b.startsAt.getTime(), order: 0, row: busyRow(b) })),
      ...meetings.map((a) => ({ at: a.startsAt.getTime(), order: 1, row: meetingRow(a) })),
    ].sort((x, y) => x.at - y.at || x.order - y.order);
    return html`<table class="cal-list">
<caption>${dayLabel(ctx, d)}</caption>
<thead><tr><th scope="col">${t('cal.col.time')}</th><th scope="col">${t('cal.col.client')}</th><th scope="col">${t('cal.col.type')}</th><th scope="col">${t('cal.col.mode')}</th><th scope="col">${t('cal.col.status')}</th></tr></thead>
<tbody>${rows.map((r) => r.row)}</tbody>
</table>`;
  })}`;
}

function teamView(ctx: WebContext, v: CalendarPageView): SafeHtml {
  return html`<div class="cal-team">${v.columns.map((m, i) => {
    const id = `cal-cw-${i}`;
    return html`<section class="cal-day" aria-labelledby="${id}"><h2 id="${id}">${m.name}</h2>
${dayBody(ctx, v, v.query.start, m.id)}</section>`;
  })}</div>`;
}

/** The own calendar could not be read lately: said in words, with the way to the connection. */
function troubleNotice(ctx: WebContext, v: CalendarPageView): SafeHtml {
  const t = ctx.t;
  const text = v.isOwn ? t('cal.extNotice') : t('cal.extNoticeOther', { name: v.target.name });
  const href = v.isOwn
    ? `${staffPaths.settings}#ext-title`
    : `${staffPaths.admin}/caseworkers/${v.target.id}#ext-title`;
  return html`<div class="notice notice-warning cal-ext-notice"><p>${text} <a href="${href}">${t('cal.extNoticeLink')}</a></p></div>`;
}

/** What /assets/staff-calendar.js reads (a JSON data block: never executed, so the CSP is untouched). */
function scriptData(ctx: WebContext, v: CalendarPageView): string {
  const t = ctx.t;
  const wall = (d: Date) => clockOf(v.timeZone).wall.format(d).replace(' ', 'T');
  const eventOf = (a: CalendarAppointment) => ({
    id: a.id,
    title: `${a.clientName ?? t('cal.clientErased')} · ${a.typeName}`,
    start: wall(a.startsAt),
    end: wall(a.endsAt),
    editable: v.canEdit && (a.status === 'held' || a.status === 'confirmed'),
    classNames: [`cal-status-${a.status}`, `cal-mode-${a.mode}`],
    extendedProps: {
      href: staffPaths.appointment(a.id),
      client: a.clientName ?? t('cal.clientErased'),
      caseworkerId: a.caseworkerId,
      status: a.status,
      statusLabel: statusLabel(ctx, a.status),
      statusIcon: STATUS_ICON[a.status],
      mode: a.mode,
      modeLabel: modeLabel(ctx, a.mode),
      type: a.typeName,
      label: `${hhmm(a.startsAt, v)}–${hhmm(a.endsAt, v)}, ${a.clientName ?? t('cal.clientErased')}, ${a.typeName}, ${modeLabel(ctx, a.mode)}, ${statusLabel(ctx, a.status)}`,
    },
  });
  const backgroundOf = (caseworkerId: string) => [
    ...v.periods
      .filter((p) => p.caseworkerId === caseworkerId)
      .map((p) => ({
        start: wall(p.startsAt),
        end: wall(p.endsAt),
        display: 'background',
        title: hoursLabel(ctx, p.modes),
        classNames: [p.modes.includes('video') ? 'cal-bg-both' : 'cal-bg-in-person'],
      })),
    ...v.absences
      .filter((b) => b.caseworkerId === caseworkerId)
      .map((b) => ({
        start: wall(b.startsAt),
        end: wall(b.endsAt),
        display: 'background',
        title: t('cal.absent'),
        classNames: ['cal-bg-absence'],
      })),
    // Own-calendar busy time: a neutral block with our words only (no title is stored), never a link and
    // never dragged. The grid shows it as a background; the list view (no backgrounds) as a plain row.
    ...v.busy
      .filter((b) => b.caseworkerId === caseworkerId)
      .map((b) => ({
        start: wall(b.startsAt),
        end: wall(b.endsAt),
        display: v.query.view === 'list' ? 'list-item' : 'background',
        editable: false,
        title: t('cal.busy'),
        classNames: ['cal-bg-busy'],
      })),
  ];
  const data = {
    view: v.query.view,
    locale: ctx.locale,
    timeZone: v.timeZone,
    date: v.query.start.toISODate(),
    // The server's "now" as the unit's wall-clock time: the grid's today is the unit's, not the browser's.
    now: v.now.setZone(v.timeZone).toFormat("yyyy-MM-dd'T'HH:mm:ss"),
    editable: v.canEdit,
    columns: v.columns.map((m) => ({
      id: m.id,
      name: m.name,
      events: [...v.appointments.filter((a) => a.caseworkerId === m.id).map(eventOf), ...backgroundOf(m.id)],
    })),
    messages: {
      confirmMove: t('cal.js.confirmMove'),
      moved: t('cal.js.moved'),
      saving: t('cal.js.saving'),
      errors: Object.fromEntries(Object.entries(ERROR_KEYS).map(([code, key]) => [code, t(key)])),
    },
  };
  // A JSON data block: "<" escaped so no value can close the element.
  return JSON.stringify(data).replace(/</g, '\\u003c');
}

export function calendarPage(ctx: WebContext, v: CalendarPageView): SafeHtml {
  const t = ctx.t;
  const q = v.query;
  const team = q.view === 'team';
  const title = team ? t('cal.teamTitle') : v.isOwn ? t('cal.ownTitle') : t('cal.otherTitle', { name: v.target.name });
  const range = team
    ? dayLabel(ctx, q.start)
    : t('cal.weekRange', {
        week: String(q.start.weekNumber),
        from: q.start.setLocale(ctx.locale).toFormat('d LLL'),
        to: q.end.minus({ days: 1 }).setLocale(ctx.locale).toFormat('d LLL yyyy'),
      });
  const step = team ? { days: 1 } : { weeks: 1 };
  const at = (d: DateTime) => (team ? { date: d.toISODate()! } : { week: isoWeekOf(d) });
  const views: Array<[string, string]> = [
    ['week', t('cal.view.week')],
    ['list', t('cal.view.list')],
    ...(v.teamView ? [['team', t('cal.view.team')] as [string, string]] : []),
  ];
  const picker =
    v.picker && !team
      ? html`<form method="get" action="${staffPaths.calendar}" class="cal-picker">
<label for="cal-caseworker">${t('cal.pickCaseworker')}</label>
<select id="cal-caseworker" name="caseworker">${v.picker.map((m) => html`<option value="${m.id}"${m.id === v.target.id ? html` selected` : ''}>${m.name}${m.active ? '' : ` (${t('cal.inactive')})`}</option>`)}</select>
<input type="hidden" name="week" value="${isoWeekOf(q.start)}">
${q.view === 'list' ? html`<input type="hidden" name="view" value="list">` : ''}
<button type="submit" class="button secondary">${t('cal.show')}</button>
</form>`
      : '';
  const body = html`<h1>${title}</h1>
<p class="cal-range" id="cal-range">${range}</p>
<nav class="cal-toolbar" aria-label="${t('cal.navLabel')}">
<ul class="cal-steps">
<li><a href="${calendarUrl(v, at(q.start.minus(step)))}">${team ? t('cal.prevDay') : t('cal.prevWeek')}</a></li>
<li><a href="${calendarUrl(v, at(v.now.startOf('day')))}">${t('cal.today')}</a></li>
<li><a href="${calendarUrl(v, at(q.start.plus(step)))}">${team ? t('cal.nextDay') : t('cal.nextWeek')}</a></li>
</ul>
<ul class="cal-views">${views.map(([key, label]) => html`<li><a href="${calendarUrl(v, { view: key, ...(key === 'team' ? { date: (q.start.hasSame(v.now, 'week') ? v.now.startOf('day') : q.start).toISODate()! } : { week: isoWeekOf(q.start) }) })}"${key === q.view ? html` aria-current="page"` : ''}>${label}</a></li>`)}</ul>
</nav>
${picker}
${v.calendarTrouble ? troubleNotice(ctx, v) : ''}
<p class="cal-legend">${t('cal.legend')}${v.busy.length ? html` ${t('cal.busyLegend')}` : ''}</p>
<div id="cal-live" class="cal-live" role="status" aria-live="polite"></div>
<div id="cal-grid" class="cal-grid" hidden></div>
<div id="cal-static">${q.view === 'list' ? listView(ctx, v) : team ? teamView(ctx, v) : weekView(ctx, v)}</div>
<script type="application/json" id="calendar-data">${raw(scriptData(ctx, v))}</script>`;
  return staffLayout(ctx, v.shell, {
    title,
    section: 'calendar',
    body,
    scripts: ['/assets/fullcalendar.js', '/assets/staff-calendar.js'],
  });
}

export const CALENDAR_PAGES = { ...SHARED_PAGES, calendar: calendarPage };
export type CalendarOutcome = ViewsOf<typeof CALENDAR_PAGES> | Redirect;
