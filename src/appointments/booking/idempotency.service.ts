import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { Clock } from '../../common/clock';
import { DomainError, ErrorCode } from '../../common/errors';
import { retryOnDeadlock } from '../../database/retry';
import { Transactions } from '../../common/transactions';
import { IdempotencyKeyRepository } from '../data/idempotency-key.repository';

const TTL_MS = 24 * 3600_000;

/**
 * Idempotency-Key on creates, as a wrapper at the edge: the first response is stored per key and
 * caller, in the same transaction as what it created. A concurrent duplicate waits on the key's row
 * and then replays. The caller is stored as a SHA-256 (a public caller is named by its email), and
 * the row names the client it was for, so that the client's erasure deletes it.
 */
@Injectable()
export class IdempotencyService {
  constructor(
    private readonly transactions: Transactions,
    private readonly keys: IdempotencyKeyRepository,
    private readonly clock: Clock,
  ) {}

  static validateKey(key: string | undefined): string | undefined {
    if (key === undefined) return undefined;
    if (!/^[\x21-\x7e]{1,200}$/.test(key))
      throw new DomainError(ErrorCode.VALIDATION_FAILED, 'Idempotency-Key must be 1–200 visible ASCII characters.');
    return key;
  }

  static hash(body: unknown): string {
    return createHash('sha256')
      .update(JSON.stringify(body ?? null))
      .digest('hex');
  }

  /**
   * With a key, runs `fn` in a transaction that claims the key first, and a repeat of the same
   * request returns the stored first response instead; the same key with another body is refused.
   * Without a key, just `fn`, with no manager: it opens what transaction it needs (a booking of one
   * calendar needs none, see BookingService.book).
   */
  idempotent<R extends { clientId: string }>(
    callerName: string,
    key: string | undefined,
    bodyHash: string,
    fn: (m?: EntityManager) => Promise<R>,
  ): Promise<R> {
    if (key === undefined) return fn();
    return retryOnDeadlock(() =>
      this.transactions.run(async (m) => {
        const now = this.clock.now();
        const caller = callerHash(callerName);
        const prior = await this.keys.claim(m, caller, key, bodyHash, now, new Date(now.getTime() - TTL_MS));
        if (prior) {
          if (prior.requestHash !== bodyHash)
            throw new DomainError(
              ErrorCode.IDEMPOTENCY_KEY_REUSED,
              'This Idempotency-Key was already used with a different request.',
            );
          return prior.response as R;
        }
        const response = await fn(m);
        await this.keys.store(m, caller, key, 201, response, response.clientId);
        return response;
      }),
    );
  }
}

const callerHash = (caller: string): string => createHash('sha256').update(caller).digest('hex');
