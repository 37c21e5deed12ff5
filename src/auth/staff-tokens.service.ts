import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { hashToken, newToken } from '../common/tokens';
import { PrincipalCache } from './principal-cache';
import { StaffTokenEntity } from './staff-token.entity';
import { StaffTokenRepository } from './staff-token.repository';
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
 * How long this instance goes on trusting a token it resolved, without asking the database again
 * (as long as the booking context's cache: a change reaches the other instances within 5 s). An
 * integration calls many times a second, and the look-up was a third of a staff slot search's cost.
 */
export const TOKEN_CACHE_TTL_MS = 5_000;

@Injectable()
export class StaffTokensService {
  constructor(
    private readonly tokens: StaffTokenRepository,
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
    const id = await this.tokens.insert({ caseworkerId, label, tokenHash: hashToken(token), expiresAt }, opts.manager);
    return { id, token, expiresAt };
  }

  /**
   * Call once a change to the caseworker's tokens, role or being active has committed: this instance
   * stops trusting what it remembered of their tokens at once (the others within TOKEN_CACHE_TTL_MS).
   */
  forgetCaseworker(caseworkerId: string): void {
    this.recent.forgetCaseworker(caseworkerId);
  }

  revoke(caseworkerId: string, tokenId: string, manager?: EntityManager): Promise<boolean> {
    return this.tokens.revoke(caseworkerId, tokenId, this.clock.now(), manager);
  }

  /** Offboarding: every live token of the caseworker stops working. Returns how many were revoked. */
  revokeAll(caseworkerId: string, manager?: EntityManager): Promise<number> {
    return this.tokens.revokeAllOf(caseworkerId, this.clock.now(), manager);
  }

  /** Every token of the caseworker, revoked and expired ones too (the hash is the caller's to leave out). */
  list(caseworkerId: string): Promise<StaffTokenEntity[]> {
    return this.tokens.listOf(caseworkerId);
  }

  /**
   * Every staff request starts here, so it is ONE statement (StaffTokenRepository.holderOf, which
   * also records the token's last use to the minute). Refuses revoked and expired tokens and
   * deactivated caseworkers. A token resolved in the last
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
    const holder = await this.tokens.holderOf(hash, now);
    if (!holder) return null;
    const principal: StaffPrincipal = { caseworkerId: holder.caseworkerId, unitId: holder.unitId, role: holder.role };
    this.recent.set(key, principal, now.getTime(), holder.expiresAt?.getTime() ?? null, epoch);
    return principal;
  }
}
