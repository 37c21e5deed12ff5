import { Injectable } from '@nestjs/common';
import { assertSameUnit, StaffPrincipal } from '../auth/staff-principal';
import { AuditService } from '../common/audit/audit.service';
import { CapabilityTokensService } from '../common/capability-tokens.service';
import { DomainError, ErrorCode } from '../common/errors';
import type { NotifyJob } from '../jobs/job-contracts';
import { JobsService } from '../jobs/jobs.service';
import { LinksService } from '../links/links.service';
import { ClientEntity } from './client.entity';
import { CreateClientDto } from './clients.dto';
import { ClientRepository } from './client.repository';

@Injectable()
export class ClientsService {
  constructor(
    private readonly clients: ClientRepository,
    private readonly tokens: CapabilityTokensService,
    private readonly audit: AuditService,
    private readonly jobs: JobsService,
    private readonly links: LinksService,
  ) {}

  async create(
    staff: StaffPrincipal,
    unitId: string,
    dto: CreateClientDto,
  ): Promise<{ client: ClientEntity; personalLink: string }> {
    assertSameUnit(staff, unitId, 'Unit not found');
    if (dto.caseworkerId)
      assertSameUnit(staff, await this.clients.unitOfCaseworker(dto.caseworkerId), 'Caseworker not found');
    return this.clients.transaction(async (m) => {
      const client = await this.clients.create(m, {
        unitId,
        name: dto.name,
        email: dto.email,
        phone: dto.phone,
        locale: dto.locale,
        caseworkerId: dto.caseworkerId,
      });
      const personalLink = await this.links.personalLink(m, client.id);
      await this.audit.record(
        { unitId, actor: { type: 'staff', id: staff.caseworkerId }, action: 'client.created', clientId: client.id },
        m,
      );
      return { client, personalLink };
    });
  }

  /** Staff read of a client: audited. */
  async getForStaff(staff: StaffPrincipal, clientId: string): Promise<ClientEntity> {
    const client = await this.inUnit(staff, clientId);
    await this.audit.record({
      unitId: client.unitId,
      actor: { type: 'staff', id: staff.caseworkerId },
      action: 'client.read',
      clientId,
    });
    return client;
  }

  /**
   * Staff search by name or email within their unit; every client listed counts as read (audited as
   * `client.read` via search, one event each, like the calendar's reads).
   */
  async search(
    staff: StaffPrincipal,
    text: string,
    now: Date,
  ): Promise<Array<{ id: string; name: string; email: string; lastMeetingAt: Date | null }>> {
    const q = text.trim();
    if (!q) return [];
    const found = await this.clients.search(staff.unitId, q.slice(0, 200), now);
    await this.audit.recordMany(
      found.map((c) => ({
        unitId: staff.unitId,
        actor: { type: 'staff', id: staff.caseworkerId },
        action: 'client.read',
        clientId: c.id,
        details: { via: 'search' },
      })),
    );
    return found;
  }

  async inUnit(staff: StaffPrincipal, clientId: string): Promise<ClientEntity> {
    const client = await this.clients.find(clientId);
    assertSameUnit(staff, client?.unitId, 'Client not found');
    return client!;
  }

  /**
   * Revokes earlier personal links (a leaked link stops working), returns a new one for staff to pass
   * on, and mails the client a link of their own, minted when the mail is sent (as every mailed link is).
   */
  async sendNewPersonalLink(staff: StaffPrincipal, clientId: string): Promise<string> {
    const client = await this.inUnit(staff, clientId);
    if (client.erasedAt || !client.email) throw new DomainError(ErrorCode.NOT_FOUND, 'Client not found');
    return this.clients.transaction(async (m) => {
      await this.tokens.revokeAll('personal_link', { clientId }, m);
      const link = await this.links.personalLink(m, clientId);
      const job: NotifyJob = { kind: 'personal_link', unitId: client.unitId, clientId };
      await this.jobs.enqueue(m, 'notify', job);
      await this.audit.record(
        {
          unitId: client.unitId,
          actor: { type: 'staff', id: staff.caseworkerId },
          action: 'client.personal_link_sent',
          clientId,
        },
        m,
      );
      return link;
    });
  }
}
