import { Inject, Injectable } from '@nestjs/common';
import type { Config } from '../../../../config/config';
import { CONFIG } from '../../../common/injection-tokens';
import type { StaffPrincipal } from '../../../auth/staff-principal';
import { DomainError, ErrorCode } from '../../../common/errors';
import { formatDateTime } from '../../ui/format';
import type { WebContext } from '../../ui/web-context';
import { CalDavForm, checkCalDavForm, checkIcsForm, IcsForm } from './external-calendars-forms';
import {
  ExternalCalendarsService,
  type ExternalCalendarView,
} from '../../../external-calendars/external-calendars.service';
import { EMPTY_EXTERNAL_FORMS, type ExternalCalendarItem, type ExternalCalendarsView } from './external-calendars.page';
import type { FieldProblem } from './settings-forms';

/**
 * The external-calendar section and its forms' use (ExternalCalendarForms), for one target caseworker
 * (My settings: the session's own; the admin's caseworker page: a colleague's). ExternalCalendarsService
 * decides who may connect whose calendar; these read the forms and keep every action to the target's
 * own connections, so an id of someone else's connection is not found here even for an admin.
 */

export function externalCalendarItems(
  views: ExternalCalendarView[],
  timeZone: string,
  ctx: WebContext,
): ExternalCalendarItem[] {
  return views.map((v) => {
    const busy = new Set(v.calendars ?? []);
    return {
      id: v.id,
      kind: v.kind,
      url: v.url,
      lastSynced: v.lastSyncedAt ? formatDateTime(v.lastSyncedAt, timeZone, ctx.locale, ctx.t) : null,
      busyCount: v.busyCount,
      lastError: v.lastError ?? null,
      stale: v.stale,
      calendars:
        v.kind === 'caldav'
          ? (v.availableCalendars ?? []).map((c) => ({ href: c.href, name: c.name || c.href, busy: busy.has(c.href) }))
          : null,
    };
  });
}

export type Connected = { saved: true; view: ExternalCalendarView } | { saved: false; problems: FieldProblem[] };

/**
 * The use case refuses the address (not http/https, a private network) or, for CalDAV, the account
 * (discovery failed: wrong password, no CalDAV there), or there are too many connections: said at the
 * address field. Its own message is English and not for this page.
 */
function refusedAt(field: 'ics-url' | 'caldav-url', err: unknown): Connected {
  if (!(err instanceof DomainError)) throw err;
  if (err.code === ErrorCode.CONFLICT)
    return { saved: false, problems: [{ field, key: 'settings.ext.error.tooMany' }] };
  if (err.code !== ErrorCode.VALIDATION_FAILED) throw err;
  const key = field === 'caldav-url' ? 'settings.ext.error.caldavRefused' : 'settings.ext.error.refused';
  return { saved: false, problems: [{ field, key }] };
}

/** What a failed connect form keeps on its page: the address (and user name) as typed, never the password. */
export interface ExternalCalendarsOverrides {
  ics?: { url: string };
  caldav?: { url: string; username: string };
  problems: FieldProblem[];
}

@Injectable()
export class ExternalCalendarForms {
  constructor(
    private readonly service: ExternalCalendarsService,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  /** The target's connections and the two connect forms as the page shows them (`done`: the page's `?done=`). */
  async section(
    staff: StaffPrincipal,
    caseworkerId: string,
    { timeZone, ctx }: { timeZone: string; ctx: WebContext },
    o: ExternalCalendarsOverrides | undefined,
  ): Promise<ExternalCalendarsView['external']> {
    const views = await this.service.list(staff, caseworkerId);
    return {
      list: externalCalendarItems(views, timeZone, ctx),
      ics: o?.ics ?? EMPTY_EXTERNAL_FORMS.ics,
      caldav: o?.caldav ?? EMPTY_EXTERNAL_FORMS.caldav,
      problems: o?.problems ?? [],
      staleHours: this.config.EXTERNAL_CALENDAR_STALE_HOURS,
      done: ctx.query.done ?? null,
    };
  }

  async submitIcs(staff: StaffPrincipal, caseworkerId: string, form: IcsForm): Promise<Connected> {
    const problems = checkIcsForm(form);
    if (problems.length) return { saved: false, problems };
    try {
      return { saved: true, view: await this.service.connect(staff, caseworkerId, { kind: 'ics', url: form.url }) };
    } catch (err) {
      return refusedAt('ics-url', err);
    }
  }

  async submitCalDav(staff: StaffPrincipal, caseworkerId: string, form: CalDavForm): Promise<Connected> {
    const problems = checkCalDavForm(form);
    if (problems.length) return { saved: false, problems };
    try {
      const view = await this.service.connect(staff, caseworkerId, {
        kind: 'caldav',
        url: form.url,
        username: form.username,
        password: form.password,
      });
      return { saved: true, view };
    } catch (err) {
      return refusedAt('caldav-url', err);
    }
  }

  /** One of the target's own connections; anyone else's is not found here. */
  async connectionOf(staff: StaffPrincipal, caseworkerId: string, id: string): Promise<ExternalCalendarView> {
    const found = (await this.service.list(staff, caseworkerId)).find((c) => c.id === id);
    if (!found) throw new DomainError(ErrorCode.NOT_FOUND, 'External calendar not found');
    return found;
  }

  /** Saves which of a CalDAV account's calendars count as busy (only ones it discovered), then syncs. */
  async selectCalendars(
    staff: StaffPrincipal,
    caseworkerId: string,
    id: string,
    hrefs: string[],
  ): Promise<ExternalCalendarView> {
    const c = await this.connectionOf(staff, caseworkerId, id);
    if (c.kind !== 'caldav') throw new DomainError(ErrorCode.NOT_FOUND, 'External calendar not found');
    const known = new Set((c.availableCalendars ?? []).map((x) => x.href));
    return this.service.selectCalendars(
      staff,
      id,
      hrefs.filter((h) => known.has(h)),
    );
  }

  async sync(staff: StaffPrincipal, caseworkerId: string, id: string): Promise<ExternalCalendarView> {
    await this.connectionOf(staff, caseworkerId, id);
    return this.service.syncNow(staff, id);
  }

  async disconnect(staff: StaffPrincipal, caseworkerId: string, id: string): Promise<void> {
    await this.connectionOf(staff, caseworkerId, id);
    await this.service.disconnect(staff, id);
  }
}

/** The `?done=` after a connect, a sync or a new choice: whether the source answered. */
export function doneAfter(action: 'connected' | 'synced' | 'calendars', view: ExternalCalendarView): string {
  if (view.lastError) return action === 'connected' ? 'ext-connected-failed' : 'ext-sync-failed';
  if (action === 'connected') return view.kind === 'caldav' ? 'ext-caldav-connected' : 'ext-connected';
  return action === 'synced' ? 'ext-synced' : 'ext-calendars';
}
