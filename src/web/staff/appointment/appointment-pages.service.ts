import { Inject, Injectable } from '@nestjs/common';
import type { Config } from '../../../../config/config';
import { CONFIG } from '../../../common/injection-tokens';
import { liveKitSources } from '../../http/page-response';
import { isUUID } from 'class-validator';
import {
  AppointmentChangesService,
  ChangeActor,
  Changed,
} from '../../../appointments/changes/appointment-changes.service';
import { LIVE_STATUSES } from '../../../appointments/data/appointment.entity';
import { AppointmentPanel, StaffAppointmentViews } from '../../../appointments/staff/staff-appointment-views.service';
import { StaffAppointmentsService } from '../../../appointments/staff/staff-appointments.service';
import type { StaffSessionPrincipal } from '../../../auth/staff-sessions.service';
import { Clock } from '../../../common/clock';
import { DomainError, ErrorCode, ErrorReason } from '../../../common/errors';
import { hostJoinWindow, isJoinOpen, joinWindow } from '../../../video/join-window';
import { isLocale, LANGUAGE_NAMES, MessageKey } from '../../i18n';
import { csrfRefused } from '../../http/message-pages';
import type { RequestContext } from '../../http/request-context';
import type { FieldError } from '../../ui/components';
import { isUserFacing, messageFor } from '../../ui/error-messages';
import {
  formatDateTime,
  formatRange,
  groupByDay,
  localDate,
  parseInstant,
  weekStart,
  weekView,
  zoneLabel,
} from '../../ui/format';
import { url } from '../../ui/html';
import { viewedAt, WebContext } from '../../ui/web-context';
import { staffPaths } from '../paths';
import type { StaffShell } from '../ui/staff-layout';
import { StaffShellService } from '../ui/staff-shell.service';
import { AppointmentOutcome, HISTORY_WORDS, PanelStep } from './appointment.page';

/** `?done=` values and what they say. */
const DONE: Record<string, MessageKey> = {
  rescheduled: 'appt.done.rescheduled',
  mode: 'appt.done.mode',
  cancelled: 'appt.done.cancelled',
  completed: 'appt.done.completed',
  no_show: 'appt.done.noShow',
  resent: 'appt.done.resent',
};

/** `?error=` values: only our own sentences can be picked by the query string. */
const ERRORS: Record<string, MessageKey> = {
  'slot-taken': 'appt.error.slotTaken',
  'slot-unavailable': 'appt.error.slotUnavailable',
  'mode-not-allowed': 'appt.error.modeNotAllowed',
  'no-phone': 'appt.error.noPhone',
  'first-meeting': 'appt.firstMeetingRefusal',
  'before-start': 'appt.error.beforeStart',
  'not-live': 'appt.error.notLive',
  'not-confirmed': 'appt.error.notConfirmed',
  'handed-over': 'appt.error.handedOver',
  generic: 'error.GENERIC',
};

interface Loaded {
  ctx: WebContext;
  shell: StaffShell;
  panel: AppointmentPanel;
}

export interface PanelInput {
  staff: StaffSessionPrincipal;
  id: string;
}

/**
 * The appointment panel's pages: GET shows the meeting (and the step of an action asked for with
 * `?view=`); each POST checks CSRF, calls the same use case as the staff API with the session's
 * principal, and answers a 303 back with `?done=` or `?error=`; a refusal of a form with text in it
 * (cancel reason, override reason) is shown at once with the text kept.
 */
@Injectable()
export class AppointmentPanelPagesService {
  constructor(
    private readonly shell: StaffShellService,
    private readonly views: StaffAppointmentViews,
    private readonly staffAppointments: StaffAppointmentsService,
    private readonly changes: AppointmentChangesService,
    private readonly clock: Clock,
    @Inject(CONFIG) config: Config,
  ) {
    this.liveKit = liveKitSources(config.LIVEKIT_URL);
  }

  /** The LiveKit server, allowed as a connect source on the host page only. */
  private readonly liveKit: string[];

  async show(rc: RequestContext, { staff, id }: PanelInput): Promise<AppointmentOutcome> {
    const loaded = await this.load(rc, staff, id);
    const { ctx, panel } = loaded;
    const q = rc.query;
    let step: PanelStep | null = null;
    if (q.view === 'reschedule' || q.view === 'cancel') {
      if (!panel.canManage) throw forbidden();
      step =
        q.view === 'cancel' ? { kind: 'cancel', reason: '', errors: [] } : await this.rescheduleStep(ctx, staff, panel);
    }
    return this.render(loaded, step, {
      done: DONE[q.done] ? ctx.t(DONE[q.done]) : null,
      error: ERRORS[q.error] ? ctx.t(ERRORS[q.error]) : null,
    });
  }

  async reschedule(rc: RequestContext, input: PanelInput & { start: string }): Promise<AppointmentOutcome> {
    return this.guarded(rc, input, async (ctx, panel) => {
      const base = staffPaths.appointment(panel.appointment.id);
      const start = parseInstant(input.start);
      if (!start) return { redirect: url(base, { view: 'reschedule' }) };
      const back = { view: 'reschedule', week: localDate(start, panel.unit.timeZone) };
      return this.attempt(
        ctx,
        panel,
        input,
        (actor) => this.changes.reschedule(panel.appointment.id, actor, new Date(start)),
        'rescheduled',
        back,
      );
    });
  }

  async mode(
    rc: RequestContext,
    input: PanelInput & { mode: string; override: string; overriding: boolean },
  ): Promise<AppointmentOutcome> {
    return this.guarded(rc, input, async (ctx, panel, loaded) => {
      const mode = input.mode;
      if (mode !== 'in_person' && mode !== 'video' && mode !== 'phone')
        return { redirect: staffPaths.appointment(panel.appointment.id) };
      const reason = input.override.trim();
      const overriding = input.overriding || reason !== '';
      if (overriding && (reason.length < 5 || reason.length > 1000)) {
        const message = ctx.t(reason.length < 5 ? 'appt.field.overrideRequired' : 'appt.field.tooLong');
        const step = {
          kind: 'override' as const,
          mode: mode === 'phone' ? ('phone' as const) : ('video' as const),
          reason,
        };
        return this.render(loaded, { ...step, errors: [{ field: 'override', message }] }, {}, 422);
      }
      try {
        await this.staffAppointments.change(input.staff, (actor) =>
          this.changes.changeMode(panel.appointment.id, actor, mode, reason || undefined),
        );
        return { redirect: url(staffPaths.appointment(panel.appointment.id), { done: 'mode' }) };
      } catch (err) {
        if (err instanceof DomainError && err.code === ErrorCode.FIRST_MEETING_IN_PERSON)
          return this.render(
            loaded,
            { kind: 'override', mode: mode === 'phone' ? mode : 'video', reason, errors: [] },
            {},
            422,
          );
        return this.refused(err, panel);
      }
    });
  }

  async cancel(rc: RequestContext, input: PanelInput & { reason: string }): Promise<AppointmentOutcome> {
    return this.guarded(rc, input, async (ctx, panel, loaded) => {
      const reason = input.reason.trim();
      if (!reason || reason.length > 1000) {
        const errors: FieldError[] = [
          { field: 'reason', message: ctx.t(reason ? 'appt.field.tooLong' : 'appt.field.reasonRequired') },
        ];
        return this.render(loaded, { kind: 'cancel', reason: input.reason, errors }, {}, 422);
      }
      return this.attempt(
        ctx,
        panel,
        input,
        (actor) => this.changes.cancel(panel.appointment.id, actor, reason),
        'cancelled',
      );
    });
  }

  async attendance(rc: RequestContext, input: PanelInput & { status: string }): Promise<AppointmentOutcome> {
    return this.guarded(rc, input, async (ctx, panel) => {
      const status = input.status;
      if (status !== 'completed' && status !== 'no_show')
        return { redirect: staffPaths.appointment(panel.appointment.id) };
      return this.attempt(
        ctx,
        panel,
        input,
        (actor) => this.changes.attendance(panel.appointment.id, actor, status),
        status,
      );
    });
  }

  async resend(rc: RequestContext, input: PanelInput): Promise<AppointmentOutcome> {
    return this.guarded(rc, input, (ctx, panel) =>
      this.attempt(ctx, panel, input, (actor) => this.changes.resendInvite(panel.appointment.id, actor), 'resent'),
    );
  }

  /** The host's video page: their own meeting (or an admin's unit), video and confirmed, else 403/404. */
  async video(rc: RequestContext, { staff, id }: PanelInput): Promise<AppointmentOutcome> {
    const { ctx, shell, panel } = await this.load(rc, staff, id);
    const a = panel.appointment;
    if (!panel.canManage) throw forbidden();
    if (a.mode !== 'video' || a.status !== 'confirmed' || !a.roomName)
      throw new DomainError(ErrorCode.NOT_FOUND, 'This appointment has no video room.');
    const zone = panel.unit.timeZone;
    const w = hostJoinWindow(a.startsAt, a.endsAt, panel.unit);
    const now = this.clock.now();
    return {
      ctx,
      page: 'host',
      csp: { connect: this.liveKit, media: ['blob:'] },
      view: {
        shell,
        id: a.id,
        when: formatRange(a.startsAt.toISOString(), a.endsAt.toISOString(), zone, ctx.locale, ctx.t),
        state: isJoinOpen(now, w),
        opens: formatDateTime(w.opensAt, zone, ctx.locale, ctx.t),
        opensInMs: Math.max(0, w.opensAt.getTime() - now.getTime()),
      },
    };
  }

  private async load(rc: RequestContext, staff: StaffSessionPrincipal, id: string): Promise<Loaded> {
    if (!isUUID(id)) throw new DomainError(ErrorCode.NOT_FOUND, 'Appointment not found');
    const page = await this.shell.page(rc, staff);
    const panel = await this.views.panel(staff, id);
    return { ...page, panel };
  }

  /**
   * A panel form posted without a valid token (PageFormGuard): back to the panel. CSRF comes before
   * whose it is, so this is the answer even on another caseworker's meeting.
   */
  async refusedForm(rc: RequestContext, input: PanelInput): Promise<AppointmentOutcome> {
    const { ctx, panel, shell } = await this.load(rc, input.staff, input.id);
    const base = staffPaths.appointment(panel.appointment.id);
    const at = viewedAt(ctx, base);
    return csrfRefused(at, { siteName: shell.unitName, link: { href: base, label: ctx.t('appt.backToPanel') } });
  }

  /** Whose it is: another caseworker's meeting → 403 page (before any change is tried). CSRF: PageFormGuard. */
  private async guarded(
    rc: RequestContext,
    input: PanelInput,
    run: (ctx: WebContext, panel: AppointmentPanel, loaded: Loaded) => Promise<AppointmentOutcome>,
  ): Promise<AppointmentOutcome> {
    const loaded = await this.load(rc, input.staff, input.id);
    const { ctx, panel } = loaded;
    const at = viewedAt(ctx, staffPaths.appointment(panel.appointment.id));
    if (!panel.canManage) throw forbidden();
    return run(at, panel, { ...loaded, ctx: at });
  }

  private async attempt(
    _ctx: WebContext,
    panel: AppointmentPanel,
    input: PanelInput,
    change: (actor: ChangeActor) => Promise<Changed>,
    done: string,
    back: Record<string, string> = {},
  ): Promise<AppointmentOutcome> {
    try {
      await this.staffAppointments.change(input.staff, change);
      return { redirect: url(staffPaths.appointment(panel.appointment.id), { done }) };
    } catch (err) {
      return this.refused(err, panel, back);
    }
  }

  /** A refusal staff can act on goes back with the rule in words; anything else becomes an error page. */
  private refused(err: unknown, panel: AppointmentPanel, back: Record<string, string> = {}): AppointmentOutcome {
    const a = panel.appointment;
    const base = staffPaths.appointment(a.id);
    // A phone meeting needs the client's number (rule 14): said in words rather than an error page.
    if (err instanceof DomainError && err.code === ErrorCode.VALIDATION_FAILED && err.details.field === 'phone')
      return { redirect: url(base, { error: 'no-phone' }) };
    if (!(err instanceof DomainError) || !isUserFacing(err)) throw err;
    const slug = (() => {
      switch (err.code) {
        case ErrorCode.SLOT_TAKEN:
          return 'slot-taken';
        case ErrorCode.SLOT_UNAVAILABLE:
          return 'slot-unavailable';
        case ErrorCode.MODE_NOT_ALLOWED:
          return 'mode-not-allowed';
        case ErrorCode.FIRST_MEETING_IN_PERSON:
          return 'first-meeting';
        case ErrorCode.CONFLICT:
          return this.conflictSlug(err, a.startsAt);
        default:
          return 'generic';
      }
    })();
    const retry = slug === 'slot-taken' || slug === 'slot-unavailable';
    return { redirect: url(base, { ...(retry ? back : {}), error: slug }) };
  }

  private conflictSlug(err: DomainError, startsAt: Date): string {
    if (err.reason === ErrorReason.HANDED_OVER) return 'handed-over';
    if (err.reason === ErrorReason.NO_INVITE) return 'not-confirmed';
    if (err.reason === ErrorReason.NOT_STARTED || startsAt > this.clock.now()) return 'before-start';
    return 'not-live';
  }

  private async rescheduleStep(
    ctx: WebContext,
    staff: StaffSessionPrincipal,
    panel: AppointmentPanel,
  ): Promise<PanelStep> {
    const a = panel.appointment;
    const zone = panel.unit.timeZone;
    const now = this.clock.now();
    const view = weekView(weekStart(now, zone, ctx.query.week), now, zone, ctx.locale, ctx.t, panel.type.horizonDays);
    const res = await this.staffAppointments.slots(staff, a.caseworkerId, {
      meetingTypeId: a.meetingTypeId,
      mode: a.mode,
      from: view.from,
      to: view.to,
      appointmentId: a.id,
    });
    const own = a.startsAt.toISOString();
    const slots = res.slots.filter((s) => s.startsAt !== own);
    const pickedStart = parseInstant(ctx.query.start);
    const picked =
      pickedStart && slots.some((s) => new Date(s.startsAt).toISOString() === pickedStart)
        ? { start: pickedStart, label: formatDateTime(pickedStart, zone, ctx.locale, ctx.t) }
        : undefined;
    const reason = res.reason && !slots.length ? ctx.t(messageFor(res.reason)) : null;
    return {
      kind: 'reschedule',
      week: { view, days: groupByDay(slots, zone, ctx.locale), zone: zoneLabel(zone, ctx.locale), reason },
      picked,
    };
  }

  private render(
    { ctx, shell, panel }: Loaded,
    step: PanelStep | null,
    notices: { done?: string | null; error?: string | null },
    status = 200,
  ): AppointmentOutcome {
    const t = ctx.t;
    const a = panel.appointment;
    const zone = panel.unit.timeZone;
    const now = this.clock.now();
    const when = formatRange(a.startsAt.toISOString(), a.endsAt.toISOString(), zone, ctx.locale, t);
    const w = a.mode === 'video' ? joinWindow(a.startsAt, a.endsAt, panel.unit) : null;
    const client = panel.client && !panel.client.erasedAt ? panel.client : null;
    const history = panel.history.map((h) => {
      const who =
        h.actor.type === 'client'
          ? t('appt.actor.client')
          : h.actor.type === 'system'
            ? t('appt.actor.system')
            : (h.actor.name ?? t('appt.actor.staff'));
      let what = t(HISTORY_WORDS[h.action] ?? 'appt.h.other');
      if (
        h.action === 'appointment.mode_changed' &&
        (h.details.mode === 'video' || h.details.mode === 'in_person' || h.details.mode === 'phone')
      )
        what = t('appt.h.modeChangedTo', { mode: t(`mode.${h.details.mode}`) });
      if (h.details.firstMeetingOverride === true) what = `${what} ${t('appt.h.override')}`;
      if (h.details.reasonGiven === true) what = `${what} ${t('appt.h.reasonGiven')}`;
      return { at: formatDateTime(h.at, zone, ctx.locale, t), who, what };
    });
    return {
      ctx,
      page: 'panel',
      status,
      view: {
        shell,
        id: a.id,
        title: t('appt.title', { type: panel.type.name }),
        when,
        zone: zoneLabel(zone, ctx.locale),
        status: t(`appt.st.${a.status}` as MessageKey),
        cancelReason:
          a.status === 'cancelled' && a.cancelReason && a.cancelReason !== 'client' && a.cancelReason !== 'staff'
            ? a.cancelReason
            : null,
        mode: a.mode,
        modeLabel: t(`mode.${a.mode}`),
        typeModes: panel.type.modes,
        where: a.mode === 'in_person' ? a.location || panel.unit.address || null : null,
        typeName: panel.type.name,
        caseworker: panel.caseworker.name,
        client: client
          ? {
              id: client.id,
              name: client.name ?? '',
              email: client.email ?? '',
              phone: client.phone ?? '',
              language: isLocale(client.locale) ? LANGUAGE_NAMES[client.locale] : client.locale,
            }
          : null,
        notes: panel.notes.map((n) => ({
          at: formatDateTime(n.createdAt, zone, ctx.locale, t),
          author: t(n.author === 'client' ? 'appt.actor.client' : 'appt.actor.staff'),
          text: n.text,
        })),
        joinWindow: w
          ? t('appt.joinWindowText', {
              opens: formatDateTime(w.opensAt, zone, ctx.locale, t),
              closes: formatDateTime(w.closesAt, zone, ctx.locale, t),
            })
          : null,
        history,
        canManage: panel.canManage,
        live: LIVE_STATUSES.includes(a.status),
        started: a.startsAt <= now,
        confirmed: a.status === 'confirmed',
        recorded: a.status === 'completed' || a.status === 'no_show' ? a.status : null,
        done: notices.done ?? null,
        error: notices.error ?? null,
        step,
      },
    };
  }
}

function forbidden(): DomainError {
  return new DomainError(ErrorCode.FORBIDDEN, 'You can only change your own calendar.');
}
