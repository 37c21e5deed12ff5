import { StaffPrincipal } from './staff-principal';

interface Entry {
  principal: StaffPrincipal;
  /** When it was read (a clock set back makes the entry unusable, never longer-lived). */
  readAt: number;
  /** Usable before this instant: the read plus the TTL, or the token's own expiry when sooner. */
  until: number;
}

/**
 * Bearer tokens this instance resolved a moment ago, keyed by the token's hash (never the token),
 * with the caseworker they stand for. Only hits are kept: an unknown token always reaches the
 * database, so a token issued on another instance works at once and guessing fills nothing.
 * Bounded: entries that ran out go when the next one is kept (reads come in time order, so they are
 * the oldest), and past `max` entries the oldest read goes first. A read that was under way while a
 * caseworker was forgotten is not kept (it may predate the change): take `epoch()` before the read.
 */
export class PrincipalCache {
  private readonly entries = new Map<string, Entry>();
  private forgets = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly max = 10_000,
  ) {}

  get(key: string, now: number): StaffPrincipal | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (now < entry.until && now >= entry.readAt) return entry.principal;
    this.entries.delete(key);
    return undefined;
  }

  /** Changes whenever something is forgotten. */
  epoch(): number {
    return this.forgets;
  }

  set(key: string, principal: StaffPrincipal, now: number, expiresAt: number | null, epoch: number): void {
    if (this.ttlMs <= 0 || epoch !== this.forgets) return;
    const until = Math.min(now + this.ttlMs, expiresAt ?? Infinity);
    if (until <= now) return;
    this.entries.delete(key);
    // Without this, every token read once stayed until `max` pushed it out (issue 24: heap kept after idle).
    for (const [k, e] of this.entries) {
      if (now < e.until && now >= e.readAt) break;
      this.entries.delete(k);
    }
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { principal, readAt: now, until });
  }

  /** Every token of this caseworker: their role, their being active or their tokens changed. */
  forgetCaseworker(caseworkerId: string): void {
    this.forgets++;
    for (const [key, entry] of this.entries)
      if (entry.principal.caseworkerId === caseworkerId) this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
