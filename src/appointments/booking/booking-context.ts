import { Injectable } from '@nestjs/common';
import type { TeamMember } from '../../availability/availability.service';
import { Clock } from '../../common/clock';
import { DomainError, ErrorCode } from '../../common/errors';
import { MeetingTypeEntity } from '../../units/meeting-type.entity';
import { UnitContextChanges } from '../../units/unit-context-changes';
import { UnitEntity } from '../../units/unit.entity';
import { BookingParties } from '../data/booking-parties.read-model';

/** What a public booking or slot search reads before it starts: a unit with its types and team. */
export interface UnitContext {
  readonly unit: UnitEntity;
  /** The unit's active meeting types, oldest first. */
  readonly types: readonly MeetingTypeEntity[];
  /** Active staff with working hours (an admin without hours never takes a booking), oldest first. */
  readonly team: readonly TeamMember[];
}

/**
 * How long another instance's change can go unseen here. This instance drops a unit the moment it
 * changes it itself (UnitContextChanges); a change made through another instance, the CLI or SQL is
 * only seen when the entry runs out. Short, because a stale context offers a type or a team member
 * that is gone; the booking re-reads working hours, absences and busy time in its transaction anyway.
 * A caseworker deactivated elsewhere stays in a cached team until the entry runs out, with their
 * working hours: the booking's read also says who is no longer active (bookingLoad's 'inactive'
 * rows), so they are not booked in that window; a slot search may still offer their times.
 */
export const UNIT_CONTEXT_TTL_MS = 5_000;

interface Entry {
  context: UnitContext;
  expiresAt: number;
}

/**
 * A short-lived, in-process cache of each unit's booking context (BookingParties.unitContext): a
 * warm public booking or slot search reads nothing before its transaction. Concurrent misses for a
 * unit share one load. The cached entities are frozen, as they are shared by every request.
 */
@Injectable()
export class BookingContext {
  private readonly byId = new Map<string, Entry>();
  private readonly idOfSlug = new Map<string, string>();
  private readonly loading = new Map<string, Promise<UnitContext | null>>();
  /**
   * Bumped by every invalidation: a load that was under way then may have read the old rows, so its
   * answer serves the requests that waited for it but is not kept. Changes are rare, so one counter
   * for all units costs nothing.
   */
  private generation = 0;

  constructor(
    private readonly parties: BookingParties,
    private readonly clock: Clock,
    changes: UnitContextChanges,
  ) {
    changes.onChange((unitId) => this.invalidate(unitId));
  }

  /** The context of the unit with this public slug, or 404. */
  async bySlug(slug: string): Promise<UnitContext> {
    if (slug.length > 100) throw unitNotFound();
    const id = this.idOfSlug.get(slug);
    const cached = id === undefined ? undefined : this.fresh(id);
    return cached ?? orNotFound(await this.load(`slug:${slug}`, { id: null, slug }));
  }

  /** The context of the unit with this id, or 404. */
  async ofUnit(unitId: string): Promise<UnitContext> {
    return this.fresh(unitId) ?? orNotFound(await this.load(`id:${unitId}`, { id: unitId, slug: null }));
  }

  /** Drops the unit: the next look-up reads it again. */
  invalidate(unitId: string): void {
    this.generation++;
    this.byId.delete(unitId);
    for (const [slug, id] of this.idOfSlug) if (id === unitId) this.idOfSlug.delete(slug);
    // Later callers must not join a load that may have read the old rows.
    this.loading.clear();
  }

  private fresh(unitId: string): UnitContext | undefined {
    const entry = this.byId.get(unitId);
    if (!entry) return undefined;
    if (entry.expiresAt > this.clock.now().getTime()) return entry.context;
    this.byId.delete(unitId);
    this.idOfSlug.delete(entry.context.unit.slug);
    return undefined;
  }

  private load(key: string, by: { id: string; slug: null } | { id: null; slug: string }): Promise<UnitContext | null> {
    const pending = this.loading.get(key);
    if (pending) return pending;
    const generation = this.generation;
    const loaded = this.parties
      .unitContext(by)
      .then((raw) => {
        const context = raw && freeze(raw);
        if (context && generation === this.generation) {
          this.byId.set(context.unit.id, { context, expiresAt: this.clock.now().getTime() + UNIT_CONTEXT_TTL_MS });
          this.idOfSlug.set(context.unit.slug, context.unit.id);
        }
        return context;
      })
      .finally(() => {
        if (this.loading.get(key) === loaded) this.loading.delete(key);
      });
    this.loading.set(key, loaded);
    return loaded;
  }
}

/** An active meeting type of the unit, or 404 (another unit's id too). */
export function meetingTypeIn(context: UnitContext, id: string): MeetingTypeEntity {
  const type = context.types.find((t) => t.id === id);
  if (!type) throw new DomainError(ErrorCode.NOT_FOUND, 'Meeting type not found');
  return type;
}

/** An active intake type of the unit, or 404: the public page offers nothing else. */
export function intakeTypeIn(context: UnitContext, id: string): MeetingTypeEntity {
  const type = meetingTypeIn(context, id);
  if (!type.intake) throw new DomainError(ErrorCode.NOT_FOUND, 'Meeting type not found');
  return type;
}

const unitNotFound = () => new DomainError(ErrorCode.NOT_FOUND, 'Unit not found');

function orNotFound(context: UnitContext | null): UnitContext {
  if (!context) throw unitNotFound();
  return context;
}

/** Shared by every request until it runs out: a write to it would leak into the others, so it throws. */
function freeze(c: { unit: UnitEntity; types: MeetingTypeEntity[]; team: TeamMember[] }): UnitContext {
  const deep = <T extends object>(o: T): T => {
    for (const v of Object.values(o) as unknown[])
      if (v && typeof v === 'object' && !(v instanceof Date)) Object.freeze(v);
    return Object.freeze(o);
  };
  return Object.freeze({
    unit: deep(c.unit),
    types: Object.freeze(c.types.map(deep)),
    team: Object.freeze(
      c.team.map((t) =>
        Object.freeze({ caseworker: deep(t.caseworker), workingHours: Object.freeze(t.workingHours.map(deep)) }),
      ),
    ),
  });
}
