import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Actor, AuditService, SYSTEM } from '../common/audit/audit.service';
import { CapabilityTokensService } from '../common/capability-tokens.service';
import { Clock } from '../common/clock';
import { Transactions } from '../common/transactions';
import { ClientAppointments } from './client-appointments';
import { ClientEntity } from './client.entity';
import { ClientRepository } from './client.repository';

/** GDPR access and erasure, by staff or by retention. */
@Injectable()
export class ClientRecords {
  constructor(
    private readonly transactions: Transactions,
    private readonly clients: ClientRepository,
    private readonly appointments: ClientAppointments,
    private readonly tokens: CapabilityTokensService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Everything held on a client, as plain JSON. */
  async export(client: ClientEntity, actor: Actor): Promise<Record<string, unknown>> {
    const now = this.clock.now();
    const { appointments, notes } = await this.appointments.exportOf(client.id);
    const { links, auditEvents } = await this.clients.exportTrail(client.id);
    await this.audit.record({ unitId: client.unitId, actor, action: 'client.exported', clientId: client.id });
    return {
      exportedAt: now.toISOString(),
      client: {
        id: client.id,
        name: client.name,
        email: client.email,
        phone: client.phone,
        locale: client.locale,
        caseworkerId: client.caseworkerId,
        createdAt: client.createdAt,
        erasedAt: client.erasedAt,
      },
      appointments,
      notes,
      links,
      auditEvents,
    };
  }

  /** Erasure: personal data gone, links revoked, appointments kept without a name for statistics. */
  async erase(client: ClientEntity, actor: Actor): Promise<void> {
    await this.transactions.run((m) => this.eraseIn(m, client, actor, 'client.erased'));
  }

  /**
   * Retention: clients with no appointment within their unit's `retentionMonths` (and none ahead)
   * are erased, each in its own transaction and audited as a system action. Returns how many.
   */
  async purgeInactive(): Promise<number> {
    const stale = await this.clients.findMany(await this.appointments.inactiveClientIds(this.clock.now(), 1000));
    for (const client of stale) {
      await this.transactions.run((m) => this.eraseIn(m, client, SYSTEM, 'client.purged_by_retention'));
    }
    return stale.length;
  }

  private async eraseIn(m: EntityManager, client: ClientEntity, actor: Actor, action: string): Promise<void> {
    const now = this.clock.now();
    await this.appointments.erase(m, client.id, now);
    await this.clients.eraseIdentity(m, client.id, now);
    await this.tokens.revokeAll(['personal_link', 'confirm', 'join'], { clientId: client.id }, m);
    await this.audit.record({ unitId: client.unitId, actor, action, clientId: client.id }, m);
  }
}
