import type { Mode } from '../../../common/mode';
import { Injectable } from '@nestjs/common';
import type { AppointmentResponse } from '../../../appointments/appointments.dto';
import { ClientPortalService, ClientSession } from '../../../appointments/client-portal/client-portal.service';
import { Clock } from '../../../common/clock';
import { ErrorCode } from '../../../common/errors';
import type { MeetingTypeEntity } from '../../../units/meeting-type.entity';
import { labelFor } from '../../../units/meeting-type-label';
import type { RequestContext } from '../../http/request-context';
import { MessageKey } from '../../i18n';
import { messageForSlug } from '../../ui/error-messages';
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
import type { WebContext } from '../../ui/web-context';
import { mePath } from '../paths';
import { bookableTypes } from '../bookable-types';
import { MeetingTypesReadModel } from '../meeting-types.read-model';
import type { WeekChoice } from './me-flows.page';
import { MeOutcome, UpcomingView } from './me.page';

const DONE: Record<string, MessageKey> = {
  cancelled: 'me.done.cancelled',
  rescheduled: 'me.done.rescheduled',
  booked: 'me.done.booked',
  mode: 'me.done.mode',
  note: 'me.done.note',
};

/** Everything one GET of the client page needs, loaded once. */
export interface MeModel {
  token: string;
  base: string;
  s: ClientSession;
  ctx: WebContext;
  now: Date;
  appointments: AppointmentResponse[];
  types: MeetingTypeEntity[];
}

export interface MeInput {
  /** The client's personal token from the link: the credential (no account). */
  token: string;
}

export interface NoteState {
  appointmentId: string;
  text: string;
  error: MessageKey;
}

/** GET /me/:token and its steps (?view=reschedule|cancel|book). */
@Injectable()
export class MePagesService {
  constructor(
    private readonly portal: ClientPortalService,
    private readonly meetingTypes: MeetingTypesReadModel,
    private readonly clock: Clock,
  ) {}

  async load(rc: RequestContext, token: string): Promise<MeModel> {
    const s = await this.portal.session(token);
    const ctx = rc.page({ clientLocale: s.client.locale, unitDefault: s.unit.defaultLocale });
    const [overview, types] = await Promise.all([this.portal.overview(s), this.meetingTypes.ofUnit(s.unit.id)]);
    return { token, base: mePath(token), s, ctx, now: this.clock.now(), appointments: overview.appointments, types };
  }

  async show(rc: RequestContext, { token }: MeInput): Promise<MeOutcome> {
    const m = await this.load(rc, token);
    const q = m.ctx.query;
    if (q.view === 'reschedule' || q.view === 'cancel') {
      const a = this.upcoming(m).find((x) => x.id === q.id && this.changeable(m, x));
      if (!a) return { redirect: m.base };
      return q.view === 'cancel' ? this.cancelStep(m, a) : this.rescheduleStep(m, a);
    }
    if (q.view === 'book') return this.bookStep(m);
    return this.overview(m);
  }

  async overview(m: MeModel, note?: NoteState): Promise<MeOutcome> {
    const { ctx, s } = m;
    const t = ctx.t;
    const upcoming = this.upcoming(m);
    const views: UpcomingView[] = [];
    for (const a of upcoming) {
      const type = m.types.find((x) => x.id === a.meetingTypeId);
      views.push({
        id: a.id,
        what: this.label(m, a.meetingTypeId),
        when: this.when(m, a),
        status: t(`status.${a.status}`),
        how: t(`mode.${a.mode}`),
        where: a.mode === 'in_person' ? (a.location ?? s.unit.address) : '',
        changeable: this.changeable(m, a),
        cutoffAt: formatDateTime(
          new Date(Date.parse(a.startsAt) - s.unit.clientChangeCutoffMinutes * 60_000),
          s.unit.timeZone,
          ctx.locale,
          t,
        ),
        modeSwitch: !type
          ? null
          : a.mode === 'video'
            ? type.modes.includes('in_person')
              ? { to: 'in_person', allowed: true }
              : null
            : await this.videoSwitch(m, type),
        joinHref: a.mode === 'video' && a.status === 'confirmed' ? `${m.base}/appointments/${a.id}/join` : null,
        ...(note?.appointmentId === a.id ? { note: { text: note.text, error: t(note.error) } } : {}),
      });
    }
    const past = m.appointments.filter((a) => !upcoming.includes(a)).reverse();
    const errorKey = messageForSlug(ctx.query.error);
    return {
      ctx,
      page: 'me',
      status: note ? 400 : 200,
      view: {
        siteName: s.unit.publicName,
        unitPhone: s.unit.phone,
        base: m.base,
        name: s.client.name,
        caseworker: s.caseworker?.name ?? null,
        done: DONE[ctx.query.done] ? t(DONE[ctx.query.done]) : null,
        error: errorKey ? t(errorKey) : null,
        upcoming: views,
        // A confirmed meeting that has ended is over, whether or not attendance was recorded yet.
        past: past.map((a) => ({
          what: this.label(m, a.meetingTypeId),
          when: this.when(m, a),
          status: t(a.status === 'confirmed' ? 'status.past' : `status.${a.status}`),
        })),
        canBook: bookableTypes(m.types, !!s.caseworker).length > 0,
      },
    };
  }

  private async rescheduleStep(m: MeModel, a: AppointmentResponse): Promise<MeOutcome> {
    const { ctx } = m;
    const base = { siteName: m.s.unit.publicName, unitPhone: m.s.unit.phone, base: m.base, error: this.error(m) };
    const start = parseInstant(ctx.query.start);
    const params = { view: 'reschedule', id: a.id };
    if (start) {
      const end = new Date(Date.parse(start) + (Date.parse(a.endsAt) - Date.parse(a.startsAt))).toISOString();
      return {
        ctx,
        page: 'rescheduleConfirm',
        view: {
          ...base,
          action: `${m.base}/appointments/${a.id}/reschedule`,
          start,
          from: this.when(m, a),
          to: formatRange(start, end, m.s.unit.timeZone, ctx.locale, ctx.t),
          weekHref: url(m.base, { ...params, week: localDate(start, m.s.unit.timeZone) }),
        },
      };
    }
    return {
      ctx,
      page: 'rescheduleWeek',
      view: { ...base, when: this.when(m, a), week: await this.week(m, a.meetingTypeId, a.mode, params, a) },
    };
  }

  private cancelStep(m: MeModel, a: AppointmentResponse): MeOutcome {
    return {
      ctx: m.ctx,
      page: 'cancelConfirm',
      view: {
        siteName: m.s.unit.publicName,
        unitPhone: m.s.unit.phone,
        base: m.base,
        error: this.error(m),
        action: `${m.base}/appointments/${a.id}/cancel`,
        when: this.when(m, a),
      },
    };
  }

  private async bookStep(m: MeModel): Promise<MeOutcome> {
    const { ctx } = m;
    const t = ctx.t;
    const types = bookableTypes(m.types, !!m.s.caseworker);
    const base = { siteName: m.s.unit.publicName, unitPhone: m.s.unit.phone, base: m.base, error: this.error(m) };
    const type = types.find((x) => x.id === ctx.query.type) ?? (types.length === 1 ? types[0] : undefined);
    if (!type) {
      if (!types.length) return { redirect: m.base };
      return {
        ctx,
        page: 'bookTypeChoice',
        view: {
          ...base,
          caseworker: m.s.caseworker?.name ?? null,
          types: types.map((x) => ({ id: x.id, label: labelFor(x, ctx.locale), minutes: x.durationMinutes })),
        },
      };
    }
    const what = `${labelFor(type, ctx.locale)} (${t('common.minutes', { minutes: type.durationMinutes })})`;
    const mode = ctx.query.mode === 'video' || ctx.query.mode === 'in_person' ? ctx.query.mode : null;
    if (!mode) {
      const videoReason = (await this.videoSwitch(m, type))?.reason ?? null;
      const inPerson = type.modes.includes('in_person');
      return {
        ctx,
        page: 'bookMode',
        view: {
          ...base,
          what,
          typeId: type.id,
          options: [
            ...(inPerson ? [{ value: 'in_person', label: t('mode.in_person'), checked: true }] : []),
            {
              value: 'video',
              label: t('mode.video'),
              checked: !inPerson && !videoReason,
              disabled: !!videoReason,
              reason: videoReason ?? undefined,
            },
          ],
        },
      };
    }
    const how = t(`mode.${mode}`);
    const params = { view: 'book', type: type.id, mode };
    const start = parseInstant(ctx.query.start);
    if (start) {
      const end = new Date(Date.parse(start) + type.durationMinutes * 60_000).toISOString();
      return {
        ctx,
        page: 'bookConfirm',
        view: {
          ...base,
          action: `${m.base}/appointments`,
          what,
          how,
          when: formatRange(start, end, m.s.unit.timeZone, ctx.locale, t),
          hidden: { type: type.id, mode, start },
          weekHref: url(m.base, { ...params, week: localDate(start, m.s.unit.timeZone) }),
        },
      };
    }
    return { ctx, page: 'bookWeek', view: { ...base, what, how, week: await this.week(m, type.id, mode, params) } };
  }

  /** A week of free times; when moving an appointment (`moving`), the times it holds itself are free too. */
  private async week(
    m: MeModel,
    meetingTypeId: string,
    mode: Mode,
    params: Record<string, string>,
    moving?: AppointmentResponse,
  ): Promise<WeekChoice> {
    const { ctx, now } = m;
    const zone = m.s.unit.timeZone;
    const horizonDays = m.types.find((x) => x.id === meetingTypeId)?.horizonDays;
    const view = weekView(weekStart(now, zone, ctx.query.week), now, zone, ctx.locale, ctx.t, horizonDays);
    const res = await this.portal.slots(m.s, {
      meetingTypeId,
      mode,
      from: view.from,
      to: view.to,
      appointmentId: moving?.id,
    });
    // The appointment's own time is no new time to move to.
    const slots = moving ? res.slots.filter((s) => s.startsAt !== moving.startsAt) : res.slots;
    const reason =
      res.reason === ErrorCode.FIRST_MEETING_IN_PERSON
        ? ctx.t('me.videoFirst')
        : res.reason === ErrorCode.MODE_NOT_ALLOWED
          ? ctx.t('me.videoNotOffered')
          : null;
    return { view, days: groupByDay(slots, zone, ctx.locale), zone: zoneLabel(zone, ctx.locale), params, reason };
  }

  /**
   * Whether this client may have video for this type now (the rule asked directly, see
   * ClientPortalService.videoRefusal).
   */
  private async videoSwitch(
    m: MeModel,
    type: MeetingTypeEntity,
  ): Promise<{ to: 'video'; allowed: boolean; reason?: string }> {
    if (!type.modes.includes('video')) return { to: 'video', allowed: false, reason: m.ctx.t('me.videoNotOffered') };
    const res = { reason: await this.portal.videoRefusal(m.s, type) };
    if (res.reason === ErrorCode.FIRST_MEETING_IN_PERSON)
      return { to: 'video', allowed: false, reason: m.ctx.t('me.videoFirst') };
    if (res.reason) return { to: 'video', allowed: false, reason: m.ctx.t('me.videoNotOffered') };
    return { to: 'video', allowed: true };
  }

  upcoming(m: MeModel): AppointmentResponse[] {
    return m.appointments.filter(
      (a) => (a.status === 'held' || a.status === 'confirmed') && Date.parse(a.endsAt) > m.now.getTime(),
    );
  }

  private changeable(m: MeModel, a: AppointmentResponse): boolean {
    return Date.parse(a.startsAt) - m.now.getTime() >= m.s.unit.clientChangeCutoffMinutes * 60_000;
  }

  private label(m: MeModel, typeId: string): string {
    const type = m.types.find((x) => x.id === typeId);
    return type ? labelFor(type, m.ctx.locale) : m.ctx.t('common.meeting');
  }

  private when(m: MeModel, a: AppointmentResponse): string {
    return formatRange(a.startsAt, a.endsAt, m.s.unit.timeZone, m.ctx.locale, m.ctx.t);
  }

  private error(m: MeModel): string | null {
    const key = messageForSlug(m.ctx.query.error);
    return key ? m.ctx.t(key) : null;
  }
}
