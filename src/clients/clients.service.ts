import { Injectable } from '@nestjs/common';
import { assertSameUnit, StaffPrincipal } from '../auth/staff-principal';
import { AuditService } from '../common/audit/audit.service';
import { CapabilityTokensService } from '../common/capability-tokens.service';
import { DomainError, ErrorCode } from '../common/errors';
import { clientPhone } from '../common/phone-number';
import { Transactions } from '../common/transactions';
import type { NotifyJob } from '../jobs/job-contracts';
import { JobsService } from '../jobs/jobs.service';
import { ClientEntity } from './client.entity';
import { CreateClientDto } from './clients.dto';
import { ClientRepository } from './client.repository';

@Injectable()
export class ClientsService {
  constructor(
    private readonly clients: ClientRepository,
    private readonly transactions: Transactions,
    private readonly tokens: CapabilityTokensService,
    private readonly audit: AuditService,
    private readonly jobs: JobsService,
  ) {}

  async create(staff: StaffPrincipal, unitId: string, dto: CreateClientDto): Promise<ClientEntity> {
    assertSameUnit(staff, unitId, 'Unit not found');
    if (dto.caseworkerId)
      assertSameUnit(staff, await this.clients.unitOfCaseworker(dto.caseworkerId), 'Caseworker not found');
    // Stored in E.164, and only of the unit's countries (rule 14): the number a caseworker calls.
    const phone = dto.phone ? clientPhone(dto.phone, await this.clients.smsCountriesOf(unitId)) : undefined;
    return this.transactions.run(async (m) => {
      const client = await this.clients.create(m, {
        unitId,
        name: dto.name,
        email: dto.email,
        phone,
        locale: dto.locale,
        caseworkerId: dto.caseworkerId,
      });
      // No personal link is minted here: staff never see one (docs/product-rules.md, rule 12); the client gets
      // theirs by mail, with a booking's confirmation or from sendNewPersonalLink.
      await this.audit.record(
        { unitId, actor: { type: 'staff', id: staff.caseworkerId }, action: 'client.created', clientId: client.id },
        m,
      );
      return client;
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
   * Revokes earlier personal links (a leaked link stops working) and queues, in the same transaction,
   * the mail that carries the client's new one (minted when the mail is sent, as every mailed link is).
   * Only the client's own caseworker or an admin may: a colleague holding the link could act as the
   * client on a meeting that is read-only to them. The link never reaches staff; the audit names who
   * sent it. Today only email carries it (no SMS channel yet), so the answer lists the channels used.
   */
  async sendNewPersonalLink(staff: StaffPrincipal, clientId: string): Promise<{ sentTo: Array<'email'> }> {
    const client = await this.inUnit(staff, clientId);
    if (client.erasedAt) throw new DomainError(ErrorCode.NOT_FOUND, 'Client not found');
    if (!canSendPersonalLink(staff, client))
      throw new DomainError(ErrorCode.FORBIDDEN, "Only the client's own caseworker or an admin sends a personal link.");
    if (!client.email) throw new DomainError(ErrorCode.CONFLICT, 'The client has no email address to send a link to.');
    return this.transactions.run(async (m) => {
      await this.tokens.revokeAll('personal_link', { clientId }, m);
      const job: NotifyJob = { kind: 'personal_link', unitId: client.unitId, clientId };
      await this.jobs.enqueue(m, 'notify', job);
      await this.audit.record(
        {
          unitId: client.unitId,
          actor: { type: 'staff', id: staff.caseworkerId },
          action: 'client.personal_link_sent',
          clientId,
          details: { sentTo: ['email'] },
        },
        m,
      );
      return { sentTo: ['email'] };
    });
  }
}

/** The client's own caseworker (clients.caseworker_id) or an admin of the unit; shared by API and pages. */
export function canSendPersonalLink(
  staff: Pick<StaffPrincipal, 'caseworkerId' | 'role'>,
  client: { caseworkerId: string | null },
): boolean {
  return staff.role === 'admin' || (client.caseworkerId !== null && client.caseworkerId === staff.caseworkerId);
}
