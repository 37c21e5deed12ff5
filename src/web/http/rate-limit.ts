import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import type Redis from 'ioredis';

/**
 * Fixed-window rate limits per client IP and route group. The window is aligned to the clock
 * (floor(now / window)), so every instance counts into the same bucket without coordination; with
 * Redis the count itself is shared too (INCR + PEXPIRE in one MULTI).
 */

/** `sign_in_email` counts per email address (by its hash), not per client address: see SignInPagesService. */
export type RateGroup = 'pages' | 'booking' | 'api' | 'sign_in' | 'sign_in_email';
export interface RateLimit {
  limit: number;
  windowMs: number;
}
export type RateLimits = Record<RateGroup, RateLimit>;

/** The limits in force. A mutable object so a test (or an operator's module) can swap numbers through the provider. */
export const RATE_LIMITS = Symbol('RATE_LIMITS');
export const RATE_LIMIT_STORE = Symbol('RATE_LIMIT_STORE');

export function defaultRateLimits(): RateLimits {
  return {
    // A person clicking through weeks and steps stays far below this; a scraper does not.
    pages: { limit: 60, windowMs: 60_000 },
    // Each booking holds a slot for holdMinutes: ten an IP per ten minutes stops someone from emptying a calendar.
    booking: { limit: 10, windowMs: 600_000 },
    api: { limit: 60, windowMs: 60_000 },
    // Staff sign-in forms (ask for a link, use one) per address. A person needs two or three, but
    // the staff of one office often share one address (NAT): a ceiling for scripts, not per person.
    sign_in: { limit: 30, windowMs: 600_000 },
    // Links asked for one email, whoever asks: nobody floods a colleague's inbox from many addresses.
    sign_in_email: { limit: 3, windowMs: 900_000 },
  };
}

/** Which group a request counts against; null: not limited here (the staff API has bearer tokens). */
export function rateGroup(method: string, path: string): RateGroup | null {
  const p = path.split('?')[0].toLowerCase().replace(/\/+$/, '');
  const post = method.toUpperCase() === 'POST';
  if (post && (/^\/book\/[^/]+$/.test(p) || /^\/api\/v1\/public\/units\/[^/]+\/bookings$/.test(p))) return 'booking';
  if (post && /^\/staff\/sign-in\/[^/]+$/.test(p)) return 'sign_in';
  if (/^\/staff\/sign-in(\/[^/]+)?$/.test(p)) return 'pages';
  // Each callback costs a request to the identity provider; per address like a page, since a whole office may share
  // one.
  if (/^\/staff\/oidc\/(login|callback)$/.test(p)) return 'pages';
  if (/^\/book\/[^/]+$/.test(p) || /^\/(confirm|me|join)\/[^/]/.test(p)) return 'pages';
  if (/^\/api\/v1\/(public|me|join)\//.test(p)) return 'api';
  return null;
}

export interface WindowCount {
  count: number;
  /** When this window ends (ms since epoch). */
  resetAt: number;
}

export interface RateLimitStore {
  hit(key: string, windowMs: number, now: number): Promise<WindowCount>;
  close?(): Promise<void>;
}

const windowOf = (now: number, windowMs: number) => Math.floor(now / windowMs) * windowMs;

/** How often the memory store forgets ended windows (and at most how long one outlives its end). */
const MEMORY_SWEEP_MS = 60_000;
/** Above this many entries the store sweeps at once, whenever the last sweep was. */
const MEMORY_MAX_ENTRIES = 50_000;

/**
 * One instance only: fine for a single server and for tests. Every address that came keeps an
 * entry until its window ends; ended ones are forgotten every MEMORY_SWEEP_MS, on the next hit or by
 * an unref'd timer while no request comes (issue 24: swept only above 50,000 addresses, the entries
 * of a busy day stayed in the heap through the idle night), and at once above MEMORY_MAX_ENTRIES.
 */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly counts = new Map<string, WindowCount>();
  private lastSweep = Number.NEGATIVE_INFINITY;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly sweepEveryMs = MEMORY_SWEEP_MS) {
    this.timer = setInterval(() => this.sweep(Date.now()), sweepEveryMs);
    this.timer.unref();
  }

  /** Entries held (ended windows included until the next sweep). */
  get size(): number {
    return this.counts.size;
  }

  hit(key: string, windowMs: number, now: number): Promise<WindowCount> {
    const resetAt = windowOf(now, windowMs) + windowMs;
    let entry = this.counts.get(key);
    if (!entry || entry.resetAt !== resetAt) {
      if (now - this.lastSweep >= this.sweepEveryMs || this.counts.size > MEMORY_MAX_ENTRIES) this.sweep(now);
      entry = { count: 0, resetAt };
      this.counts.set(key, entry);
    }
    entry.count += 1;
    return Promise.resolve({ ...entry });
  }

  close(): Promise<void> {
    clearInterval(this.timer);
    return Promise.resolve();
  }

  /**
   * Forgets ended windows: a pass over the map at most once a sweep interval (or when it is large), so a hit stays
   * O(1).
   */
  private sweep(now: number): void {
    this.lastSweep = now;
    for (const [k, v] of this.counts) if (v.resetAt <= now) this.counts.delete(k);
  }
}

/** Shared by every instance that points at the same Redis. */
export class RedisRateLimitStore implements RateLimitStore {
  constructor(private readonly redis: Redis) {
    // ioredis reconnects by itself and, without a listener, prints every failed attempt to stderr.
    // While it is down, each hit fails at once (no offline queue), and RateLimiter reports that.
    redis.on('error', () => undefined);
  }

  async hit(key: string, windowMs: number, now: number): Promise<WindowCount> {
    const start = windowOf(now, windowMs);
    const k = `samtal:rl:${key}:${start}`;
    // The key names its window, so the expiry is only clean-up: re-setting it on every hit is harmless.
    const results = await this.redis
      .multi()
      .incr(k)
      .pexpire(k, windowMs + 1000)
      .exec();
    const [err, count] = results?.[0] ?? [new Error('no reply from Redis'), 0];
    if (err) throw err;
    return { count: Number(count), resetAt: start + windowMs };
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

export interface RateDecision {
  allowed: boolean;
  retryAfterSeconds: number;
  /** Refused because the store could not be asked, not because of the count (answer 503, not 429). */
  unavailable?: boolean;
}

/**
 * The groups refused while the store is down. Each booking holds a slot, so bookings without a
 * limit could empty a calendar during a Redis outage; everything else only reads or needs a
 * token, and taking it down with Redis would do more harm than an unlimited minute.
 */
const FAIL_CLOSED: ReadonlySet<RateGroup> = new Set<RateGroup>(['booking']);
const STORE_DOWN_RETRY_SECONDS = 30;

@Injectable()
export class RateLimiter implements OnModuleDestroy {
  private readonly logger = new Logger('RateLimit');
  private lastWarning = 0;

  constructor(
    @Inject(RATE_LIMITS) private readonly limits: RateLimits,
    @Inject(RATE_LIMIT_STORE) private readonly store: RateLimitStore,
  ) {}

  async check(group: RateGroup, client: string, now = Date.now()): Promise<RateDecision> {
    const { limit, windowMs } = this.limits[group];
    try {
      const { count, resetAt } = await this.store.hit(`${group}:${client}`, windowMs, now);
      return { allowed: count <= limit, retryAfterSeconds: Math.max(1, Math.ceil((resetAt - now) / 1000)) };
    } catch (err) {
      // Warn at most once a minute: an outage must not flood the log.
      if (now - this.lastWarning > 60_000) {
        this.lastWarning = now;
        this.logger.warn(
          `rate-limit store unavailable, refusing bookings and not limiting the rest: ${err instanceof Error ? err.message : String(err)}`,
        );
      }
      if (FAIL_CLOSED.has(group))
        return { allowed: false, unavailable: true, retryAfterSeconds: STORE_DOWN_RETRY_SECONDS };
      return { allowed: true, retryAfterSeconds: 0 };
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.store.close?.();
  }
}
