import { Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { AppointmentRepository } from '../../../../appointments/data/appointment.repository';
import type { StaffSessionPrincipal } from '../../../../auth/staff-sessions.service';
import { ClientRecords } from '../../../../clients/client-records.service';
import { canSendPersonalLink, ClientsService } from '../../../../clients/clients.service';
import { Clock } from '../../../../common/clock';
import { DomainError, ErrorCode } from '../../../../common/errors';
import { CaseworkersService } from '../../../../units/caseworkers.service';
import { MeetingTypesService } from '../../../../units/meeting-types.service';
import { isLocale, LANGUAGE_NAMES, MessageKey } from '../../../i18n';
import { formField } from '../../../http/form';
import { csrfRefused, MessageOutcome } from '../../../http/message-pages';
import type { RequestContext } from '../../../http/request-context';
import { formatRange } from '../../../ui/format';
import { url } from '../../../ui/html';
import type { WebContext } from '../../../ui/web-context';
import { staffPaths } from '../../paths';
import { StaffPageContext, StaffShellService } from '../../ui/staff-shell.service';
import { BookPagesService } from '../book-pages.service';
import { ClientRow, ClientsOutcome } from './clients.page';

const NOTICES = { 'link-sent': 'clients.done.linkSent', erased: 'clients.done.erased' } as const;

function adminOnlyPage(ctx: WebContext, siteName: string, back: string): MessageOutcome {
  return {
    ctx,
    page: 'message',
    status: 403,
    view: {
      title: ctx.t('clients.adminOnlyTitle'),
      body: ctx.t('clients.adminOnly'),
      siteName,
      link: { href: back, label: ctx.t('common.back') },
    },
  };
}

/** /staff/clients: search, one client's page, a new personal link, export, erasure. */
@Injectable()
export class ClientsPagesService {
  constructor(
    private readonly shell: StaffShellService,
    private readonly clients: ClientsService,
    private readonly records: ClientRecords,
    private readonly appointments: AppointmentRepository,
    private readonly types: MeetingTypesService,
    private readonly team: CaseworkersService,
    private readonly book: BookPagesService,
    private readonly clock: Clock,
  ) {}

  async searchPage(rc: RequestContext, { staff }: { staff: StaffSessionPrincipal }): Promise<ClientsOutcome> {
    const page = await this.shell.page(rc, staff);
    const done = rc.query.done as keyof typeof NOTICES | undefined;
    const notice = done && done in NOTICES ? page.ctx.t(NOTICES[done]) : null;
    return { ctx: page.ctx, page: 'search', view: { shell: page.shell, query: '', hits: null, notice } };
  }

  /** POST: the search text stays in the body, never in a URL. */
  async search(rc: RequestContext, { staff, body }: { staff: StaffSessionPrincipal; body: unknown }) {
    const page = await this.shell.page(rc, staff);
    const q = formField(body, 'q').slice(0, 200);
    const hits = await this.book.hits(staff, q, page);
    return { ctx: page.ctx, page: 'search' as const, view: { shell: page.shell, query: q, hits, notice: null } };
  }

  /** The client, their meetings past and future; the read is audited as the API's GET /clients/:id. */
  async show(rc: RequestContext, { staff, id }: { staff: StaffSessionPrincipal; id: string }): Promise<ClientsOutcome> {
    const page = await this.shell.page(rc, staff);
    const t = page.ctx.t;
    // An erased client has nothing left to show (the row stays, nameless, for statistics).
    await this.live(staff, id);
    const client = await this.clients.getForStaff(staff, id);
    const [rows, types, team] = await Promise.all([
      this.appointments.listOfClient(client.id),
      this.types.list(staff, staff.unitId),
      this.team.list(staff, staff.unitId),
    ]);
    const now = this.clock.now();
    const typeName = new Map(types.map((x) => [x.id, x.name]));
    const toRow = (a: (typeof rows)[number]): ClientRow => ({
      id: a.id,
      when: formatRange(a.startsAt.toISOString(), a.endsAt.toISOString(), page.timeZone, page.ctx.locale, t),
      type: typeName.get(a.meetingTypeId) ?? t('common.meeting'),
      how: t(a.mode === 'video' ? 'mode.video' : 'mode.in_person'),
      status: t(`clients.status.${a.status}` as MessageKey),
    });
    const upcoming = rows.filter((a) => a.endsAt > now).map(toRow);
    const past = rows
      .filter((a) => a.endsAt <= now)
      .reverse()
      .map(toRow);
    const done = rc.query.done as keyof typeof NOTICES | undefined;
    return {
      ctx: page.ctx,
      page: 'client',
      view: {
        shell: page.shell,
        client: {
          id: client.id,
          name: client.name ?? '',
          email: client.email ?? '',
          phone: client.phone ?? '',
          language: isLocale(client.locale) ? LANGUAGE_NAMES[client.locale] : client.locale,
          caseworker: team.find((c) => c.id === client.caseworkerId)?.name ?? '',
        },
        upcoming,
        past,
        notice: done === 'link-sent' ? t(NOTICES[done]) : null,
        isAdmin: staff.role === 'admin',
        // The same rule as the API's POST /clients/:id/personal-link, which refuses anyone else anyway.
        canSendLink: canSendPersonalLink(staff, client),
      },
    };
  }

  /**
   * POST: revokes the old links and mails the client a new one (the clients use case, audited; only
   * the client's own caseworker or an admin — anyone else gets the 403 page). The link is never shown.
   */
  async personalLink(
    rc: RequestContext,
    { staff, id }: { staff: StaffSessionPrincipal; id: string },
  ): Promise<ClientsOutcome> {
    const clientId = this.id(id);
    await this.clients.sendNewPersonalLink(staff, clientId);
    return { redirect: url(staffPaths.client(clientId), { done: 'link-sent' }) };
  }

  /** GET: all data held on the client, as the API's export (admin; audited as client.exported). */
  async export(
    rc: RequestContext,
    { staff, id }: { staff: StaffSessionPrincipal; id: string },
  ): Promise<{ json: Record<string, unknown> } | ClientsOutcome> {
    const clientId = this.id(id);
    const client = await this.clients.inUnit(staff, clientId);
    if (staff.role !== 'admin') {
      const page = await this.shell.page(rc, staff);
      return adminOnlyPage(page.ctx, page.shell.unitName, staffPaths.client(clientId));
    }
    return { json: await this.records.export(client, { type: 'staff', id: staff.caseworkerId }) };
  }

  async erasePage(rc: RequestContext, { staff, id }: { staff: StaffSessionPrincipal; id: string }) {
    const page = await this.shell.page(rc, staff);
    const client = await this.live(staff, id);
    if (staff.role !== 'admin') return adminOnlyPage(page.ctx, page.shell.unitName, staffPaths.client(client.id));
    return this.eraseView(page, { id: client.id, name: client.name ?? '' }, '', null);
  }

  /** POST: erasure needs an admin and the typed word (or the client's name); a wrong text erases nothing. */
  async erase(
    rc: RequestContext,
    { staff, id, body }: { staff: StaffSessionPrincipal; id: string; body: unknown },
  ): Promise<ClientsOutcome> {
    const page = await this.shell.page(rc, staff);
    const client = await this.live(staff, id);
    if (staff.role !== 'admin') return adminOnlyPage(page.ctx, page.shell.unitName, staffPaths.client(client.id));
    const typed = formField(body, 'confirm').slice(0, 300);
    const word = page.ctx.t('clients.eraseWord');
    const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLocaleLowerCase();
    const ok = !!typed.trim() && (norm(typed) === norm(word) || norm(typed) === norm(client.name ?? '\u0000'));
    if (!ok) {
      const message = page.ctx.t('clients.eraseMismatch', { word });
      return { ...this.eraseView(page, { id: client.id, name: client.name ?? '' }, typed, message), status: 422 };
    }
    await this.records.erase(client, { type: 'staff', id: staff.caseworkerId });
    return { redirect: url(staffPaths.clients, { done: 'erased' }) };
  }

  private eraseView(
    page: StaffPageContext,
    client: { id: string; name: string },
    typed: string,
    error: string | null,
  ): ClientsOutcome {
    return {
      ctx: page.ctx,
      page: 'erase',
      view: {
        shell: page.shell,
        client,
        word: page.ctx.t('clients.eraseWord'),
        typed,
        errors: error ? [{ field: 'confirm', message: error }] : [],
      },
    };
  }

  private async live(staff: StaffSessionPrincipal, id: string) {
    const client = await this.clients.inUnit(staff, this.id(id));
    if (client.erasedAt) throw new DomainError(ErrorCode.NOT_FOUND, 'Client not found');
    return client;
  }

  private id(id: string): string {
    if (!isUUID(id)) throw new DomainError(ErrorCode.NOT_FOUND, 'Client not found');
    return id;
  }

  /**
   * A form posted without a valid token (PageFormGuard): back to the search, or to the client's page
   * (an unknown client, or for erasure an erased one, is the 404 page as when posted with a token).
   */
  async refusedForm(
    rc: RequestContext,
    { staff, id, erase }: { staff: StaffSessionPrincipal; id?: string; erase?: boolean },
  ): Promise<ClientsOutcome> {
    const page = await this.shell.page(rc, staff);
    if (id === undefined) return this.csrf(page, staffPaths.clients);
    const clientId = erase ? (await this.live(staff, id)).id : this.id(id);
    return this.csrf(page, staffPaths.client(clientId));
  }

  private csrf(page: StaffPageContext, back: string): ClientsOutcome {
    return csrfRefused(page.ctx, {
      siteName: page.shell.unitName,
      link: { href: back, label: page.ctx.t('common.back') },
    });
  }
}
