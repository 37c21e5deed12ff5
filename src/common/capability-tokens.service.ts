import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, IsNull, MoreThan, Repository } from 'typeorm';
import { CapabilityTokenEntity, TokenPurpose } from './capability-token.entity';
import { Clock } from './clock';
import { hashToken, looksLikeToken, newToken } from './tokens';

export interface TokenSubject {
  clientId?: string | null;
  appointmentId?: string | null;
  caseworkerId?: string | null;
}

/** Capability links (personal page, confirm, join, feed): issue, resolve, revoke. */
@Injectable()
export class CapabilityTokensService {
  constructor(
    @InjectRepository(CapabilityTokenEntity) private readonly tokens: Repository<CapabilityTokenEntity>,
    private readonly clock: Clock,
  ) {}

  async issue(purpose: TokenPurpose, subject: TokenSubject, expiresAt: Date, manager?: EntityManager): Promise<string> {
    const token = newToken();
    const repo = manager ? manager.getRepository(CapabilityTokenEntity) : this.tokens;
    await repo.insert({
      purpose,
      tokenHash: hashToken(token),
      clientId: subject.clientId ?? null,
      appointmentId: subject.appointmentId ?? null,
      caseworkerId: subject.caseworkerId ?? null,
      expiresAt,
      revokedAt: null,
    });
    return token;
  }

  /**
   * Stores a token that the caller derives itself (it can re-derive it later, e.g. a feed URL); the
   * row's id is given so that the derivation can use it. Stored hashed like every other token.
   */
  async issueDerived(id: string, purpose: TokenPurpose, token: string, subject: TokenSubject, expiresAt: Date, manager: EntityManager): Promise<void> {
    await manager.getRepository(CapabilityTokenEntity).insert({
      id, purpose, tokenHash: hashToken(token), clientId: subject.clientId ?? null, appointmentId: subject.appointmentId ?? null,
      caseworkerId: subject.caseworkerId ?? null, expiresAt, revokedAt: null,
    });
  }

  /** The newest live token row of this purpose for the subject (only its id and dates: the token is not stored). */
  async current(purpose: TokenPurpose, subject: TokenSubject): Promise<CapabilityTokenEntity | null> {
    return this.tokens.findOne({
      where: { purpose, revokedAt: IsNull(), expiresAt: MoreThan(this.clock.now()), ...(subject.caseworkerId ? { caseworkerId: subject.caseworkerId } : {}), ...(subject.clientId ? { clientId: subject.clientId } : {}) },
      order: { createdAt: 'DESC' },
    });
  }

  /** The token's row when it is of this purpose, unexpired and unrevoked; otherwise null (callers answer 404). */
  async resolve(purpose: TokenPurpose, token: string): Promise<CapabilityTokenEntity | null> {
    if (!looksLikeToken(token)) return null;
    return this.tokens.findOne({
      where: { tokenHash: hashToken(token), purpose, revokedAt: IsNull(), expiresAt: MoreThan(this.clock.now()) },
    });
  }

  async revokeAll(purpose: TokenPurpose | TokenPurpose[], subject: TokenSubject, manager?: EntityManager): Promise<void> {
    const repo = manager ? manager.getRepository(CapabilityTokenEntity) : this.tokens;
    const qb = repo.createQueryBuilder().update().set({ revokedAt: this.clock.now() }).where('revoked_at IS NULL');
    qb.andWhere('purpose = ANY(:purposes)', { purposes: Array.isArray(purpose) ? purpose : [purpose] });
    if (subject.clientId) qb.andWhere('client_id = :clientId', { clientId: subject.clientId });
    if (subject.appointmentId) qb.andWhere('appointment_id = :appointmentId', { appointmentId: subject.appointmentId });
    if (subject.caseworkerId) qb.andWhere('caseworker_id = :caseworkerId', { caseworkerId: subject.caseworkerId });
    await qb.execute();
  }
}
