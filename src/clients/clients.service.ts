import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { assertSameUnit, StaffPrincipal } from '../auth/staff-principal';
import { Actor, AuditService, SYSTEM } from '../common/audit/audit.service';
import { CapabilityTokensService } from '../common/capability-tokens.service';
import { Clock } from '../common/clock';
import { DomainError, ErrorCode } from '../common/errors';
import type { NotifyJob } from '../jobs/job-contracts';
import { JobsService } from '../jobs/jobs.service';
import { LinksService } from '../links/links.service';
import { CaseworkerEntity } from '../units/caseworker.entity';
import { ClientEntity } from './client.entity';
import { CreateClientDto } from './clients.dto';
import { ClientExporter } from './client-exporter';

@Injectable()
export class ClientsService {
  constructor(
    @InjectRepository(ClientEntity) private readonly clients: Repository<ClientEntity>,
    @InjectRepository(CaseworkerEntity) private readonly caseworkers: Repository<CaseworkerEntity>,
    private readonly tokens: CapabilityTokensService,
    private readonly audit: AuditService,
    private readonly jobs: JobsService,
    private readonly exporter: ClientExporter,
    private readonly clock: Clock,
    private readonly links: LinksService,
  ) {}

  async create(staff: StaffPrincipal, unitId: string, dto: CreateClientDto): Promise<{ client: ClientEntity; personalLink: string }> {
    assertSameUnit(staff, unitId, 'Unit not found');
    if (dto.caseworkerId) {
      const cw = await this.caseworkers.findOneBy({ id: dto.caseworkerId });
      assertSameUnit(staff, cw?.unitId, 'Caseworker not found');
    }
    return this.clients.manager.transaction(async (m) => {
      const client = await m.save(
        m.create(ClientEntity, {
          unitId, name: dto.name, email: dto.email.toLowerCase(), phone: dto.phone ?? null, locale: dto.locale ?? 'sv', caseworkerId: dto.caseworkerId ?? null,
        }),
      );
      if (!dto.locale) {
        const unit = await m.query(`SELECT default_locale FROM units WHERE id = $1`, [unitId]);
        client.locale = unit[0].default_locale;
        await m.update(ClientEntity, { id: client.id }, { locale: client.locale });
      }
      const personalLink = await this.links.personalLink(m, client.id);
      await this.audit.record({ unitId, actor: { type: 'staff', id: staff.caseworkerId }, action: 'client.created', clientId: client.id }, m);
      return { client, personalLink };
    });
  }

  /** Staff read of a client: audited. */
  async getForStaff(staff: StaffPrincipal, clientId: string): Promise<ClientEntity> {
    const client = await this.inUnit(staff, clientId);
    await this.audit.record({ unitId: client.unitId, actor: { type: 'staff', id: staff.caseworkerId }, action: 'client.read', clientId });
    return client;
  }

  async inUnit(staff: StaffPrincipal, clientId: string): Promise<ClientEntity> {
    const client = await this.clients.findOneBy({ id: clientId });
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
    return this.clients.manager.transaction(async (m) => {
      await this.tokens.revokeAll('personal_link', { clientId }, m);
      const link = await this.links.personalLink(m, clientId);
      const job: NotifyJob = { kind: 'personal_link', unitId: client.unitId, clientId };
      await this.jobs.enqueue(m, 'notify', job);
      await this.audit.record({ unitId: client.unitId, actor: { type: 'staff', id: staff.caseworkerId }, action: 'client.personal_link_sent', clientId }, m);
      return link;
    });
  }

  async export(staff: StaffPrincipal, clientId: string): Promise<Record<string, unknown>> {
    const client = await this.inUnit(staff, clientId);
    const data = await this.exporter.export(client, this.clock.now());
    await this.audit.record({ unitId: client.unitId, actor: { type: 'staff', id: staff.caseworkerId }, action: 'client.exported', clientId });
    return data;
  }

  /** Erasure: personal data gone, links revoked, appointments kept without a name for statistics. */
  async erase(staff: StaffPrincipal, clientId: string): Promise<void> {
    const client = await this.inUnit(staff, clientId);
    await this.clients.manager.transaction((m) => this.eraseIn(m, client, { type: 'staff', id: staff.caseworkerId }, 'client.erased'));
  }

  private async eraseIn(m: EntityManager, client: ClientEntity, actor: Actor, action: string): Promise<void> {
    const now = this.clock.now();
    await this.exporter.eraseRelated(m, client, now);
    await m.update(ClientEntity, { id: client.id }, { name: null, email: null, phone: null, erasedAt: now });
    await this.tokens.revokeAll(['personal_link', 'confirm', 'join'], { clientId: client.id }, m);
    await this.audit.record({ unitId: client.unitId, actor, action, clientId: client.id }, m);
  }

  /**
   * Retention: clients with no appointment within their unit's `retentionMonths` (and none ahead)
   * are erased, each in its own transaction and audited as a system action. Returns how many.
   */
  async purgeInactive(): Promise<number> {
    const now = this.clock.now();
    const stale: ClientEntity[] = await this.clients
      .createQueryBuilder('c')
      .innerJoin('units', 'u', 'u.id = c.unit_id')
      .where('c.erased_at IS NULL')
      .andWhere(`c.created_at < :now::timestamptz - make_interval(months => u.retention_months)`, { now })
      .andWhere(
        `NOT EXISTS (SELECT 1 FROM appointments a WHERE a.client_id = c.id AND a.ends_at > :now::timestamptz - make_interval(months => u.retention_months))`,
      )
      .take(1000)
      .getMany();
    for (const client of stale) {
      await this.clients.manager.transaction((m) => this.eraseIn(m, client, SYSTEM, 'client.purged_by_retention'));
    }
    return stale.length;
  }
}
