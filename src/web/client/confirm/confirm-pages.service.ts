import { Injectable } from '@nestjs/common';
import { AppointmentEntity } from '../../../appointments/data/appointment.entity';
import { BookingParties } from '../../../appointments/data/booking-parties.read-model';
import { AppointmentRepository } from '../../../appointments/data/appointment.repository';
import { isHoldExpired } from '../../../appointments/rules/booking-rules';
import { HoldConfirmation } from '../../../appointments/public/hold-confirmation.service';
import { CapabilityTokensService } from '../../../common/capability-tokens.service';
import { Clock } from '../../../common/clock';
import { DomainError, ErrorCode } from '../../../common/errors';
import { labelFor } from '../../../units/meeting-type-label';
import { UnitEntity } from '../../../units/unit.entity';
import { csrfRefused } from '../../http/message-pages';
import type { RequestContext } from '../../http/request-context';
import { formatRange, formatTime } from '../../ui/format';
import { url } from '../../ui/html';
import type { WebContext } from '../../ui/web-context';
import { bookPath, confirmPath } from '../paths';
import { ConfirmOutcome } from './confirm.page';

export interface ConfirmInput {
  /** The confirm token from the mail's link. */
  token: string;
}

const notFound = () => new DomainError(ErrorCode.NOT_FOUND, 'This link is not valid.');

/** GET and POST /confirm/:token: the link in the "confirm your booking" mail. */
@Injectable()
export class ConfirmPagesService {
  constructor(
    private readonly tokens: CapabilityTokensService,
    private readonly parties: BookingParties,
    private readonly appointments: AppointmentRepository,
    private readonly holds: HoldConfirmation,
    private readonly clock: Clock,
  ) {}

  /**
   * Shows the booking and changes nothing (docs/api.md: a GET never changes state): mail security
   * scanners open every link, so opening the link must not confirm a booking made in someone
   * else's name. A held booking gets a "Confirm" button; a confirmed one is shown as booked.
   */
  async show(rc: RequestContext, { token }: ConfirmInput): Promise<ConfirmOutcome> {
    const { a, unit, ctx, what } = await this.load(rc, token);
    if (this.expired(a)) return this.expiredPage(ctx, unit);
    const view = this.view(ctx, a, unit, what);
    if (a.status === 'held') {
      const heldUntil = formatTime(a.holdExpiresAt ?? a.startsAt, unit.timeZone, ctx.locale);
      return { ctx, page: 'confirm', view: { ...view, action: confirmPath(token), heldUntil } };
    }
    if (a.status !== 'confirmed') throw notFound();
    return { ctx, page: 'confirmed', view: { ...view, justNow: ctx.query.done === 'confirmed' } };
  }

  /** The button: confirms, then redirects to the GET (303), so a reload never posts again. */
  async confirm(rc: RequestContext, { token }: ConfirmInput): Promise<ConfirmOutcome> {
    const { a, unit, ctx } = await this.load(rc, token);
    const here = confirmPath(token);
    if (this.expired(a)) return this.expiredPage(ctx, unit);
    if (a.status === 'confirmed') return { redirect: here };
    if (a.status !== 'held') throw notFound();
    try {
      await this.holds.confirm(token);
    } catch (err) {
      if (err instanceof DomainError && err.code === ErrorCode.HOLD_EXPIRED) return this.expiredPage(ctx, unit);
      throw err;
    }
    return { redirect: url(here, { done: 'confirmed' }) };
  }

  /** The button posted without a valid token (PageFormGuard): back to the link's page. An unknown link is the 404. */
  async refusedForm(rc: RequestContext, { token }: ConfirmInput): Promise<ConfirmOutcome> {
    const { unit, ctx } = await this.load(rc, token);
    return csrfRefused(ctx, {
      siteName: unit.publicName,
      link: { href: confirmPath(token), label: ctx.t('common.back') },
    });
  }

  private async load(rc: RequestContext, token: string) {
    const cap = await this.tokens.resolve('confirm', token);
    if (!cap?.appointmentId) throw notFound();
    const a = await this.appointments.get(cap.appointmentId);
    const unit = await this.parties.unit(a.unitId);
    const client = await this.parties.client(unit.id, a.clientId);
    const ctx = rc.page({ clientLocale: client.locale, unitDefault: unit.defaultLocale });
    const type = await this.parties.meetingType(unit.id, a.meetingTypeId).catch(() => null);
    const what = type ? labelFor(type, ctx.locale) : ctx.t('common.meeting');
    return { a, unit, ctx, what };
  }

  /** Same test as the confirm itself: past its hold, or already released by the expiry job. */
  private expired(a: AppointmentEntity): boolean {
    return isHoldExpired(a, this.clock.now());
  }

  private expiredPage(ctx: WebContext, unit: UnitEntity): ConfirmOutcome {
    const t = ctx.t;
    return {
      ctx,
      page: 'message',
      status: 410,
      view: {
        title: t('confirm.expiredTitle'),
        body: t('confirm.expiredBody'),
        siteName: unit.publicName,
        unitPhone: unit.phone,
        link: { href: bookPath(unit.slug), label: t('confirm.bookAgain') },
      },
    };
  }

  private view(ctx: WebContext, a: AppointmentEntity, unit: UnitEntity, what: string) {
    return {
      siteName: unit.publicName,
      unitPhone: unit.phone,
      what,
      when: formatRange(a.startsAt.toISOString(), a.endsAt.toISOString(), unit.timeZone, ctx.locale, ctx.t),
      where: a.mode === 'in_person' ? (a.location ?? unit.address) : '',
      how: ctx.t(`mode.${a.mode}`),
    };
  }
}
