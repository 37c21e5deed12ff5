import { Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import type { AppointmentResponse, ClientBookingDto } from '../../../appointments/appointments.dto';
import { ClientPortalService } from '../../../appointments/client-portal/client-portal.service';
import { CapabilityTokensService } from '../../../common/capability-tokens.service';
import { DomainError, ErrorCode } from '../../../common/errors';
import { joinLinkExpiry } from '../../../notifications/notification-links';
import { webIdempotencyKey } from '../../http/idempotency-key';
import { csrfRefused } from '../../http/message-pages';
import type { RequestContext } from '../../http/request-context';
import { errorSlug, isUserFacing } from '../../ui/error-messages';
import { localDate, parseInstant } from '../../ui/format';
import { url } from '../../ui/html';
import { viewedAt } from '../../ui/web-context';
import { joinPath } from '../paths';
import { MeInput, MeModel, MePagesService } from './me-pages.service';
import type { MeOutcome } from './me.page';

/** One of the client's appointments, by the id in the path. */
export interface MeAppointmentInput extends MeInput {
  id: string;
}

/** The posted fields, as sent ('' when absent); each action checks the ones it uses. */
export interface MeBookInput extends MeInput {
  type: string;
  mode: string;
  start: string;
}

export interface MeRescheduleInput extends MeAppointmentInput {
  start: string;
}

export interface MeModeInput extends MeAppointmentInput {
  mode: string;
}

export interface MeNoteInput extends MeAppointmentInput {
  text: string;
}

const notFound = () => new DomainError(ErrorCode.NOT_FOUND, 'Appointment not found');

/**
 * The POSTs of the client page (their CSRF token checked before, by PageFormGuard). Each calls
 * ClientPortalService, then redirects (303) with `?done=` or `?error=`, so a reload never repeats an action.
 */
@Injectable()
export class MeActionsService {
  constructor(
    private readonly pages: MePagesService,
    private readonly portal: ClientPortalService,
    private readonly tokens: CapabilityTokensService,
  ) {}

  async book(rc: RequestContext, { token, ...form }: MeBookInput): Promise<MeOutcome> {
    return this.guarded(rc, token, async (m) => {
      const { type, mode } = form;
      const start = parseInstant(form.start);
      if (!isUUID(type) || (mode !== 'in_person' && mode !== 'video') || !start)
        return { redirect: url(m.base, { view: 'book' }) };
      const dto: ClientBookingDto = { meetingTypeId: type, startsAt: start, mode };
      const back = { view: 'book', type, mode, week: localDate(start, m.s.unit.timeZone) };
      return this.attempt(m, () => this.portal.book(m.s, dto, webIdempotencyKey(rc, dto)), 'booked', back);
    });
  }

  async reschedule(rc: RequestContext, { token, id, start: posted }: MeRescheduleInput): Promise<MeOutcome> {
    return this.guarded(rc, token, async (m) => {
      const a = this.own(m, id);
      const start = parseInstant(posted);
      if (!start) return { redirect: url(m.base, { view: 'reschedule', id: a.id }) };
      return this.attempt(m, () => this.portal.reschedule(m.s, a.id, start), 'rescheduled', {
        view: 'reschedule',
        id: a.id,
        week: localDate(start, m.s.unit.timeZone),
      });
    });
  }

  async cancel(rc: RequestContext, { token, id }: MeAppointmentInput): Promise<MeOutcome> {
    return this.guarded(rc, token, (m) =>
      this.attempt(m, () => this.portal.cancel(m.s, this.own(m, id).id), 'cancelled'),
    );
  }

  async mode(rc: RequestContext, { token, id, mode }: MeModeInput): Promise<MeOutcome> {
    return this.guarded(rc, token, async (m) => {
      if (mode !== 'in_person' && mode !== 'video') return { redirect: m.base };
      return this.attempt(m, () => this.portal.changeMode(m.s, this.own(m, id).id, mode), 'mode');
    });
  }

  /** A note that is empty or too long re-renders the page with the text kept and the error at the field. */
  async note(rc: RequestContext, { token, id, text: posted }: MeNoteInput): Promise<MeOutcome> {
    return this.guarded(rc, token, async (m) => {
      const a = this.own(m, id);
      const text = posted.trim();
      if (!text || text.length > 4000) {
        return this.pages.overview(
          { ...m, ctx: viewedAt(m.ctx, m.base) },
          {
            appointmentId: a.id,
            text: text.slice(0, 4000),
            error: text ? 'field.note.tooLong' : 'field.note.required',
          },
        );
      }
      return this.attempt(m, () => this.portal.addNote(m.s, a.id, text), 'note');
    });
  }

  /**
   * The join link on the client page: the same link as in the mails (re-derived, see
   * CapabilityTokensService.issueShared), so that opening it again adds no token row.
   */
  async join(rc: RequestContext, { token, id }: MeAppointmentInput): Promise<MeOutcome> {
    const m = await this.pages.load(rc, token);
    const a = this.own(m, id);
    if (a.mode !== 'video' || a.status !== 'confirmed') throw notFound();
    const join = await this.tokens.issueShared(
      'join',
      { appointmentId: a.id, clientId: a.clientId },
      joinLinkExpiry(new Date(a.endsAt)),
    );
    return { redirect: joinPath(join) };
  }

  /** A form of the client page posted without a valid token (PageFormGuard): back to the list. */
  async refusedForm(rc: RequestContext, { token }: MeInput): Promise<MeOutcome> {
    const m = await this.pages.load(rc, token);
    return csrfRefused(viewedAt(m.ctx, m.base), {
      siteName: m.s.unit.publicName,
      link: { href: m.base, label: m.ctx.t('me.backToList') },
    });
  }

  private async guarded(
    rc: RequestContext,
    token: string,
    run: (m: MeModel) => Promise<MeOutcome>,
  ): Promise<MeOutcome> {
    return run(await this.pages.load(rc, token));
  }

  /** Runs the change; a refusal the client can act on goes back to the step it came from, with the reason. */
  private async attempt(
    m: MeModel,
    change: () => Promise<AppointmentResponse>,
    done: string,
    back: Record<string, string> = {},
  ): Promise<MeOutcome> {
    try {
      await change();
      return { redirect: url(m.base, { done }) };
    } catch (err) {
      if (!isUserFacing(err)) throw err;
      // Only a lost or unusable time is worth retrying in the same step; the rest goes back to the list.
      const retry =
        err.code === ErrorCode.SLOT_TAKEN ||
        err.code === ErrorCode.SLOT_UNAVAILABLE ||
        err.code === ErrorCode.MODE_NOT_ALLOWED ||
        err.code === ErrorCode.FIRST_MEETING_IN_PERSON;
      return { redirect: url(m.base, { ...(retry ? back : {}), error: errorSlug(err.code) }) };
    }
  }

  /** One of this client's own appointments; any other id (or a malformed one) is simply not found. */
  private own(m: MeModel, id: string): AppointmentResponse {
    const a = isUUID(id) ? m.appointments.find((x) => x.id === id) : undefined;
    if (!a) throw notFound();
    return a;
  }
}
