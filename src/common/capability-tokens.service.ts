import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { EntityManager, IsNull, MoreThan, MoreThanOrEqual, Repository } from 'typeorm';
import type { Config } from '../../config/config';
import { CapabilityTokenEntity, TokenPurpose } from './capability-token.entity';
import { Clock } from './clock';
import { CONFIG } from './injection-tokens';
import { hashToken, looksLikeToken, newToken } from './tokens';

/** A join token is pruned this long after its meeting ended, whatever its own expiry says. */
export const JOIN_TOKEN_KEEP_DAYS = 30;

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
    @Inject(CONFIG) private readonly config: Config,
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
  async current(purpose: TokenPurpose, subject: TokenSubject, opts: { liveUntil?: Date; manager?: EntityManager } = {}): Promise<CapabilityTokenEntity | null> {
    const repo = opts.manager ? opts.manager.getRepository(CapabilityTokenEntity) : this.tokens;
    return repo.findOne({
      where: {
        purpose, revokedAt: IsNull(), expiresAt: opts.liveUntil ? MoreThanOrEqual(opts.liveUntil) : MoreThan(this.clock.now()),
        ...(subject.caseworkerId ? { caseworkerId: subject.caseworkerId } : {}), ...(subject.clientId ? { clientId: subject.clientId } : {}), ...(subject.appointmentId ? { appointmentId: subject.appointmentId } : {}),
      },
      order: { createdAt: 'DESC' },
    });
  }

  /**
   * The subject's live token of this purpose that lasts until `expiresAt`, or a new one: the same link
   * on every call (a page view, each mail), not a new row each time. As for the feed, the token is
   * re-derived from its row's id with TOKEN_SECRET, so it is still stored only hashed. A row that does
   * not re-derive (random, or another secret) is left to live out its time and a derived one is added.
   */
  async issueShared(purpose: TokenPurpose, subject: TokenSubject, expiresAt: Date, manager?: EntityManager): Promise<string> {
    const run = async (m: EntityManager): Promise<string> => {
      // Two page views at once would both find nothing and both insert.
      await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`token:${purpose}:${subject.appointmentId ?? ''}:${subject.clientId ?? ''}:${subject.caseworkerId ?? ''}`]);
      const live = await this.current(purpose, subject, { liveUntil: expiresAt, manager: m });
      if (live) {
        const token = this.derive(purpose, live.id);
        if (timingSafeEqual(hashToken(token), live.tokenHash)) return token;
      }
      const id = randomUUID();
      const token = this.derive(purpose, id);
      await this.issueDerived(id, purpose, token, subject, expiresAt, m);
      return token;
    };
    return manager ? run(manager) : this.tokens.manager.transaction(run);
  }

  private derive(purpose: TokenPurpose, rowId: string): string {
    return createHmac('sha256', this.config.TOKEN_SECRET).update(`${purpose}:${rowId}`).digest('base64url');
  }

  /**
   * Deletes what can never open anything again: expired and revoked tokens, and join tokens of
   * meetings that ended more than JOIN_TOKEN_KEEP_DAYS ago (or whose appointment is gone). Returns how many.
   */
  async prune(now: Date): Promise<number> {
    const [, deleted] = await this.tokens.query(
      `DELETE FROM capability_tokens t
        WHERE t.expires_at <= $1 OR t.revoked_at IS NOT NULL
           OR (t.purpose = 'join' AND NOT EXISTS (
                SELECT 1 FROM appointments a WHERE a.id = t.appointment_id AND a.ends_at > $1::timestamptz - make_interval(days => $2)))`,
      [now, JOIN_TOKEN_KEEP_DAYS],
    );
    return deleted;
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
