import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull, Repository } from 'typeorm';
import { Clock } from '../common/clock';
import { preparedQuery } from '../database/prepared-query';
import { hashToken, newToken } from '../common/tokens';
import { PrincipalCache } from './principal-cache';
import { StaffTokenEntity } from './staff-token.entity';
import { StaffPrincipal } from './staff-principal';

const DAY = 86_400_000;

/** A bearer token lasts this long unless its maker asks for less or more (docs/api.md: default 365). */
export const DEFAULT_TOKEN_DAYS = 365;
export const MAX_TOKEN_DAYS = 3650;

/** When a token made at `now` for `days` days expires. */
export function tokenExpiry(now: Date, days: number = DEFAULT_TOKEN_DAYS): Date {
  return new Date(now.getTime() + days * DAY);
}

/**
 * Last use is written at most this often per token: the resolve stays a read on almost every
 * request, and "last used" is for people, who do not need it to the second.
 */
const LAST_USED_RESOLUTION = '1 minute';

/**
 * How long this instance goes on trusting a token it resolved, without asking the database again
 * (as long as the booking context's cache: a change reaches the other instances within 5 s). An
 * integration calls many times a second, and the look-up was a third of a staff slot search's cost.
 */
export const TOKEN_CACHE_TTL_MS = 5_000;

@Injectable()
export class StaffTokensService {
  constructor(
    @InjectRepository(StaffTokenEntity) private readonly tokens: Repository<StaffTokenEntity>,
    private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  private readonly recent = new PrincipalCache(TOKEN_CACHE_TTL_MS);

  /** Issues a token; the plain token is returned once and never stored. */
  async issue(
    caseworkerId: string,
    label: string,
    opts: { expiresInDays?: number; manager?: EntityManager } = {},
  ): Promise<{ id: string; token: string; expiresAt: Date }> {
    const token = newToken();
    const expiresAt = tokenExpiry(this.clock.now(), opts.expiresInDays);
    const repo = opts.manager ? opts.manager.getRepository(StaffTokenEntity) : this.tokens;
    const row = await repo.save(
      repo.create({ caseworkerId, label, tokenHash: hashToken(token), revokedAt: null, expiresAt }),
    );
    return { id: row.id, token, expiresAt };
  }

  /**
   * Call once a change to the caseworker's tokens, role or being active has committed: this instance
   * stops trusting what it remembered of their tokens at once (the others within TOKEN_CACHE_TTL_MS).
   */
  forgetCaseworker(caseworkerId: string): void {
    this.recent.forgetCaseworker(caseworkerId);
  }

  async revoke(caseworkerId: string, tokenId: string, manager?: EntityManager): Promise<boolean> {
    const repo = manager ? manager.getRepository(StaffTokenEntity) : this.tokens;
    const result = await repo.update(
      { id: tokenId, caseworkerId, revokedAt: IsNull() },
      { revokedAt: this.clock.now() },
    );
    return (result.affected ?? 0) > 0;
  }

  /** Offboarding: every live token of the caseworker stops working. Returns how many were revoked. */
  async revokeAll(caseworkerId: string, manager?: EntityManager): Promise<number> {
    const repo = manager ? manager.getRepository(StaffTokenEntity) : this.tokens;
    const result = await repo.update({ caseworkerId, revokedAt: IsNull() }, { revokedAt: this.clock.now() });
    return result.affected ?? 0;
  }

  /** Every token of the caseworker, revoked and expired ones too (the hash is the caller's to leave out). */
  async list(caseworkerId: string): Promise<StaffTokenEntity[]> {
    return this.tokens.find({ where: { caseworkerId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /**
   * Every staff request starts here, so it is ONE statement: the token and its caseworker joined,
   * and, in the same statement, the token's last use recorded when the stored one is more than a
   * minute old (the condition is on the row itself, so two requests at once write it once).
   * Refuses revoked and expired tokens and deactivated caseworkers. A token resolved in the last
   * TOKEN_CACHE_TTL_MS is answered from memory (never past its expiry; last use is kept to the
   * minute anyway).
   */
  async resolve(token: string): Promise<StaffPrincipal | null> {
    if (token.length > 200) return null;
    const hash = hashToken(token);
    const key = hash.toString('base64');
    const now = this.clock.now();
    const remembered = this.recent.get(key, now.getTime());
    if (remembered) return remembered;
    const epoch = this.recent.epoch();
    const [row] = await preparedQuery<{
      id: string;
      unit_id: string;
      role: StaffPrincipal['role'];
      expires_at: Date | null;
    }>(
      this.db,
      undefined,
      'staff-token-resolve',
      `WITH p AS (
         SELECT t.id AS token_id, t.expires_at, c.id, c.unit_id, c.role FROM staff_tokens t JOIN caseworkers c ON c.id = t.caseworker_id
          WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > $2) AND c.active
       ), used AS (
         UPDATE staff_tokens s SET last_used_at = $2 FROM p
          WHERE s.id = p.token_id
            AND (s.last_used_at IS NULL OR s.last_used_at < $2::timestamptz - interval '${LAST_USED_RESOLUTION}')
       )
       SELECT id, unit_id, role, expires_at FROM p`,
      [hash, now],
    );
    if (!row) return null;
    const principal: StaffPrincipal = { caseworkerId: row.id, unitId: row.unit_id, role: row.role };
    this.recent.set(key, principal, now.getTime(), row.expires_at?.getTime() ?? null, epoch);
    return principal;
  }
}
