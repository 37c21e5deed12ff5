import ICAL from 'ical.js';
import type { EventView, RawProp } from './ics-document';

/** Whether an event blocks time, read from its raw jCal properties, and property access (ics-busy.ts). */

type Component = InstanceType<typeof ICAL.Component>;
type Property = InstanceType<typeof ICAL.Property>;

/**
 * Whether an event (or one overridden occurrence) blocks time. Free: cancelled, transparent (Google's
 * and Apple's "free", Outlook's all-day default), Outlook's busy status FREE or WORKINGELSEWHERE
 * ("working remotely, still available for meetings"), or declined by the calendar's owner (Google's
 * feed names the owner in X-WR-CALNAME and keeps declined invitations). Tentative, busy and out of
 * office count.
 */
export function isBusy(event: EventView, owner: string | null): boolean {
  if (upper(textOf(event, 'status')) === 'CANCELLED') return false;
  if (upper(textOf(event, 'transp')) === 'TRANSPARENT') return false;
  const status =
    textOf(event, 'x-microsoft-cdo-busystatus') ??
    textOf(event, 'x-microsoft-msncalendar-busystatus') ??
    textOf(event, 'x-microsoft-cdo-intendedstatus');
  const free = upper(status);
  if (free === 'FREE' || free === 'WORKINGELSEWHERE') return false;
  if (owner !== null) {
    for (const [, params, , value] of event.all('attendee')) {
      const address = String(value)
        .replace(/^mailto:/i, '')
        .trim()
        .toLowerCase();
      if (address === owner && String(params.partstat).toUpperCase() === 'DECLINED') return false;
    }
  }
  return true;
}

export function ownerAddress(calendar: Component): string | null {
  const name = textOf(viewOf(calendar), 'x-wr-calname');
  return name && /^[^@\s]+@[^@\s]+$/.test(name) ? name.toLowerCase() : null;
}

export function viewOf(component: Component): EventView {
  const props = component.jCal[1] as RawProp[];
  return {
    first: (name) => props.find((p) => p[0] === name),
    all: (name) => props.filter((p) => p[0] === name),
  };
}

export function textOf(event: EventView, name: string): string | null {
  const value = event.first(name)?.[3];
  return typeof value === 'string' ? value.trim() : null;
}

export function upper(text: string | null): string | null {
  return text === null ? null : text.toUpperCase();
}

/** A property's values; none when ical.js cannot read them. */
export function valuesOf(prop: Property): unknown[] {
  try {
    return prop.getValues();
  } catch {
    return [];
  }
}

export function rawProp(component: Component, name: string): RawProp | undefined {
  return (component.jCal[1] as RawProp[]).find((p) => p[0] === name);
}
