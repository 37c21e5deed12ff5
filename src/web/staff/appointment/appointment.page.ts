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
  summaryList,
  telLink,
  textArea,
  weekOfSlots,
} from '../../ui/components';
import type { DaySlots, WeekView } from '../../ui/format';
import { html, HtmlValue, SafeHtml, url } from '../../ui/html';
import type { WebContext } from '../../ui/web-context';
import { jsonData, room, SCRIPT_MESSAGES } from '../../client/join/join.page';
import { staffPaths } from '../paths';
import { StaffShell, staffLayout } from '../ui/staff-layout';

/** GET /staff/appointments/:id: one meeting, its client and history, and what may be done with it. */

export interface PanelHistoryLine {
  at: string;
  who: string;
  what: string;
}

/** The step of an action the panel shows under the details (each ends in one POST). */
export type PanelStep =
  | {
      kind: 'reschedule';
      week: { view: WeekView; days: DaySlots[]; zone: string; reason?: string | null };
      /** A time picked from the week: the confirm form. */
      picked?: { start: string; label: string };
    }
  | { kind: 'cancel'; reason: string; errors: FieldError[] }
  | { kind: 'override'; mode: 'video' | 'phone'; reason: string; errors: FieldError[] };

export interface PanelView {
  shell: StaffShell;
  id: string;
  title: string;
  when: string;
  zone: string;
  status: string;
  /** What staff wrote when cancelling (not the markers 'client' / 'staff'). */
  cancelReason: string | null;
  mode: Mode;
  modeLabel: string;
  /** The modes the meeting type offers: phone is switched to only when it is one of them. */
  typeModes: Mode[];
  where: string | null;
  typeName: string;
  caseworker: string;
  client: { id: string; name: string; email: string; phone: string; language: string } | null;
  notes: Array<{ at: string; author: string; text: string }>;
  joinWindow: string | null;
  history: PanelHistoryLine[];
  canManage: boolean;
  live: boolean;
  started: boolean;
  confirmed: boolean;
  /** Attendance already recorded, which the other button corrects. */
  recorded: 'completed' | 'no_show' | null;
  done: string | null;
  error: string | null;
  step: PanelStep | null;
}

export const panelPaths = {
  reschedule: (id: string) => `${staffPaths.appointment(id)}/reschedule`,
  mode: (id: string) => `${staffPaths.appointment(id)}/mode`,
  cancel: (id: string) => `${staffPaths.appointment(id)}/cancel`,
  attendance: (id: string) => `${staffPaths.appointment(id)}/attendance`,
  resend: (id: string) => `${staffPaths.appointment(id)}/resend`,
  video: (id: string) => `${staffPaths.appointment(id)}/video`,
};

export function appointmentPanelPage(ctx: WebContext, v: PanelView): SafeHtml {
  const t = ctx.t;
  const base = staffPaths.appointment(v.id);
  const details = summaryList([
    [t('appt.when'), html`${v.when}<br><span class="hint">${t('common.zone', { zone: v.zone })}</span>`],
    [t('appt.status'), v.status],
    ...(v.cancelReason ? [[t('appt.cancelReason'), v.cancelReason] as [string, HtmlValue]] : []),
    [t('appt.mode'), v.modeLabel],
    ...(v.where ? [[t('appt.where'), v.where] as [string, HtmlValue]] : []),
    // A phone meeting: the caseworker calls the number the client gave (rule 14).
    ...(v.mode === 'phone' && v.client?.phone
      ? [[t('appt.callAt'), telLink(v.client.phone)] as [string, HtmlValue]]
      : []),
    [t('appt.type'), v.typeName],
    [t('appt.caseworker'), v.caseworker],
    ...(v.joinWindow ? [[t('appt.joinWindow'), v.joinWindow] as [string, HtmlValue]] : []),
  ]);
  const client = v.client
    ? html`${summaryList([
        [t('appt.clientName'), html`<a href="${staffPaths.client(v.client.id)}">${v.client.name}</a>`],
        [t('appt.clientEmail'), v.client.email || '—'],
        [t('appt.clientPhone'), v.client.phone ? telLink(v.client.phone) : '—'],
        [t('appt.clientLanguage'), v.client.language],
      ])}`
    : html`<p>${t('appt.clientErased')}</p>`;
  const notes = v.notes.length
    ? html`<ul class="appt-notes">${v.notes.map((n) => html`<li><p class="hint">${n.at} · ${n.author}</p><p class="appt-note-text">${n.text}</p></li>`)}</ul>`
    : html`<p>${t('appt.noNotes')}</p>`;
  const history = v.history.length
    ? html`<table class="appt-history">
<caption>${t('appt.historyCaption')}</caption>
<thead><tr><th scope="col">${t('appt.historyTime')}</th><th scope="col">${t('appt.historyWho')}</th><th scope="col">${t('appt.historyWhat')}</th></tr></thead>
<tbody>${v.history.map((h) => html`<tr><td>${h.at}</td><td>${h.who}</td><td>${h.what}</td></tr>`)}</tbody>
</table>`
    : html`<p>${t('appt.noHistory')}</p>`;
  const body = html`<div class="appt-panel">
<h1>${v.title}</h1>
${notice('status', v.done)}
${notice('alert', v.error)}
${v.step ? step(ctx, v, v.step) : ''}
<section aria-labelledby="appt-details"><h2 id="appt-details">${t('appt.details')}</h2>${details}</section>
${actions(ctx, v, base)}
<section aria-labelledby="appt-client"><h2 id="appt-client">${t('appt.client')}</h2>${client}
<h3>${t('appt.notes')}</h3>${notes}</section>
<section aria-labelledby="appt-history-h"><h2 id="appt-history-h">${t('appt.history')}</h2>${history}</section>
<p><a href="${staffPaths.calendar}">${t('appt.backToCalendar')}</a></p>
</div>`;
  return staffLayout(ctx, v.shell, { title: v.title, section: 'calendar', body });
}

function actions(ctx: WebContext, v: PanelView, base: string): SafeHtml {
  const t = ctx.t;
  if (!v.canManage) return html`<p class="hint">${t('appt.readOnly')}</p>`;
  const items: SafeHtml[] = [];
  if (v.live) {
    items.push(
      html`<li><a class="button button-secondary" href="${url(base, { view: 'reschedule' })}">${t('appt.reschedule')}</a></li>`,
    );
    // In person and video switch to each other as ever; phone (and away from it) when the type offers it.
    const targets: Mode[] =
      v.mode === 'phone'
        ? (['in_person', 'video'] as const).filter((m) => m === 'in_person' || v.typeModes.includes(m))
        : [v.mode === 'video' ? 'in_person' : 'video', ...(v.typeModes.includes('phone') ? ['phone' as const] : [])];
    const label = {
      in_person: 'appt.switchToInPerson',
      video: 'appt.switchToVideo',
      phone: 'appt.switchToPhone',
    } as const;
    for (const other of targets)
      items.push(
        html`<li>${postButton(ctx, panelPaths.mode(v.id), t(label[other]), { secondary: true, hidden: { mode: other } })}</li>`,
      );
    items.push(
      html`<li><a class="button button-warning" href="${url(base, { view: 'cancel' })}">${t('appt.cancel')}</a></li>`,
    );
  }
  // Attendance: both once confirmed (refused in words before the start); after, the other one corrects it.
  const mark = (status: 'completed' | 'no_show') =>
    html`<li>${postButton(ctx, panelPaths.attendance(v.id), t(status === 'completed' ? 'appt.markAttended' : 'appt.markNoShow'), { secondary: true, hidden: { status } })}</li>`;
  if (v.confirmed || v.recorded === 'no_show') items.push(mark('completed'));
  if (v.confirmed || v.recorded === 'completed') items.push(mark('no_show'));
  if (v.confirmed) {
    items.push(html`<li>${postButton(ctx, panelPaths.resend(v.id), t('appt.resend'), { secondary: true })}</li>`);
    if (v.mode === 'video')
      items.push(html`<li><a class="button" href="${panelPaths.video(v.id)}">${t('appt.startVideo')}</a></li>`);
  }
  if (!items.length) return html`<p class="hint">${t('appt.noActions')}</p>`;
  return html`<section aria-labelledby="appt-actions"><h2 id="appt-actions">${t('appt.actions')}</h2>
<ul class="appt-actions">${items}</ul></section>`;
}

function step(ctx: WebContext, v: PanelView, s: PanelStep): SafeHtml {
  const t = ctx.t;
  const base = staffPaths.appointment(v.id);
  if (s.kind === 'reschedule') {
    const picked = s.picked
      ? html`<form method="post" action="${panelPaths.reschedule(v.id)}" class="appt-step-form">
${csrfInput(ctx, panelPaths.reschedule(v.id))}
<input type="hidden" name="start" value="${s.picked.start}">
${summaryList([
  [t('appt.currentTime'), v.when],
  [t('appt.newTime'), s.picked.label],
])}
<button type="submit" class="button">${t('appt.confirmReschedule')}</button>
</form>`
      : '';
    const week = s.week.reason
      ? html`<p>${s.week.reason}</p>`
      : weekOfSlots(ctx, {
          view: s.week.view,
          days: s.week.days,
          zone: s.week.zone,
          slotHref: (start) => url(base, { view: 'reschedule', week: s.week.view.week, start }),
          weekHref: (wk) => url(base, { view: 'reschedule', week: wk }),
          headingLevel: 3,
        });
    return html`<section class="appt-step" aria-labelledby="appt-step-title"><h2 id="appt-step-title">${t('appt.rescheduleTitle')}</h2>
${picked}
${week}
<p><a href="${base}">${t('appt.keep')}</a></p></section>`;
  }
  if (s.kind === 'cancel') {
    return html`<section class="appt-step" aria-labelledby="appt-step-title"><h2 id="appt-step-title">${t('appt.cancelTitle')}</h2>
${errorSummary(ctx, s.errors)}
<p>${t('appt.cancelConfirm', { when: v.when })}</p>
<form method="post" action="${panelPaths.cancel(v.id)}" class="appt-step-form">
${csrfInput(ctx, panelPaths.cancel(v.id))}
${textArea({ id: 'reason', label: t('appt.cancelReason'), hint: t('appt.cancelReasonHint'), maxlength: 1000, value: s.reason, error: s.errors.find((e) => e.field === 'reason')?.message })}
<button type="submit" class="button button-warning">${t('appt.confirmCancel')}</button>
</form>
<p><a href="${base}">${t('appt.keep')}</a></p></section>`;
  }
  return html`<section class="appt-step" aria-labelledby="appt-step-title"><h2 id="appt-step-title">${t('appt.overrideTitle')}</h2>
${errorSummary(ctx, s.errors)}
<p>${t('appt.firstMeetingRefusal')}</p>
<form method="post" action="${panelPaths.mode(v.id)}" class="appt-step-form">
${csrfInput(ctx, panelPaths.mode(v.id))}
<input type="hidden" name="mode" value="${s.mode}">
<input type="hidden" name="overriding" value="1">
${textArea({ id: 'override', label: t(s.mode === 'phone' ? 'appt.overrideReasonPhone' : 'appt.overrideReason'), hint: t('appt.overrideHint'), maxlength: 1000, value: s.reason, error: s.errors.find((e) => e.field === 'override')?.message })}
<button type="submit" class="button">${t(s.mode === 'phone' ? 'appt.overrideButtonPhone' : 'appt.overrideButton')}</button>
</form>
<p><a href="${base}">${t('appt.keep')}</a></p></section>`;
}

export interface HostView {
  shell: StaffShell;
  id: string;
  when: string;
  state: 'open' | 'not_yet' | 'closed';
  opens: string;
  opensInMs: number;
}

/**
 * "Start video meeting": the caseworker's side of the room. The page holds no token: join.js asks the
 * staff API for the host token (POST …/video-token, session cookie + the page's CSRF header) when the
 * caseworker presses Join, so no credential is ever in a URL, a log or the history.
 */
export function hostPage(ctx: WebContext, v: HostView): SafeHtml {
  const t = ctx.t;
  const base = staffPaths.appointment(v.id);
  const data = {
    state: v.state,
    apiUrl: `/api/v1/appointments/${v.id}/video-token`,
    csrfToken: v.shell.apiCsrfToken,
    opensInMs: v.opensInMs,
    messages: Object.fromEntries(SCRIPT_MESSAGES.map((k) => [k.slice('join.'.length), t(k)])),
  };
  const content =
    v.state === 'closed'
      ? html`<p>${t('join.ended')}</p>`
      : v.state === 'not_yet'
        ? html`<div id="join-status" role="status"><p>${t('appt.hostNotYet', { opens: v.opens })}</p></div>
<p><a href="${panelPaths.video(v.id)}">${t('join.reload')}</a></p>`
        : room(ctx);
  const body = html`<h1>${t('appt.hostTitle')}</h1>
<p>${t('join.meetingAt', { when: v.when })}</p>
${content}
${jsonData('join-data', data)}
<p><a href="${base}">${t('appt.backToPanel')}</a></p>`;
  return staffLayout(ctx, v.shell, {
    title: t('appt.hostTitle'),
    section: 'calendar',
    body,
    scripts: v.state === 'open' ? ['/assets/livekit-client.umd.js', '/assets/join.js'] : ['/assets/join.js'],
  });
}

/** Audit actions in words; anything else reads as "Changed". */
export const HISTORY_WORDS: Record<string, MessageKey> = {
  'appointment.created': 'appt.h.created',
  'appointment.recorded': 'appt.h.recorded',
  'appointment.confirmed': 'appt.h.confirmed',
  'appointment.confirm_repeated': 'appt.h.confirmRepeated',
  'appointment.hold_expired': 'appt.h.holdExpired',
  'appointment.rescheduled': 'appt.h.rescheduled',
  'appointment.reassigned': 'appt.h.reassigned',
  'appointment.mode_changed': 'appt.h.modeChanged',
  'appointment.cancelled': 'appt.h.cancelled',
  'appointment.completed': 'appt.h.completed',
  'appointment.no_show': 'appt.h.noShow',
  'appointment.note_added': 'appt.h.noteAdded',
  'appointment.invite_resent': 'appt.h.inviteResent',
  'video.host_joined': 'appt.h.hostJoined',
};

export const APPOINTMENT_PAGES = { ...SHARED_PAGES, panel: appointmentPanelPage, host: hostPage };
export type AppointmentOutcome = ViewsOf<typeof APPOINTMENT_PAGES> | Redirect;
