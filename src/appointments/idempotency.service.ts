import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { DomainError, ErrorCode } from '../common/errors';

const TTL_MS = 24 * 3600_000;

export type Replay<T> = { replay: true; response: T } | { replay: false };

/**
 * Idempotency-Key on creates: the first response is stored per key and caller, in the same
 * transaction as the appointment. A concurrent duplicate waits on the key's row and then replays.
 * The caller is stored as a SHA-256 (a public caller is named by its email), and the row names the
 * client it booked for, so that the client's erasure deletes it.
 */
@Injectable()
export class IdempotencyService {
  constructor(private readonly clock: Clock) {}

  static validateKey(key: string | undefined): string | undefined {
    if (key === undefined) return undefined;
    if (!/^[\x21-\x7e]{1,200}$/.test(key)) throw new DomainError(ErrorCode.VALIDATION_FAILED, 'Idempotency-Key must be 1–200 visible ASCII characters.');
    return key;
  }

  static hash(body: unknown): string {
    return createHash('sha256').update(JSON.stringify(body ?? null)).digest('hex');
  }

  async claim<T>(m: EntityManager, callerName: string, key: string, requestHash: string): Promise<Replay<T>> {
    const now = this.clock.now();
    const caller = callerHash(callerName);
    // An expired key is released first, so it can be claimed again.
    await m.query(`DELETE FROM idempotency_keys WHERE caller = $1 AND key = $2 AND created_at < $3`, [caller, key, new Date(now.getTime() - TTL_MS)]);
    const inserted = await m.query(
      `INSERT INTO idempotency_keys (caller, key, request_hash, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING key`,
      [caller, key, requestHash, now],
    );
    if (inserted.length > 0) return { replay: false };
    const [row] = await m.query(`SELECT request_hash, response FROM idempotency_keys WHERE caller = $1 AND key = $2`, [caller, key]);
    if (!row || row.request_hash !== requestHash) {
      throw new DomainError(ErrorCode.IDEMPOTENCY_KEY_REUSED, 'This Idempotency-Key was already used with a different request.');
    }
    return { replay: true, response: row.response as T };
  }

  async store(m: EntityManager, callerName: string, key: string, statusCode: number, response: unknown, clientId: string): Promise<void> {
    await m.query(
      `UPDATE idempotency_keys SET status_code = $3, response = $4, client_id = $5 WHERE caller = $1 AND key = $2`,
      [callerHash(callerName), key, statusCode, JSON.stringify(response), clientId],
    );
  }
}

const callerHash = (caller: string): string => createHash('sha256').update(caller).digest('hex');
