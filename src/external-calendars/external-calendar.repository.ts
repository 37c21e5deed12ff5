import { Injectable } from '@nestjs/common';
import { DataSource, DeepPartial, EntityManager } from 'typeorm';
import type { BusyTime } from './source-reader';
import { ExternalCalendarEntity } from './external-calendar.entity';

/**
 * The one writer of `external_calendars` (a caseworker's connected calendars) and `external_busy`
 * (their busy time, replaced on each sync). The slot search and the staff calendar read
 * external_busy in their own one statement.
 */
@Injectable()
export class ExternalCalendarRepository {
  constructor(private readonly db: DataSource) {}

  find(id: string): Promise<ExternalCalendarEntity | null> {
    return this.db.manager.findOneBy(ExternalCalendarEntity, { id });
  }

  /** The caseworker's connections, oldest first. */
  listOf(caseworkerId: string): Promise<ExternalCalendarEntity[]> {
    return this.db.manager.find(ExternalCalendarEntity, { where: { caseworkerId }, order: { createdAt: 'ASC' } });
  }

  countOf(caseworkerId: string): Promise<number> {
    return this.db.manager.countBy(ExternalCalendarEntity, { caseworkerId });
  }

  /** A new connection; the row as stored. */
  insert(m: EntityManager, fields: DeepPartial<ExternalCalendarEntity>): Promise<ExternalCalendarEntity> {
    return m.save(m.create(ExternalCalendarEntity, fields));
  }

  /** CalDAV: which calendars count as busy; the next sync reads them in full. */
  async setCalendars(m: EntityManager, id: string, calendars: ExternalCalendarEntity['calendars']): Promise<void> {
    await m.update(ExternalCalendarEntity, { id }, { calendars, parsedAt: null });
  }

  /** The connection and its busy time (the busy rows cascade). */
  async delete(m: EntityManager, id: string): Promise<void> {
    await m.delete(ExternalCalendarEntity, { id });
  }

  /** Every connection of the caseworker (and their busy time); how many. */
  async deleteAllOf(m: EntityManager, caseworkerId: string): Promise<number> {
    return (await m.delete(ExternalCalendarEntity, { caseworkerId })).affected ?? 0;
  }

  /** A sync of the connection starts now. */
  async markAttempt(id: string, now: Date): Promise<void> {
    await this.db.manager.update(ExternalCalendarEntity, { id }, { lastAttemptAt: now });
  }

  /** The source answered that nothing changed: the busy time is current as of `now`. */
  async markUnchanged(id: string, now: Date): Promise<void> {
    await this.db.manager.update(ExternalCalendarEntity, { id }, { lastSyncedAt: now, lastError: null });
  }

  /** The source could not be read; its last good busy time stays. */
  async markFailed(id: string, error: string): Promise<void> {
    await this.db.manager.update(ExternalCalendarEntity, { id }, { lastError: error });
  }

  /** The time zone the caseworker's busy time is read in: their own, else their unit's. */
  async timeZoneOf(caseworkerId: string): Promise<string> {
    const [row] = await this.db.query<{ zone: string }[]>(
      `SELECT coalesce(c.time_zone, u.time_zone) AS zone FROM caseworkers c JOIN units u ON u.id = c.unit_id
       WHERE c.id = $1`,
      [caseworkerId],
    );
    return row.zone;
  }

  /**
   * The connection's busy time replaced by `busy`, and the sync recorded, in the caller's transaction (a
   * search sees either the old set or the new one). The row is locked first; a connection removed
   * meanwhile stays removed (no busy time is written for it).
   */
  async replaceBusy(
    m: EntityManager,
    c: Pick<ExternalCalendarEntity, 'id' | 'caseworkerId'>,
    busy: BusyTime[],
    sync: { now: Date; etag: string | null; lastModified: string | null },
  ): Promise<void> {
    const [row] = await m.query<unknown[]>(`SELECT 1 FROM external_calendars WHERE id = $1 FOR UPDATE`, [c.id]);
    if (!row) return;
    await m.query(`DELETE FROM external_busy WHERE calendar_id = $1`, [c.id]);
    if (busy.length > 0)
      await m.query(
        `INSERT INTO external_busy (calendar_id, caseworker_id, uid, busy_range)
         SELECT $1, $2, u, tstzrange(s, e) FROM unnest($3::text[], $4::timestamptz[], $5::timestamptz[]) AS t(u, s, e)`,
        [c.id, c.caseworkerId, busy.map((b) => b.uid), busy.map((b) => b.start), busy.map((b) => b.end)],
      );
    await m.update(
      ExternalCalendarEntity,
      { id: c.id },
      {
        busyCount: busy.length,
        lastSyncedAt: sync.now,
        parsedAt: sync.now,
        etag: sync.etag,
        lastModified: sync.lastModified,
        lastError: null,
      },
    );
  }

  /**
   * The sweep's claim, in the caller's transaction: up to `batch` connections due (never tried, or last
   * tried at or before `due`), each moved on by `intervalMs` from the due time it had, or to `now` when
   * more than an interval behind (tried before `behind`). Rows another sweep holds are skipped. Their ids.
   */
  async claimDue(
    m: EntityManager,
    at: { now: Date; due: Date; behind: Date; intervalMs: number },
    batch: number,
  ): Promise<string[]> {
    const rows = await m.query<{ id: string }[]>(
      `WITH claimed AS (
         UPDATE external_calendars
            SET last_attempt_at = CASE WHEN last_attempt_at > $3 THEN last_attempt_at + $4 * interval '1 millisecond'
              ELSE $1 END
          WHERE id IN (SELECT id FROM external_calendars
                        WHERE last_attempt_at IS NULL OR last_attempt_at <= $2
                        ORDER BY last_attempt_at NULLS FIRST LIMIT ${batch} FOR UPDATE SKIP LOCKED)
          RETURNING id)
       SELECT id FROM claimed`,
      [at.now, at.due, at.behind, at.intervalMs],
    );
    return rows.map((r) => r.id);
  }
}
