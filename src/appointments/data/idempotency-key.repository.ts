import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** The one reader and writer of `idempotency_keys` (erasure and hold clean-up delete theirs in one statement each). */
@Injectable()
export class IdempotencyKeyRepository {
  /**
   * Claims the key: an expired row is released first, so it can be claimed again. Null when the key
   * is new; otherwise the stored request hash and response (a concurrent duplicate waits on the row).
   */
  async claim(
    m: EntityManager,
    caller: string,
    key: string,
    requestHash: string,
    now: Date,
    expiredBefore: Date,
  ): Promise<{ requestHash: string; response: unknown } | null> {
    await m.query(`DELETE FROM idempotency_keys WHERE caller = $1 AND key = $2 AND created_at < $3`, [
      caller,
      key,
      expiredBefore,
    ]);
    const inserted = await m.query<unknown[]>(
      `INSERT INTO idempotency_keys (caller, key, request_hash, created_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING RETURNING key`,
      [caller, key, requestHash, now],
    );
    if (inserted.length > 0) return null;
    const [row] = await m.query<Array<{ request_hash: string; response: unknown }>>(
      `SELECT request_hash, response FROM idempotency_keys WHERE caller = $1 AND key = $2`,
      [caller, key],
    );
    return { requestHash: row?.request_hash, response: row?.response };
  }

  async store(
    m: EntityManager,
    caller: string,
    key: string,
    statusCode: number,
    response: unknown,
    clientId: string,
  ): Promise<void> {
    await m.query(
      `UPDATE idempotency_keys SET status_code = $3, response = $4, client_id = $5 WHERE caller = $1 AND key = $2`,
      [caller, key, statusCode, JSON.stringify(response), clientId],
    );
  }
}
