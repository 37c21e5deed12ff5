import { Injectable } from '@nestjs/common';
import { AppointmentRepository } from '../../../../appointments/data/appointment.repository';
import type { StaffSessionPrincipal } from '../../../../auth/staff-sessions.service';
import { canSendPersonalLink, ClientsService } from '../../../../clients/clients.service';
import { Clock } from '../../../../common/clock';
import { CaseworkersService } from '../../../../units/caseworkers.service';
import { MeetingTypesService } from '../../../../units/meeting-types.service';
import { isLocale, LANGUAGE_NAMES, MessageKey } from '../../../i18n';
import { csrfRefused } from '../../../http/message-pages';
import type { RequestContext } from '../../../http/request-context';
import { formatRange } from '../../../ui/format';
import { url } from '../../../ui/html';
import { staffPaths } from '../../paths';
import { StaffPageContext, StaffShellService } from '../../ui/staff-shell.service';
import { clientIdOf, liveClientOf } from './client-lookup';
import { CLIENT_NOTICES, ClientRow, ClientsOutcome } from './clients.page';

/**
 * /staff/clients/:id: one client's page and a new personal link. The search is ClientSearchPagesService,
 * the export and erasure ClientRecordsPagesService.
 */
@Injectable()
export class ClientsPagesService {
  constructor(
    private readonly shell: StaffShellService,
    private readonly clients: ClientsService,
    private readonly appointments: AppointmentRepository,
    private readonly types: MeetingTypesService,
    private readonly team: CaseworkersService,
    private readonly clock: Clock,
  ) {}

  /** The client, their meetings past and future; the read is audited as the API's GET /clients/:id. */
  async show(rc: RequestContext, { staff, id }: { staff: StaffSessionPrincipal; id: string }): Promise<ClientsOutcome> {
    const page = await this.shell.page(rc, staff);
    const t = page.ctx.t;
    // An erased client has nothing left to show (the row stays, nameless, for statistics).
    await liveClientOf(this.clients, staff, id);
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
      how: t(`mode.${a.mode}`),
      status: t(`clients.status.${a.status}` as MessageKey),
    });
    const upcoming = rows.filter((a) => a.endsAt > now).map(toRow);
    const past = rows
      .filter((a) => a.endsAt <= now)
      .reverse()
      .map(toRow);
    const done = rc.query.done as keyof typeof CLIENT_NOTICES | undefined;
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
        notice: done === 'link-sent' ? t(CLIENT_NOTICES[done]) : null,
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
    const clientId = clientIdOf(id);
    await this.clients.sendNewPersonalLink(staff, clientId);
    return { redirect: url(staffPaths.client(clientId), { done: 'link-sent' }) };
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
    const clientId = erase ? (await liveClientOf(this.clients, staff, id)).id : clientIdOf(id);
    return this.csrf(page, staffPaths.client(clientId));
  }

  private csrf(page: StaffPageContext, back: string): ClientsOutcome {
    return csrfRefused(page.ctx, {
      siteName: page.shell.unitName,
      link: { href: back, label: page.ctx.t('common.back') },
    });
  }
}
