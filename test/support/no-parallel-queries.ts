import { Client } from 'pg';

/**
 * Fails a test that sends a query on a connection still running another, usually a Promise.all over
 * one transaction's EntityManager: pg 8 queues it with a deprecation warning, pg 9 refuses it. Checked
 * at pg's Client (the warning itself is printed once per process, and Jest's `process` does not
 * see it), so every offending test fails, naming the query that was sent too early.
 */
type PgClient = Client & { _activeQuery?: unknown; _queryQueue?: unknown[]; pipeline?: boolean };
// eslint-disable-next-line @typescript-eslint/unbound-method -- kept to be called back with .apply(this) on a pg Client
const query = Client.prototype.query as (...args: unknown[]) => unknown;
let offence: Error | null = null;

beforeAll(() => {
  Client.prototype.query = function (this: PgClient, ...args: unknown[]) {
    if ((this._activeQuery || (this._queryQueue?.length ?? 0) > 0) && !this.pipeline) {
      const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string } | undefined)?.text;
      offence ??= new Error(`a query was sent on a connection still running another: ${String(text).slice(0, 200)}`);
    }
    return query.apply(this, args);
  } as typeof Client.prototype.query;
});

afterEach(() => {
  const found = offence;
  offence = null;
  if (found) throw found;
});

afterAll(() => {
  Client.prototype.query = query as typeof Client.prototype.query;
});
