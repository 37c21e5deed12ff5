import { Injectable } from '@nestjs/common';
import { PublicBookingService, PublicUnit } from '../../../appointments/public/public-booking.service';
import { Clock } from '../../../common/clock';
import { DomainError, ErrorCode } from '../../../common/errors';
import { UnitEntity } from '../../../units/unit.entity';
import { UnitsService } from '../../../units/units.service';
import { csrfRefused } from '../../http/message-pages';
import { webIdempotencyKey } from '../../http/idempotency-key';
import { labelFor } from '../../../units/meeting-type-label';
import type { RequestContext } from '../../http/request-context';
import {
  formatDate,
  formatRange,
  formatTime,
  groupByDay,
  localDate,
  parseInstant,
  weekStart,
  weekView,
  zoneLabel,
} from '../../ui/format';
import { url } from '../../ui/html';
import { viewedAt, WebContext } from '../../ui/web-context';
import { MeetingTypesReadModel } from '../meeting-types.read-model';
import { BookingForm, BookingFormError, validateBookingForm } from './booking-form';
import { bookPath } from '../paths';
import { BookOutcome, PublicType } from './book.page';

export interface BookPageInput {
  slug: string;
}

export interface BookSubmitInput {
  slug: string;
  form: BookingForm;
  /** The client's address, for the API's hold limits. */
  ip?: string;
}

/** GET and POST /book/:slug: which step to show, the slots to offer, and the booking itself. */
@Injectable()
export class BookPagesService {
  constructor(
    private readonly units: UnitsService,
    private readonly publicBooking: PublicBookingService,
    private readonly meetingTypes: MeetingTypesReadModel,
    private readonly clock: Clock,
  ) {}

  async show(rc: RequestContext, { slug }: BookPageInput): Promise<BookOutcome> {
    const { unit, pub, ctx, types } = await this.load(rc, slug);
    const type = types.find((t) => t.id === ctx.query.type);
    if (!type) return { ctx, page: 'bookType', view: { siteName: pub.publicName, unitPhone: pub.phone, slug, types } };
    const start = parseInstant(ctx.query.start);
    if (!start) return this.weekPage(ctx, slug, unit, pub, type, ctx.query.week);
    const values = { name: '', email: '', phone: '', locale: ctx.locale };
    return this.form(ctx, slug, unit, pub, type, start, values, []);
  }

  async submit(rc: RequestContext, { slug, form, ip }: BookSubmitInput): Promise<BookOutcome> {
    const { unit, pub, ctx, types } = await this.load(rc, slug);
    const type = types.find((t) => t.id === form.type);
    if (!type) throw new DomainError(ErrorCode.NOT_FOUND, 'Meeting type not found');
    const { errors, dto } = validateBookingForm(form);
    const start = parseInstant(form.start) ?? '';
    // The form again, at POST /book/:slug: its language switcher leads back to this step (by GET), not to step 1.
    const formCtx = viewedAt(ctx, bookPath(slug), { type: type.id, ...(start ? { start } : {}) });
    if (!dto) return { ...this.form(formCtx, slug, unit, pub, type, start, form, errors), status: 400 };
    try {
      const a = await this.publicBooking.book(unit, dto, webIdempotencyKey(rc, dto), ip);
      const now = this.clock.now();
      const held = a.status === 'held' && !!a.holdExpiresAt;
      const expires = a.holdExpiresAt ?? now.toISOString();
      return {
        ctx,
        page: 'bookResult',
        view: {
          siteName: pub.publicName,
          unitPhone: pub.phone,
          slug,
          held,
          email: dto.client.email,
          when: formatRange(a.startsAt, a.endsAt, unit.timeZone, ctx.locale, ctx.t),
          what: type.publicLabel,
          address: pub.address,
          minutes: Math.max(1, Math.ceil((Date.parse(expires) - now.getTime()) / 60_000)),
          confirmBy: formatTime(expires, unit.timeZone, ctx.locale),
        },
      };
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      const problem = formProblem(err.code);
      if (!problem) throw err;
      const alternatives =
        problem.field === 'start' ? await this.alternatives(ctx, unit, type, dto.startsAt) : undefined;
      return {
        ...this.form(
          formCtx,
          slug,
          unit,
          pub,
          type,
          dto.startsAt,
          form,
          [{ field: problem.field, key: problem.key }],
          alternatives,
        ),
        status: problem.status,
      };
    }
  }

  /** The booking form posted without a valid token (PageFormGuard): back to the unit's booking page. */
  async refusedForm(rc: RequestContext, { slug }: BookPageInput): Promise<BookOutcome> {
    const { pub, ctx } = await this.load(rc, slug);
    return csrfRefused(ctx, {
      siteName: pub.publicName,
      link: { href: bookPath(slug), label: ctx.t('book.title') },
    });
  }

  private async load(rc: RequestContext, slug: string) {
    // Read, not from the booking context's cache: while the database is down the visitor gets the calm
    // "try again in a minute" page at once, not a form whose next step fails (database-outage spec).
    const unit = await this.units.bySlug(slug);
    const pub = await this.publicBooking.unit(unit);
    const ctx = rc.page({ unitDefault: unit.defaultLocale });
    // Public bookings are first meetings, which are in person: a video-only intake type cannot be booked here.
    const types: PublicType[] = pub.meetingTypes
      .filter((t) => t.modes.includes('in_person'))
      // Issue 12: the label in the reader's language, else publicLabel.
      .map((t) => ({ ...t, publicLabel: labelFor(t, ctx.locale) }));
    return { unit, pub, ctx, types };
  }

  private async weekPage(
    ctx: WebContext,
    slug: string,
    unit: UnitEntity,
    pub: PublicUnit,
    type: PublicType,
    weekParam?: string,
  ): Promise<BookOutcome> {
    const now = this.clock.now();
    // The public unit answer has no horizon; the week navigation stops at it.
    const horizonDays = (await this.meetingTypes.ofUnit(unit.id)).find((t) => t.id === type.id)?.horizonDays;
    let view = weekView(weekStart(now, pub.timeZone, weekParam), now, pub.timeZone, ctx.locale, ctx.t, horizonDays);
    let slots = await this.slotsOf(unit, type.id, view.from, view.to);
    // Late on a Friday the current week is empty: show the next one rather than a dead end.
    if (!weekParam && !slots.length && view.next) {
      const next = weekView(weekStart(now, pub.timeZone, view.next), now, pub.timeZone, ctx.locale, ctx.t, horizonDays);
      const nextSlots = await this.slotsOf(unit, type.id, next.from, next.to);
      if (nextSlots.length) [view, slots] = [next, nextSlots];
    }
    const days = groupByDay(slots, pub.timeZone, ctx.locale);
    return {
      ctx,
      page: 'bookWeek',
      view: {
        siteName: pub.publicName,
        unitPhone: pub.phone,
        slug,
        type,
        view,
        days,
        zone: zoneLabel(pub.timeZone, ctx.locale),
      },
    };
  }

  private async slotsOf(unit: UnitEntity, meetingTypeId: string, from: string, to: string) {
    return (await this.publicBooking.slots(unit, { meetingTypeId, mode: 'in_person', from, to })).slots;
  }

  /** Other free times in the week of the lost one, so the client keeps what they typed. */
  private async alternatives(ctx: WebContext, unit: UnitEntity, type: PublicType, lost: string) {
    const now = this.clock.now();
    const view = weekView(
      weekStart(now, unit.timeZone, localDate(lost, unit.timeZone)),
      now,
      unit.timeZone,
      ctx.locale,
      ctx.t,
    );
    const slots = (await this.slotsOf(unit, type.id, view.from, view.to)).filter(
      (s) => new Date(s.startsAt).toISOString() !== lost,
    );
    return slots.slice(0, 100).map((s) => ({
      startsAt: new Date(s.startsAt).toISOString(),
      label: ctx.t('common.dateTime', {
        date: formatDate(s.startsAt, unit.timeZone, ctx.locale),
        time: formatTime(s.startsAt, unit.timeZone, ctx.locale),
      }),
    }));
  }

  private form(
    ctx: WebContext,
    slug: string,
    unit: UnitEntity,
    pub: PublicUnit,
    type: PublicType,
    start: string,
    values: Pick<BookingForm, 'name' | 'email' | 'phone' | 'locale'>,
    errors: BookingFormError[],
    alternatives?: Array<{ startsAt: string; label: string }>,
  ) {
    const end = start ? new Date(Date.parse(start) + type.durationMinutes * 60_000).toISOString() : '';
    return {
      ctx,
      page: 'bookForm' as const,
      view: {
        siteName: pub.publicName,
        unitPhone: pub.phone,
        slug,
        type,
        start,
        address: pub.address,
        when: start ? formatRange(start, end, unit.timeZone, ctx.locale, ctx.t) : '',
        values,
        errors,
        alternatives,
        holdMinutes: unit.selfBookingConfirmation === 'email_link' ? unit.holdMinutes : null,
        weekHref: url(bookPath(slug), { type: type.id, week: start ? localDate(start, unit.timeZone) : undefined }),
      },
    };
  }
}

/** Which field a refused booking is about, and what to tell the client. */
function formProblem(
  code: ErrorCode,
): { field: 'start' | 'mode' | 'email'; key: BookingFormError['key']; status: number } | null {
  switch (code) {
    case ErrorCode.SLOT_TAKEN:
      return { field: 'start', key: 'error.SLOT_TAKEN', status: 409 };
    case ErrorCode.SLOT_UNAVAILABLE:
    case ErrorCode.VALIDATION_FAILED:
      return { field: 'start', key: 'error.SLOT_UNAVAILABLE', status: 422 };
    case ErrorCode.FIRST_MEETING_IN_PERSON:
    case ErrorCode.MODE_NOT_ALLOWED:
      return { field: 'mode', key: 'error.FIRST_MEETING_IN_PERSON', status: 422 };
    case ErrorCode.HOLD_LIMIT_REACHED:
      return { field: 'email', key: 'error.HOLD_LIMIT_REACHED', status: 429 };
    default:
      return null;
  }
}
