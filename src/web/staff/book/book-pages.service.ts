import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { isUUID, validateSync } from 'class-validator';
import { DateTime } from 'luxon';
import { StaffAppointmentsService } from '../../../appointments/staff/staff-appointments.service';
import { assertCanManageCalendar } from '../../../auth/staff-principal';
import type { StaffSessionPrincipal } from '../../../auth/staff-sessions.service';
import { ClientFields } from '../../../clients/clients.dto';
import { ClientsService } from '../../../clients/clients.service';
import { Clock } from '../../../common/clock';
import { DomainError, ErrorCode } from '../../../common/errors';
import type { Locale } from '../../i18n';
import { CaseworkersService } from '../../../units/caseworkers.service';
import { MeetingTypesService } from '../../../units/meeting-types.service';
import { MeetingTypeEntity } from '../../../units/meeting-type.entity';
import { formField } from '../../http/form';
import { webIdempotencyKey } from '../../http/idempotency-key';
import { csrfRefused, MessageOutcome } from '../../http/message-pages';
import type { RequestContext } from '../../http/request-context';
import type { FieldError } from '../../ui/components';
import { formatDateTime, formatRange, groupByDay, parseInstant, weekStart, weekView } from '../../ui/format';
import { url } from '../../ui/html';
import type { WebContext } from '../../ui/web-context';
import { staffPaths } from '../paths';
import { StaffPageContext, StaffShellService } from '../ui/staff-shell.service';
import { BookOutcome, BookState, ClientHit, NewClientForm } from './book.page';
import { bookPaths } from './book-paths';
import { staffReason } from './staff-reasons';

const EMPTY_FORM: NewClientForm = { name: '', email: '', phone: '', locale: '' };

/** A refusal page for a caseworker who tries another's calendar (403), in words. */
export function forbiddenPage(ctx: WebContext, siteName: string): MessageOutcome {
  return {
    ctx,
    page: 'message',
    status: 403,
    view: {
      title: ctx.t('book.forbidden.title'),
      body: ctx.t('book.forbidden.body'),
      siteName,
      link: { href: staffPaths.book, label: ctx.t('common.back') },
    },
  };
}

/** Booking for a client by staff (phone, walk-in): find the client, type, mode, time, confirm. */
@Injectable()
export class BookPagesService {
  constructor(
    private readonly shell: StaffShellService,
    private readonly clients: ClientsService,
    private readonly appointments: StaffAppointmentsService,
    private readonly types: MeetingTypesService,
    private readonly team: CaseworkersService,
    private readonly clock: Clock,
  ) {}

  /** Step 1 (no client yet), or step 2 (meeting type and caseworker) for `?clientId=`. */
  async show(rc: RequestContext, { staff }: { staff: StaffSessionPrincipal }): Promise<BookOutcome> {
    const page = await this.shell.page(rc, staff);
    const clientId = rc.query.clientId;
    if (!clientId) return this.find(page, '', null, EMPTY_FORM, []);
    const client = await this.client(staff, clientId);
    return {
      ctx: page.ctx,
      page: 'type',
      view: {
        shell: page.shell,
        client: { id: client.id, name: client.name ?? '' },
        types: (await this.activeTypes(staff)).map((x) => ({ id: x.id, label: typeLabel(x) })),
        caseworkers: await this.teamFor(staff),
        selfId: staff.caseworkerId,
      },
    };
  }

  /** POST: the search text stays in the body, never in a URL. */
  async search(rc: RequestContext, { staff, body }: { staff: StaffSessionPrincipal; body: unknown }) {
    const page = await this.shell.page(rc, staff);
    const q = formField(body, 'q').slice(0, 200);
    return this.find(page, q, await this.hits(staff, q, page), EMPTY_FORM, []);
  }

  async hits(staff: StaffSessionPrincipal, q: string, page: StaffPageContext): Promise<ClientHit[]> {
    const found = await this.clients.search(staff, q, this.clock.now());
    return found.map((c) => ({
      id: c.id,
      name: c.name,
      email: c.email,
      lastMeeting: c.lastMeetingAt ? formatDateTime(c.lastMeetingAt, page.timeZone, page.ctx.locale, page.ctx.t) : '',
    }));
  }

  /** POST: a new client through the clients use case, then step 2 for them. */
  async newClient(
    rc: RequestContext,
    { staff, body }: { staff: StaffSessionPrincipal; body: unknown },
  ): Promise<BookOutcome> {
    const page = await this.shell.page(rc, staff);
    const t = page.ctx.t;
    const form: NewClientForm = {
      name: formField(body, 'name').slice(0, 1000),
      email: formField(body, 'email').trim().slice(0, 1000),
      phone: formField(body, 'phone').trim().slice(0, 100),
      locale: formField(body, 'locale'),
    };
    const dto = {
      name: form.name.trim(),
      email: form.email,
      ...(form.phone ? { phone: form.phone } : {}),
      ...(form.locale ? { locale: form.locale as Locale } : {}),
    };
    const errors: FieldError[] = [];
    for (const e of validateSync(plainToInstance(ClientFields, dto))) {
      if (e.property === 'name')
        errors.push({ field: 'name', message: t(dto.name ? 'book.new.nameTooLong' : 'book.new.nameRequired') });
      else if (e.property === 'email') errors.push({ field: 'email', message: t('book.new.emailInvalid') });
      else if (e.property === 'phone') errors.push({ field: 'phone', message: t('book.new.phoneInvalid') });
      else if (e.property === 'locale') errors.push({ field: 'locale', message: t('field.locale.invalid') });
    }
    const order = ['name', 'email', 'phone', 'locale'];
    errors.sort((a, b) => order.indexOf(a.field) - order.indexOf(b.field));
    if (errors.length) return { ...this.find(page, '', null, form, errors), status: 400 };
    try {
      const client = await this.clients.create(staff, staff.unitId, dto);
      return { redirect: url(staffPaths.book, { clientId: client.id }) };
    } catch (err) {
      // A number that is no valid one of the unit's smsCountries (rule 14): said next to the field.
      if (!(err instanceof DomainError) || err.code !== ErrorCode.VALIDATION_FAILED || err.details.field !== 'phone')
        throw err;
      const phoneError = [{ field: 'phone', message: t('book.new.phoneInvalid') }];
      return { ...this.find(page, '', null, form, phoneError), status: 400 };
    }
  }

  /** Step 3: in person or video; video refused in words when the type or the first-meeting rule says no. */
  async mode(rc: RequestContext, { staff }: { staff: StaffSessionPrincipal }): Promise<BookOutcome> {
    const page = await this.shell.page(rc, staff);
    const state = this.state(rc.query);
    const refused = this.guard(page, staff, state);
    if (refused) return refused;
    const { summary, type, client } = await this.summary(page, staff, state);
    const q = { caseworkerId: state.caseworkerId!, clientId: state.clientId, meetingTypeId: state.meetingTypeId! };
    const refusal = await this.appointments.videoRefusal(staff, q);
    // Phone only when the type has it; the caseworker calls the client's number, so one is needed (rule 14).
    const phoneRule = type.modes.includes('phone') ? await this.appointments.videoRefusal(staff, q, 'phone') : null;
    const phone = type.modes.includes('phone')
      ? {
          refusal: !client.phone
            ? page.ctx.t('book.reason.NO_PHONE')
            : phoneRule
              ? staffReason(page.ctx, phoneRule)
              : null,
          canOverride: !!client.phone && phoneRule === ErrorCode.FIRST_MEETING_IN_PERSON,
        }
      : null;
    return {
      ctx: page.ctx,
      page: 'mode',
      view: {
        shell: page.shell,
        state: { ...state, mode: undefined, override: undefined },
        summary,
        videoRefusal: refusal ? staffReason(page.ctx, refusal) : null,
        canOverride: refusal === ErrorCode.FIRST_MEETING_IN_PERSON,
        phone,
      },
    };
  }

  /** Step 4: the engine's free times for that caseworker, type, mode and client, week by week. */
  async slots(rc: RequestContext, { staff }: { staff: StaffSessionPrincipal }): Promise<BookOutcome> {
    const page = await this.shell.page(rc, staff);
    const state = this.state(rc.query);
    const refused = this.guard(page, staff, state, true);
    if (refused) return refused;
    const { summary, type } = await this.summary(page, staff, state);
    const now = this.clock.now();
    const week = weekView(
      weekStart(now, page.timeZone, rc.query.week),
      now,
      page.timeZone,
      page.ctx.locale,
      page.ctx.t,
      type.horizonDays,
    );
    const found = await this.appointments.slots(staff, state.caseworkerId!, {
      meetingTypeId: state.meetingTypeId!,
      mode: state.mode!,
      from: week.from,
      to: week.to,
      // The override books video before a first meeting: the search leaves that one rule out.
      ...(state.override ? {} : { clientId: state.clientId }),
    });
    return {
      ctx: page.ctx,
      page: 'slots',
      view: {
        shell: page.shell,
        state,
        summary,
        week,
        days: groupByDay(found.slots, page.timeZone, page.ctx.locale),
        zone: page.timeZone,
        // The type without phone is said as phone, not as the video wording of MODE_NOT_ALLOWED.
        reason:
          found.reason === ErrorCode.MODE_NOT_ALLOWED && state.mode === 'phone'
            ? page.ctx.t('book.reason.MODE_NOT_ALLOWED_PHONE')
            : found.reason
              ? staffReason(page.ctx, found.reason)
              : null,
      },
    };
  }

  /** Step 5, GET: what will be booked, and the button (with the override's reason when asked). */
  async confirmPage(rc: RequestContext, { staff }: { staff: StaffSessionPrincipal }): Promise<BookOutcome> {
    const page = await this.shell.page(rc, staff);
    const state = this.state(rc.query);
    const refused = this.guard(page, staff, state, true, true);
    if (refused) return refused;
    return this.confirmView(page, staff, state, '', [], null);
  }

  /** Step 5, POST: books through the staff booking use case (confirmed; the usual mails), then the panel. */
  async confirm(
    rc: RequestContext,
    { staff, body }: { staff: StaffSessionPrincipal; body: unknown },
  ): Promise<BookOutcome> {
    const page = await this.shell.page(rc, staff);
    const b = body as Record<string, unknown>;
    const state = this.state(
      Object.fromEntries(
        ['clientId', 'meetingTypeId', 'caseworkerId', 'mode', 'override', 'startsAt'].map((k) => [k, formField(b, k)]),
      ),
    );
    const refused = this.guard(page, staff, state, true, true);
    if (refused) return refused;
    const reason = formField(b, 'overrideReason').trim().slice(0, 2000);
    if (state.override && (reason.length < 5 || reason.length > 1000)) {
      const message = page.ctx.t(reason.length < 5 ? 'book.override.reasonRequired' : 'book.override.reasonTooLong');
      return {
        ...(await this.confirmView(page, staff, state, reason, [{ field: 'overrideReason', message }], null)),
        status: 400,
      };
    }
    const dto = {
      caseworkerId: state.caseworkerId!,
      clientId: state.clientId,
      meetingTypeId: state.meetingTypeId!,
      startsAt: state.startsAt!,
      mode: state.mode!,
      ...(state.override ? { firstMeetingOverrideReason: reason } : {}),
    };
    try {
      const a = await this.appointments.create(staff, dto, webIdempotencyKey(rc, dto));
      return { redirect: staffPaths.appointment(a.id) };
    } catch (err) {
      if (err instanceof DomainError && err.code === ErrorCode.FORBIDDEN)
        return forbiddenPage(page.ctx, page.shell.unitName);
      if (err instanceof DomainError && err.code !== ErrorCode.NOT_FOUND) {
        // A phone meeting for a client without a number (rule 14): said in words, not as "details invalid".
        const noPhone = err.code === ErrorCode.VALIDATION_FAILED && err.details.field === 'client.phone';
        const message = noPhone ? page.ctx.t('book.reason.NO_PHONE') : staffReason(page.ctx, err.code);
        const view = await this.confirmView(page, staff, state, reason, [], message);
        return { ...view, status: 422 };
      }
      throw err;
    }
  }

  /** "Record a meeting that took place": the form. */
  async walkInPage(rc: RequestContext, { staff }: { staff: StaffSessionPrincipal }): Promise<BookOutcome> {
    const page = await this.shell.page(rc, staff);
    const client = await this.client(staff, rc.query.clientId ?? '');
    const now = DateTime.fromJSDate(this.clock.now(), { zone: page.timeZone });
    return this.walkInView(
      page,
      staff,
      client,
      {
        meetingTypeId: '',
        caseworkerId: staff.caseworkerId,
        date: now.toISODate()!,
        time: now.minus({ hours: 1 }).startOf('hour').toFormat('HH:mm'),
      },
      [],
      null,
    );
  }

  /** POST: a start in the past records the meeting as completed (docs/api.md: a walk-in). */
  async walkIn(
    rc: RequestContext,
    { staff, body }: { staff: StaffSessionPrincipal; body: unknown },
  ): Promise<BookOutcome> {
    const page = await this.shell.page(rc, staff);
    const client = await this.client(staff, formField(body, 'clientId'));
    const form = {
      meetingTypeId: formField(body, 'meetingTypeId'),
      caseworkerId: formField(body, 'caseworkerId') || staff.caseworkerId,
      date: formField(body, 'date').slice(0, 20),
      time: formField(body, 'time').slice(0, 20),
    };
    if (!isUUID(form.caseworkerId)) throw new DomainError(ErrorCode.NOT_FOUND, 'Caseworker not found');
    if (staff.role !== 'admin' && form.caseworkerId !== staff.caseworkerId)
      return forbiddenPage(page.ctx, page.shell.unitName);
    const t = page.ctx.t;
    const errors: FieldError[] = [];
    if (!isUUID(form.meetingTypeId)) errors.push({ field: 'meetingTypeId', message: t('book.walkIn.typeMissing') });
    const at = DateTime.fromISO(`${form.date}T${form.time}`, { zone: page.timeZone });
    if (!/^\d{4}-\d{2}-\d{2}$/.test(form.date) || !at.isValid)
      errors.push({ field: 'date', message: t('book.walkIn.dateInvalid') });
    else if (!/^\d{2}:\d{2}$/.test(form.time)) errors.push({ field: 'time', message: t('book.walkIn.timeInvalid') });
    else if (at.toJSDate() >= this.clock.now()) errors.push({ field: 'date', message: t('book.walkIn.notPast') });
    if (errors.length) return { ...(await this.walkInView(page, staff, client, form, errors, null)), status: 400 };
    const dto = {
      caseworkerId: form.caseworkerId,
      clientId: client.id,
      meetingTypeId: form.meetingTypeId,
      startsAt: at.toUTC().toISO()!,
      mode: 'in_person' as const,
    };
    try {
      const a = await this.appointments.create(staff, dto, webIdempotencyKey(rc, dto));
      return { redirect: staffPaths.appointment(a.id) };
    } catch (err) {
      if (err instanceof DomainError && err.code === ErrorCode.FORBIDDEN)
        return forbiddenPage(page.ctx, page.shell.unitName);
      if (err instanceof DomainError && err.code !== ErrorCode.NOT_FOUND) {
        const view = await this.walkInView(page, staff, client, form, [], staffReason(page.ctx, err.code));
        return { ...view, status: 422 };
      }
      throw err;
    }
  }

  // --- helpers

  private find(
    page: StaffPageContext,
    query: string,
    hits: ClientHit[] | null,
    form: NewClientForm,
    errors: FieldError[],
  ): BookOutcome {
    return { ctx: page.ctx, page: 'find', view: { shell: page.shell, query, hits, form, errors } };
  }

  /** A booking form posted without a valid token (PageFormGuard): back to the start of booking. */
  async refusedForm(rc: RequestContext, { staff }: { staff: StaffSessionPrincipal }): Promise<BookOutcome> {
    const page = await this.shell.page(rc, staff);
    return csrfRefused(page.ctx, {
      siteName: page.shell.unitName,
      link: { href: staffPaths.book, label: page.ctx.t('common.back') },
    });
  }

  private client(staff: StaffSessionPrincipal, id: string) {
    if (!isUUID(id)) throw new DomainError(ErrorCode.NOT_FOUND, 'Client not found');
    return this.clients.getForStaff(staff, id);
  }

  private async activeTypes(staff: StaffSessionPrincipal): Promise<MeetingTypeEntity[]> {
    return (await this.types.list(staff, staff.unitId)).filter((x) => x.active);
  }

  private async teamFor(staff: StaffSessionPrincipal): Promise<Array<{ id: string; name: string }> | null> {
    if (staff.role !== 'admin') return null;
    return (await this.team.list(staff, staff.unitId)).filter((c) => c.active).map((c) => ({ id: c.id, name: c.name }));
  }

  /** The ids of the steps so far, from the query (or the posted form); anything malformed is left out. */
  private state(q: Record<string, string>): BookState {
    const id = (v: string | undefined) => (v && isUUID(v) ? v : undefined);
    return {
      clientId: id(q.clientId) ?? '',
      meetingTypeId: id(q.meetingTypeId),
      caseworkerId: id(q.caseworkerId),
      mode: q.mode === 'video' || q.mode === 'in_person' || q.mode === 'phone' ? q.mode : undefined,
      override: q.override === '1' && (q.mode === 'video' || q.mode === 'phone'),
      startsAt: parseInstant(q.startsAt) ?? undefined,
    };
  }

  /**
   * A step needs the earlier ones: a missing id is a page that does not exist (404). A caseworker
   * books only into their own calendar (403 page, in words); an admin into any of the unit's.
   */
  private guard(
    page: StaffPageContext,
    staff: StaffSessionPrincipal,
    s: BookState,
    needMode = false,
    needStart = false,
  ): MessageOutcome | null {
    if (!s.clientId || !s.meetingTypeId || !s.caseworkerId || (needMode && !s.mode) || (needStart && !s.startsAt))
      throw new DomainError(ErrorCode.NOT_FOUND, 'Not found');
    try {
      assertCanManageCalendar(staff, { id: s.caseworkerId, unitId: staff.unitId });
    } catch {
      return forbiddenPage(page.ctx, page.shell.unitName);
    }
    return null;
  }

  /** Who, what, with whom (and how, when): the rows each step shows of the choices so far. */
  private async summary(page: StaffPageContext, staff: StaffSessionPrincipal, s: BookState) {
    const t = page.ctx.t;
    const client = await this.clients.getForStaff(staff, s.clientId);
    const type = (await this.activeTypes(staff)).find((x) => x.id === s.meetingTypeId);
    if (!type) throw new DomainError(ErrorCode.NOT_FOUND, 'Meeting type not found');
    const cw = (await this.team.list(staff, staff.unitId)).find((c) => c.id === s.caseworkerId && c.active);
    if (!cw) throw new DomainError(ErrorCode.NOT_FOUND, 'Caseworker not found');
    const summary: Array<[string, string]> = [
      [t('book.summary.client'), client.name ?? ''],
      [t('book.summary.type'), typeLabel(type)],
      [t('book.summary.caseworker'), cw.name],
    ];
    if (s.mode) summary.push([t('common.how'), t(`mode.${s.mode}`)]);
    if (s.override) summary.push([t('book.summary.override'), t('book.summary.overrideYes')]);
    if (s.startsAt) {
      const end = new Date(new Date(s.startsAt).getTime() + type.durationMinutes * 60_000).toISOString();
      summary.push([t('common.when'), formatRange(s.startsAt, end, page.timeZone, page.ctx.locale, t)]);
    }
    return { summary, type, client };
  }

  private async confirmView(
    page: StaffPageContext,
    staff: StaffSessionPrincipal,
    state: BookState,
    reason: string,
    errors: FieldError[],
    refusal: string | null,
  ): Promise<BookOutcome> {
    const { summary } = await this.summary(page, staff, state);
    return { ctx: page.ctx, page: 'confirm', view: { shell: page.shell, state, summary, reason, errors, refusal } };
  }

  private async walkInView(
    page: StaffPageContext,
    staff: StaffSessionPrincipal,
    client: { id: string; name: string | null },
    form: { meetingTypeId: string; caseworkerId: string; date: string; time: string },
    errors: FieldError[],
    refusal: string | null,
  ): Promise<BookOutcome> {
    return {
      ctx: page.ctx,
      page: 'walkIn',
      view: {
        shell: page.shell,
        client: { id: client.id, name: client.name ?? '' },
        types: (await this.activeTypes(staff)).map((x) => ({ id: x.id, label: typeLabel(x) })),
        caseworkers: await this.teamFor(staff),
        form,
        errors,
        refusal,
        zone: page.timeZone,
      },
    };
  }
}

/** Staff see the internal name and the label clients see. */
function typeLabel(x: MeetingTypeEntity): string {
  return x.name === x.publicLabel ? x.name : `${x.name} (${x.publicLabel})`;
}

export { bookPaths };
