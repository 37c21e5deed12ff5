import { sqlState } from './statement-parts';

/**
 * Two overlapping inserts can each wait on the other's exclusion-constraint check; PostgreSQL then
 * aborts one with a deadlock (40P01). Re-running that transaction is the standard answer: on the
 * second try it sees the winner and answers SLOT_TAKEN cleanly (or books, if the winner rolled back).
 */
const RETRYABLE = new Set(['40P01', '40001']);

export async function retryOnDeadlock<T>(run: () => Promise<T>, attempts = 4): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await run();
    } catch (err) {
      const code = sqlState(err);
      if (!code || !RETRYABLE.has(code) || i >= attempts) throw err;
      await new Promise((r) => setTimeout(r, Math.random() * 20 * i));
    }
  }
}
