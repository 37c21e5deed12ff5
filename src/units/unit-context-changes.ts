import { Injectable } from '@nestjs/common';

/**
 * The one place this instance says "a unit's booking context changed": its settings, its meeting
 * types, its caseworkers (created, role, active) or their working hours. The cache of that context
 * (BookingContext, in appointments, which units must not import) listens and drops the unit at once,
 * so this instance's next booking or slot search reads the change. Call it after the change commits:
 * a reload that ran before the commit would only cache the old rows again.
 */
@Injectable()
export class UnitContextChanges {
  private readonly listeners: Array<(unitId: string) => void> = [];

  onChange(listener: (unitId: string) => void): void {
    this.listeners.push(listener);
  }

  changed(unitId: string): void {
    for (const listener of this.listeners) listener(unitId);
  }
}
