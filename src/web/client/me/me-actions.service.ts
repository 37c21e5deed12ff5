import { Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import type { Request, Response } from 'express';
import { createHash } from 'node:crypto';
import type { AppointmentResponse } from '../../../appointments/appointments.dto';
import { ClientPortalService } from '../../../appointments/client-portal.service';
import { CapabilityTokensService } from '../../../common/capability-tokens.service';
import { DomainError, ErrorCode } from '../../../common/errors';
import { joinLinkExpiry } from '../../../notifications/notification-links';
import { errorSlug, isUserFacing } from '../../ui/error-messages';
import { localDate, parseInstant } from '../../ui/format';
import { url } from '../../ui/html';
import { CSRF_FIELD } from '../../http/csrf';
import { PageOutcome, viewedAt, WebContextFactory } from '../../http/web-context';
import { MeModel, MePagesService } from './me-pages.service';
import { messagePage } from '../../ui/message.page';

const notFound = () => new DomainError(ErrorCode.NOT_FOUND, 'Appointment not found');
const field = (req: Request, name: string): string => {
  const v = ((req.body ?? {}) as Record<string, unknown>)[name];
  return typeof v === 'string' ? v : '';
};

/**
 * The POSTs of the client page. Each checks CSRF, calls ClientPortalService, then redirects (303)
 * with `?done=` or `?error=`, so a reload never repeats an action.
 */
@Injectable()
export class MeActionsService {
  constructor(
    private readonly pages: MePagesService,
    private readonly portal: ClientPortalService,
    private readonly tokens: CapabilityTokensService,
    private readonly web: WebContextFactory,
  ) {}

  async book(token: string, req: Request, res: Response): Promise<PageOutcome> {
    return this.guarded(token, req, res, async (m) => {
      const type = field(req, 'type');
      const mode = field(req, 'mode');
      const start = parseInstant(field(req, 'start'));
      if (!isUUID(type) || (mode !== 'in_person' && mode !== 'video') || !start) return { redirect: url(m.base, { view: 'book' }) };
      const dto = { meetingTypeId: type, startsAt: start, mode: mode as 'in_person' | 'video' };
      const key = `web-${createHash('sha256').update(`${field(req, CSRF_FIELD)}|${JSON.stringify(dto)}`).digest('hex').slice(0, 48)}`;
      const back = { view: 'book', type, mode, week: localDate(start, m.s.unit.timeZone) };
      return this.attempt(m, () => this.portal.book(token, dto, key), 'booked', back);
    });
  }

  async reschedule(token: string, id: string, req: Request, res: Response): Promise<PageOutcome> {
    return this.guarded(token, req, res, async (m) => {
      const a = this.own(m, id);
      const start = parseInstant(field(req, 'start'));
      if (!start) return { redirect: url(m.base, { view: 'reschedule', id: a.id }) };
      return this.attempt(m, () => this.portal.reschedule(token, a.id, start), 'rescheduled', { view: 'reschedule', id: a.id, week: localDate(start, m.s.unit.timeZone) });
    });
  }

  async cancel(token: string, id: string, req: Request, res: Response): Promise<PageOutcome> {
    return this.guarded(token, req, res, (m) => this.attempt(m, () => this.portal.cancel(token, this.own(m, id).id), 'cancelled'));
  }

  async mode(token: string, id: string, req: Request, res: Response): Promise<PageOutcome> {
    return this.guarded(token, req, res, async (m) => {
      const mode = field(req, 'mode');
      if (mode !== 'in_person' && mode !== 'video') return { redirect: m.base };
      return this.attempt(m, () => this.portal.changeMode(token, this.own(m, id).id, mode), 'mode');
    });
  }

  /** A note that is empty or too long re-renders the page with the text kept and the error at the field. */
  async note(token: string, id: string, req: Request, res: Response): Promise<PageOutcome> {
    return this.guarded(token, req, res, async (m) => {
      const a = this.own(m, id);
      const text = field(req, `note-${a.id}`).trim();
      if (!text || text.length > 4000) {
        return this.pages.overview({ ...m, ctx: viewedAt(m.ctx, m.base) }, { appointmentId: a.id, text: text.slice(0, 4000), error: text ? 'field.note.tooLong' : 'field.note.required' });
      }
      return this.attempt(m, () => this.portal.addNote(token, a.id, text), 'note');
    });
  }

  /**
   * The join link on the client page: the same link as in the mails (re-derived, see
   * CapabilityTokensService.issueShared), so that opening it again adds no token row.
   */
  async join(token: string, id: string, req: Request, res: Response): Promise<PageOutcome> {
    const m = await this.pages.load(token, req, res);
    const a = this.own(m, id);
    if (a.mode !== 'video' || a.status !== 'confirmed') throw notFound();
    const join = await this.tokens.issueShared('join', { appointmentId: a.id, clientId: a.clientId }, joinLinkExpiry(new Date(a.endsAt)));
    return { redirect: `/join/${join}` };
  }

  private async guarded(token: string, req: Request, res: Response, run: (m: MeModel) => Promise<PageOutcome>): Promise<PageOutcome> {
    const m = await this.pages.load(token, req, res);
    if (!this.web.verify(req)) {
      const t = m.ctx.t;
      return { status: 403, body: messagePage(viewedAt(m.ctx, m.base), { title: t('page.csrfTitle'), body: t('page.csrfBody'), siteName: m.s.unit.publicName, link: { href: m.base, label: t('me.backToList') } }) };
    }
    return run(m);
  }

  /** Runs the change; a refusal the client can act on goes back to the step it came from, with the reason. */
  private async attempt(m: MeModel, change: () => Promise<AppointmentResponse>, done: string, back: Record<string, string> = {}): Promise<PageOutcome> {
    try {
      await change();
      return { redirect: url(m.base, { done }) };
    } catch (err) {
      if (!isUserFacing(err)) throw err;
      // Only a lost or unusable time is worth retrying in the same step; the rest goes back to the list.
      const retry = err.code === ErrorCode.SLOT_TAKEN || err.code === ErrorCode.SLOT_UNAVAILABLE || err.code === ErrorCode.MODE_NOT_ALLOWED || err.code === ErrorCode.FIRST_MEETING_IN_PERSON;
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
