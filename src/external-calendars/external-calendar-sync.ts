import { Inject, Injectable, Logger } from '@nestjs/common';
import { Config } from '../../config/config';
import { Clock } from '../common/clock';
import { CONFIG, PUBLIC_URL } from '../common/injection-tokens';
import { DomainError, ErrorCode } from '../common/errors';
import { Transactions } from '../common/transactions';
import { ConnectionSecrets } from './connection-secret';
import { CalDavCalendarChoice, ExternalCalendarEntity } from './external-calendar.entity';
import { ExternalCalendarRepository } from './external-calendar.repository';
import { BusyWindow, SourceAccess, SourceAddressRefused, SourceError, SourceReader } from './source-reader';

const DAY_MS = 86_400_000;
/** Busy time is kept from a week back (the workspace shows the current week) … */
const WINDOW_BACK_MS = 7 * DAY_MS;
/** … to past the longest booking horizon a meeting type can have (365 days) and its buffers. */
const WINDOW_AHEAD_MS = 370 * DAY_MS;
/** A source answering 304 is still read in full this often, so the expansion window moves on. */
const FULL_READ_EVERY_MS = DAY_MS;

const UNREADABLE = 'The calendar could not be read.';

/**
 * Reads one connection's source and replaces its busy time. A failing source keeps its last good
 * busy time and records `lastError`; only a failure of our own database throws. It also reads a
 * source for a connection being made or changed (address check, CalDAV discovery) and says when a
 * connection's busy time is too old to trust (`isStale`).
 */
@Injectable()
export class ExternalCalendarSync {
  private readonly logger = new Logger('ExternalCalendars');
  private readonly ownUid: RegExp;
  private readonly staleAfterMs: number;
  readonly secrets: ConnectionSecrets;

  constructor(
    private readonly connections: ExternalCalendarRepository,
    private readonly transactions: Transactions,
    private readonly reader: SourceReader,
    private readonly clock: Clock,
    @Inject(CONFIG) config: Config,
    @Inject(PUBLIC_URL) publicUrl: string,
  ) {
    this.secrets = new ConnectionSecrets(config.TOKEN_SECRET);
    this.staleAfterMs = config.EXTERNAL_CALENDAR_STALE_HOURS * 3_600_000;
    // Samtal's invites and feed carry `<appointment id>@<PUBLIC_URL host>`: those meetings are ours already.
    const host = new URL(publicUrl).host.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    this.ownUid = new RegExp(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}@${host}$`, 'i');
  }

  access(c: ExternalCalendarEntity): SourceAccess {
    const s = this.secrets.open(c.secret);
    return { kind: c.kind, ...s, calendars: c.calendars.filter((k) => k.busy).map((k) => k.href) };
  }

  /**
   * Syncs the connection now; the row as it is afterwards (null when it was disconnected meanwhile).
   * A sync asked for (connect, change, "sync now") restarts the connection's rhythm from now; one
   * the sweep `claimed` leaves the due time the claim wrote (ExternalCalendarSyncWorker.sweep).
   */
  async run(id: string, opts: { claimed?: boolean } = {}): Promise<ExternalCalendarEntity | null> {
    const c = await this.connections.find(id);
    if (!c) return null;
    const now = this.clock.now();
    if (!opts.claimed) await this.connections.markAttempt(id, now);
    const fresh = c.parsedAt !== null && now.getTime() - c.parsedAt.getTime() < FULL_READ_EVERY_MS;
    try {
      const read = await this.reader.read(
        this.access(c),
        fresh ? { etag: c.etag, lastModified: c.lastModified } : { etag: null, lastModified: null },
        await this.window(c.caseworkerId, now),
      );
      if (read.status === 'not-modified') await this.connections.markUnchanged(id, now);
      else
        await this.transactions.run((m) =>
          this.connections.replaceBusy(m, c, read.busy, {
            now,
            etag: read.etag ?? null,
            lastModified: read.lastModified ?? null,
          }),
        );
    } catch (err) {
      await this.connections.markFailed(id, this.userText(err));
    }
    return this.connections.find(id);
  }

  /** The newest good data is older than EXTERNAL_CALENDAR_STALE_HOURS (the slot search still uses it). */
  isStale(c: ExternalCalendarEntity): boolean {
    const newest = c.lastSyncedAt ?? c.createdAt;
    return this.clock.now().getTime() - newest.getTime() > this.staleAfterMs;
  }

  /** A new connection's address: one the reader refuses (a private network, say) is a bad input (400). */
  async refuseAddress(url: string): Promise<void> {
    try {
      await this.reader.checkAddress(url);
    } catch (err) {
      if (err instanceof SourceAddressRefused) throw new DomainError(ErrorCode.VALIDATION_FAILED, err.message);
      throw err;
    }
  }

  /**
   * The account's event calendars, each marked busy. Discovery happens while the person waits: a
   * server that refuses them is their input's fault (400).
   */
  async discover(access: SourceAccess): Promise<CalDavCalendarChoice[]> {
    try {
      const found = await this.reader.discover(access);
      return found.map((c) => ({ href: c.href, name: c.name, busy: true }));
    } catch (err) {
      if (err instanceof SourceError || err instanceof SourceAddressRefused)
        throw new DomainError(ErrorCode.VALIDATION_FAILED, err.message);
      throw err;
    }
  }

  /** The failure as the caseworker may read it; anything unexpected is logged by its kind only. */
  private userText(err: unknown): string {
    if (err instanceof SourceError || err instanceof SourceAddressRefused) return err.message.slice(0, 300);
    this.logger.warn(`sync failed: ${err instanceof Error ? err.name : typeof err}`);
    return UNREADABLE;
  }

  private async window(caseworkerId: string, now: Date): Promise<BusyWindow> {
    return {
      from: new Date(now.getTime() - WINDOW_BACK_MS),
      to: new Date(now.getTime() + WINDOW_AHEAD_MS),
      timeZone: await this.connections.timeZoneOf(caseworkerId),
      isOwnUid: (uid) => this.ownUid.test(uid),
    };
  }
}
