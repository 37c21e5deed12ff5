import { Inject, Injectable } from '@nestjs/common';
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Config } from '../../config/config';
import { CapabilityTokenEntity, TokenPurpose } from './capability-token.entity';
import { CapabilityTokenRepository, NewTokenRow, TokenSubject } from './capability-token.repository';
import { Transactions } from './transactions';
import { Clock } from './clock';
import { CONFIG } from './injection-tokens';
import { hashToken, looksLikeToken, newToken } from './tokens';

export type { TokenSubject } from './capability-token.repository';

/** One token of several issued at once (issueMany). */
export interface TokenRequest {
  purpose: TokenPurpose;
  subject: TokenSubject;
  expiresAt: Date;
  /** As issueShared: the subject's live derived token of this purpose when there is one. */
  shared?: boolean;
}

/** A join token is pruned this long after its meeting ended, whatever its own expiry says. */
export const JOIN_TOKEN_KEEP_DAYS = 30;

/** Capability tokens (personal page, confirm, join, feed): issue, resolve, revoke. Links are minted by LinksService. */
@Injectable()
export class CapabilityTokensService {
  constructor(
    private readonly tokens: CapabilityTokenRepository,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async issue(purpose: TokenPurpose, subject: TokenSubject, expiresAt: Date, manager?: EntityManager): Promise<string> {
    const [token] = await this.issueMany([{ purpose, subject, expiresAt }], manager);
    return token;
  }

  /**
   * Several tokens (a mail's links) with one INSERT, in the caller's transaction; the tokens in the
   * order asked. A `shared` one is found or made as issueShared does it (under the subject's lock,
   * held to the end of the transaction), and only a new one is inserted.
   */
  async issueMany(requests: readonly TokenRequest[], manager?: EntityManager): Promise<string[]> {
    if (!manager && requests.some((r) => r.shared)) return this.transactions.run((m) => this.issueMany(requests, m));
    const tokens: string[] = [];
    const rows: Array<NewTokenRow & { id: string }> = [];
    for (const r of requests) {
      const id = randomUUID();
      let token: string;
      if (r.shared) {
        const live = await this.liveShared(r.purpose, r.subject, r.expiresAt, manager!);
        if (live) {
          tokens.push(live);
          continue;
        }
        token = this.derive(r.purpose, id);
      } else {
        token = newToken();
      }
      rows.push({ id, purpose: r.purpose, tokenHash: hashToken(token), subject: r.subject, expiresAt: r.expiresAt });
      tokens.push(token);
    }
    await this.tokens.insertMany(rows, manager);
    return tokens;
  }

  /**
   * A token derived from its row's id with TOKEN_SECRET, so that it can be derived again later (a
   * feed URL, a join link) while only its hash is stored. Returns the row's id and the token.
   */
  async issueDerived(
    purpose: TokenPurpose,
    subject: TokenSubject,
    expiresAt: Date,
    manager: EntityManager,
  ): Promise<{ id: string; token: string }> {
    const id = randomUUID();
    const token = this.derive(purpose, id);
    await this.tokens.insert({ id, purpose, tokenHash: hashToken(token), subject, expiresAt }, manager);
    return { id, token };
  }

  /** The newest live token row of this purpose for the subject (only its id and dates: the token is not stored). */
  current(
    purpose: TokenPurpose,
    subject: TokenSubject,
    opts: { liveUntil?: Date; manager?: EntityManager } = {},
  ): Promise<CapabilityTokenEntity | null> {
    return this.tokens.newestLive(
      purpose,
      subject,
      opts.liveUntil ? { atLeastUntil: opts.liveUntil } : { after: this.clock.now() },
      opts.manager,
    );
  }

  /**
   * The subject's live token of this purpose that lasts until `expiresAt`, or a new one: the same link
   * on every call (a page view, each mail), not a new row each time. As for the feed, the token is
   * re-derived from its row's id with TOKEN_SECRET, so it is still stored only hashed. A row that does
   * not re-derive (random, or another secret) is left to live out its time and a derived one is added.
   */
  async issueShared(
    purpose: TokenPurpose,
    subject: TokenSubject,
    expiresAt: Date,
    manager?: EntityManager,
  ): Promise<string> {
    const run = async (m: EntityManager): Promise<string> =>
      (await this.liveShared(purpose, subject, expiresAt, m)) ??
      (await this.issueDerived(purpose, subject, expiresAt, m)).token;
    return this.transactions.run(run, manager);
  }

  /** The live derived token issueShared would reuse, taking the subject's lock first; null: a new one is needed. */
  private async liveShared(
    purpose: TokenPurpose,
    subject: TokenSubject,
    expiresAt: Date,
    m: EntityManager,
  ): Promise<string | null> {
    // Two page views at once would both find nothing and both insert.
    await this.tokens.lockSubject(m, purpose, subject);
    const live = await this.current(purpose, subject, { liveUntil: expiresAt, manager: m });
    if (!live) return null;
    const token = this.derive(purpose, live.id);
    return timingSafeEqual(hashToken(token), live.tokenHash) ? token : null;
  }

  /** The token of a row made by `issueDerived`. */
  derive(purpose: TokenPurpose, rowId: string): string {
    return createHmac('sha256', this.config.TOKEN_SECRET).update(`${purpose}:${rowId}`).digest('base64url');
  }

  /**
   * Deletes what can never open anything again: expired and revoked tokens, and join tokens of
   * meetings that ended more than JOIN_TOKEN_KEEP_DAYS ago (or whose appointment is gone). Returns how many.
   */
  prune(now: Date): Promise<number> {
    return this.tokens.prune(now, JOIN_TOKEN_KEEP_DAYS);
  }

  /** The token's row when it is of this purpose, unexpired and unrevoked; otherwise null (callers answer 404). */
  async resolve(purpose: TokenPurpose, token: string): Promise<CapabilityTokenEntity | null> {
    if (!looksLikeToken(token)) return null;
    return this.tokens.findLive(purpose, hashToken(token), this.clock.now());
  }

  /**
   * A single-use token, used up inside the caller's transaction (it is live again if that rolls
   * back): its subject, or null when it is unknown, used, expired, or (with `activeCaseworker`) its
   * caseworker is not active.
   */
  async consume(
    purpose: TokenPurpose,
    token: string,
    manager: EntityManager,
    opts: { activeCaseworker?: boolean } = {},
  ): Promise<(TokenSubject & { id: string }) | null> {
    if (!looksLikeToken(token)) return null;
    return this.tokens.consume(manager, purpose, hashToken(token), this.clock.now(), opts);
  }

  /** The token's row in whatever state, for telling why it did not work; null when it is unknown (or pruned). */
  async inspect(purpose: TokenPurpose, token: string): Promise<CapabilityTokenEntity | null> {
    if (!looksLikeToken(token)) return null;
    return this.tokens.find(purpose, hashToken(token));
  }

  async revokeAll(
    purpose: TokenPurpose | TokenPurpose[],
    subject: TokenSubject,
    manager?: EntityManager,
  ): Promise<void> {
    await this.tokens.revoke(Array.isArray(purpose) ? purpose : [purpose], subject, this.clock.now(), manager);
  }
}
