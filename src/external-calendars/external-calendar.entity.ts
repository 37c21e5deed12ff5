import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

export type ExternalCalendarKind = 'ics' | 'caldav';

/** A calendar of a CalDAV account: discovered by the server, `busy` when the caseworker picked it. */
export interface CalDavCalendarChoice {
  href: string;
  name: string;
  busy: boolean;
}

/**
 * A connection to a caseworker's own calendar. The link (a secret for ICS) and the CalDAV credentials
 * are sealed in `secret` (AES-256-GCM); `urlMasked` is what may be shown. Busy time is in external_busy.
 */
@Entity('external_calendars')
@Index('external_calendars_caseworker_idx', ['caseworkerId'])
@Check('external_calendars_kind_check', "kind IN ('ics', 'caldav')")
export class ExternalCalendarEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  // Named, not imported: the feature does not need units/ for a foreign key.
  @Column({ type: 'uuid' })
  @ForeignKey('CaseworkerEntity', { name: 'external_calendars_caseworker_id_fkey', onDelete: 'CASCADE' })
  caseworkerId: string;
  @Column({ type: 'text' }) kind: ExternalCalendarKind;
  @Column({ type: 'text' }) urlMasked: string;
  /** CalDAV: the account's name, shown so staff see which account is connected (not a secret). */
  @Column({ type: 'text', nullable: true }) username: string | null;
  @Column({ type: 'text' }) secret: string;
  @Column({ type: 'jsonb', default: () => "'[]'" }) calendars: CalDavCalendarChoice[];
  @Column({ type: 'text', nullable: true }) etag: string | null;
  @Column({ type: 'text', nullable: true }) lastModified: string | null;
  /** The last sync that read the source (or learnt it had not changed). */
  @Column({ type: 'timestamptz', nullable: true }) lastSyncedAt: Date | null;
  /**
   * When busy time was last rebuilt from the source's full text. Recurring events are expanded over a
   * horizon that moves with the clock, so a source that keeps answering 304 is read in full daily.
   */
  @Column({ type: 'timestamptz', nullable: true }) parsedAt: Date | null;
  /**
   * When the last sync was due (a sweep's claim: the one before plus the interval) or, for one asked
   * for, began: the sweep picks connections by it.
   */
  @Column({ type: 'timestamptz', nullable: true }) lastAttemptAt: Date | null;
  /** A user-safe text of the last failure; null after a good sync. */
  @Column({ type: 'text', nullable: true }) lastError: string | null;
  @Column({ type: 'integer', default: 0 }) busyCount: number;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
