import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { assertCanManageCalendar, assertSameUnit, StaffPrincipal } from '../auth/staff-principal';
import { AuditService } from '../common/audit/audit.service';
import { Clock } from '../common/clock';
import { DomainError, ErrorCode } from '../common/errors';
import { Transactions } from '../common/transactions';
import { CaseworkersService } from '../units/caseworkers.service';
import { maskUrl } from './connection-secret';
import { CalDavCalendarChoice, ExternalCalendarEntity, ExternalCalendarKind } from './external-calendar.entity';
import { ExternalCalendarRepository } from './external-calendar.repository';
import { ExternalCalendarSync } from './external-calendar-sync';

/** A connection as staff see it: never the link's path, never credentials. */
export interface ExternalCalendarView {
  id: string;
  caseworkerId: string;
  kind: ExternalCalendarKind;
  /** Scheme and host only. */
  url: string;
  /** CalDAV: the account (the password is never returned). */
  username?: string;
  /** CalDAV: the calendars that count as busy (their URLs). */
  calendars?: string[];
  /** CalDAV: every event calendar the account has. */
  availableCalendars?: { href: string; name: string }[];
  lastSyncedAt: string | null;
  lastError?: string;
  /** The newest good data is older than EXTERNAL_CALENDAR_STALE_HOURS (the slot search still uses it). */
  stale: boolean;
  busyCount: number;
}

export type ConnectInput =
  | { kind: 'ics'; url: string }
  | { kind: 'caldav'; url: string; username: string; password: string; calendars?: string[] };

/** A caseworker may keep a handful of sources; more is a mistake or abuse. */
const MAX_CONNECTIONS = 10;

@Injectable()
export class ExternalCalendarsService {
  constructor(
    private readonly connections: ExternalCalendarRepository,
    private readonly transactions: Transactions,
    private readonly caseworkers: CaseworkersService,
    private readonly sync: ExternalCalendarSync,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Anyone of the unit may see whose calendar is connected and how fresh it is (as with working hours). */
  async list(staff: StaffPrincipal, caseworkerId: string): Promise<ExternalCalendarView[]> {
    await this.caseworkers.get(staff, caseworkerId);
    const rows = await this.connections.listOf(caseworkerId);
    return rows.map((r) => this.view(r));
  }

  async get(staff: StaffPrincipal, id: string): Promise<ExternalCalendarView> {
    const { connection } = await this.owned(staff, id, false);
    return this.view(connection);
  }

  /**
   * Connects a source and syncs it once. A bad address is refused (400); a source that fails to
   * answer is kept with `lastError`, as it would be on a later sync.
   */
  async connect(staff: StaffPrincipal, caseworkerId: string, input: ConnectInput): Promise<ExternalCalendarView> {
    const cw = await this.caseworkers.get(staff, caseworkerId);
    assertCanManageCalendar(staff, cw);
    const url = normaliseUrl(input.url);
    await this.sync.refuseAddress(url);
    if ((await this.connections.countOf(caseworkerId)) >= MAX_CONNECTIONS)
      throw new DomainError(ErrorCode.CONFLICT, `At most ${MAX_CONNECTIONS} calendars can be connected.`);
    const secret = input.kind === 'ics' ? { url } : { url, username: input.username, password: input.password };
    let calendars: CalDavCalendarChoice[] = [];
    if (input.kind === 'caldav') {
      calendars = await this.sync.discover({ kind: 'caldav', ...secret, calendars: [] });
      if (input.calendars) calendars = choose(calendars, input.calendars);
    }
    const created = await this.transactions.run(async (m) => {
      const row = await this.connections.insert(m, {
        caseworkerId,
        kind: input.kind,
        urlMasked: maskUrl(url),
        username: input.kind === 'caldav' ? input.username : null,
        secret: this.sync.secrets.seal(secret),
        calendars,
        // The app's clock, as `stale` is read against it.
        createdAt: this.clock.now(),
      });
      await this.record(staff, cw.unitId, 'external_calendar.connected', row, m);
      return row;
    });
    return this.view((await this.sync.run(created.id)) ?? created);
  }

  /** CalDAV: which of the account's calendars count as busy; the busy time is read again at once. */
  async selectCalendars(staff: StaffPrincipal, id: string, hrefs: string[]): Promise<ExternalCalendarView> {
    const { connection, unitId } = await this.owned(staff, id, true);
    if (connection.kind !== 'caldav')
      throw new DomainError(ErrorCode.VALIDATION_FAILED, 'Only a CalDAV connection has calendars to choose.');
    // Asks the server again: calendars may have been added since the connection was made.
    const found = await this.sync.discover(this.sync.access(connection)).catch((err: unknown) => {
      if (err instanceof DomainError) return connection.calendars;
      throw err;
    });
    const calendars = choose(found, hrefs);
    await this.transactions.run(async (m) => {
      await this.connections.setCalendars(m, id, calendars);
      await this.record(staff, unitId, 'external_calendar.calendars_chosen', connection, m);
    });
    return this.view((await this.sync.run(id)) ?? connection);
  }

  async syncNow(staff: StaffPrincipal, id: string): Promise<ExternalCalendarView> {
    const { connection } = await this.owned(staff, id, true);
    return this.view((await this.sync.run(id)) ?? connection);
  }

  /** The connection and all of its busy time go (the busy rows cascade). */
  async disconnect(staff: StaffPrincipal, id: string): Promise<void> {
    const { connection, unitId } = await this.owned(staff, id, true);
    await this.transactions.run(async (m) => {
      await this.connections.delete(m, id);
      await this.record(staff, unitId, 'external_calendar.disconnected', connection, m);
    });
  }

  private async owned(
    staff: StaffPrincipal,
    id: string,
    change: boolean,
  ): Promise<{ connection: ExternalCalendarEntity; unitId: string }> {
    const connection = await this.connections.find(id);
    if (!connection) throw new DomainError(ErrorCode.NOT_FOUND, 'Calendar connection not found');
    const cw = await this.caseworkers.get(staff, connection.caseworkerId).catch(() => null);
    assertSameUnit(staff, cw?.unitId, 'Calendar connection not found');
    if (change) assertCanManageCalendar(staff, cw!);
    return { connection, unitId: cw!.unitId };
  }

  private record(
    staff: StaffPrincipal,
    unitId: string,
    action: string,
    c: ExternalCalendarEntity,
    m: EntityManager,
  ): Promise<void> {
    return this.audit.record(
      {
        unitId,
        actor: { type: 'staff', id: staff.caseworkerId },
        action,
        details: { caseworkerId: c.caseworkerId, externalCalendarId: c.id, kind: c.kind },
      },
      m,
    );
  }

  view(c: ExternalCalendarEntity): ExternalCalendarView {
    return {
      id: c.id,
      caseworkerId: c.caseworkerId,
      kind: c.kind,
      url: c.urlMasked,
      ...(c.kind === 'caldav'
        ? {
            username: c.username ?? undefined,
            calendars: c.calendars.filter((k) => k.busy).map((k) => k.href),
            availableCalendars: c.calendars.map((k) => ({ href: k.href, name: k.name })),
          }
        : {}),
      lastSyncedAt: c.lastSyncedAt?.toISOString() ?? null,
      ...(c.lastError ? { lastError: c.lastError } : {}),
      stale: this.sync.isStale(c),
      busyCount: c.busyCount,
    };
  }
}

/** `webcal:` is how Outlook and Apple hand out subscription links: it means https. */
function normaliseUrl(raw: string): string {
  const text = raw.trim().replace(/^webcals?:\/\//i, 'https://');
  try {
    return new URL(text).toString();
  } catch {
    throw new DomainError(ErrorCode.VALIDATION_FAILED, 'url must be a web address (https://…).');
  }
}

/** The discovered calendars, marked busy where asked; a href may be given as a URL or as its path. */
function choose(found: CalDavCalendarChoice[], hrefs: string[]): CalDavCalendarChoice[] {
  const wanted = new Set(hrefs.map(pathOf));
  const unknown = [...wanted].filter((p) => !found.some((c) => pathOf(c.href) === p));
  if (unknown.length > 0)
    throw new DomainError(ErrorCode.VALIDATION_FAILED, 'calendars must be calendars of this account.');
  return found.map((c) => ({ ...c, busy: wanted.has(pathOf(c.href)) }));
}

function pathOf(href: string): string {
  let path: string;
  try {
    path = new URL(href, 'http://x').pathname;
  } catch {
    path = href;
  }
  try {
    path = decodeURIComponent(path);
  } catch {
    // A malformed escape stays as written.
  }
  return path.replace(/\/+$/, '');
}
