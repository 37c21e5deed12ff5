import { Injectable } from '@nestjs/common';
import { ClientEntity } from '../../clients/client.entity';
import { ClientRepository } from '../../clients/client.repository';
import { CapabilityTokensService } from '../../common/capability-tokens.service';
import { DomainError, ErrorCode } from '../../common/errors';
import { CaseworkerEntity } from '../../units/caseworker.entity';
import { UnitEntity } from '../../units/unit.entity';
import { BookingParties } from '../data/booking-parties.read-model';
import type { ChangeActor } from '../changes/appointment-changes.service';

export interface ClientSession {
  client: ClientEntity;
  unit: UnitEntity;
  /** The client's own caseworker; null until a first booking assigns one. */
  caseworker: CaseworkerEntity | null;
  actor: ChangeActor;
}

/** The edge of the personal link: a token becomes a session once per request, and is not passed on. */
@Injectable()
export class ClientSessions {
  constructor(
    private readonly tokens: CapabilityTokensService,
    private readonly clients: ClientRepository,
    private readonly parties: BookingParties,
  ) {}

  /** Unknown, expired, revoked or erased: all the same 404. */
  async resolve(token: string): Promise<ClientSession> {
    const cap = await this.tokens.resolve('personal_link', token);
    const client = cap?.clientId ? await this.clients.find(cap.clientId) : null;
    if (!client || client.erasedAt) throw new DomainError(ErrorCode.NOT_FOUND, 'This link is not valid.');
    const unit = await this.parties.unit(client.unitId);
    const caseworker = client.caseworkerId ? await this.parties.caseworkerById(client.caseworkerId) : null;
    return { client, unit, caseworker, actor: { type: 'client', id: client.id } };
  }
}
