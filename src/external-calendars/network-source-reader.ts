import { Inject, Injectable } from '@nestjs/common';
import { Config } from '../../config/config';
import { CONFIG } from '../common/injection-tokens';
import {
  assertSafeUrl,
  discoverCalDavCalendars,
  fetchCalDavEvents,
  fetchCalendarText,
  SourceFailed,
  SourceRefused,
} from './fetch';
import { busyFromIcs, IcsParseError } from './ics';
import {
  BusyTime,
  BusyWindow,
  SourceAccess,
  SourceAddressRefused,
  SourceError,
  SourceRead,
  SourceReader,
  SourceValidators,
} from './source-reader';

const TIMEOUT_MS = 10_000;
const MAX_BYTES = 5 * 1024 * 1024;
/** Busy intervals kept per connection: far beyond a working calendar, short of an RRULE bomb. */
const MAX_BUSY = 20_000;

/** The SourceReader over the network: guarded HTTP for ICS links, tsdav for CalDAV, ical.js to read them. */
@Injectable()
export class NetworkSourceReader extends SourceReader {
  private readonly allowPrivate: boolean;

  constructor(@Inject(CONFIG) config: Config) {
    super();
    this.allowPrivate = config.EXTERNAL_CALENDAR_ALLOW_PRIVATE;
  }

  async checkAddress(url: string): Promise<void> {
    await translated(() => assertSafeUrl(url, { allowPrivate: this.allowPrivate, acceptWebcal: true }));
  }

  discover(access: SourceAccess): Promise<{ href: string; name: string }[]> {
    return translated(() =>
      discoverCalDavCalendars({
        url: access.url,
        username: access.username ?? '',
        password: access.password ?? '',
        allowPrivate: this.allowPrivate,
        timeoutMs: TIMEOUT_MS,
      }),
    );
  }

  read(access: SourceAccess, validators: SourceValidators, window: BusyWindow): Promise<SourceRead> {
    return translated(async () => {
      if (access.kind === 'ics') {
        const res = await fetchCalendarText(access.url, {
          etag: validators.etag ?? undefined,
          lastModified: validators.lastModified ?? undefined,
          allowPrivate: this.allowPrivate,
          timeoutMs: TIMEOUT_MS,
          maxBytes: MAX_BYTES,
        });
        if (res.status === 'not-modified') return res;
        return { status: 'ok', busy: this.busy([res.body], window), etag: res.etag, lastModified: res.lastModified };
      }
      if (access.calendars.length === 0) return { status: 'ok', busy: [] };
      const objects = await fetchCalDavEvents({
        url: access.url,
        username: access.username ?? '',
        password: access.password ?? '',
        calendars: access.calendars,
        from: window.from,
        to: window.to,
        allowPrivate: this.allowPrivate,
        timeoutMs: TIMEOUT_MS,
        maxBytes: MAX_BYTES,
      });
      return { status: 'ok', busy: this.busy(objects, window) };
    });
  }

  private busy(texts: string[], window: BusyWindow): BusyTime[] {
    const out: BusyTime[] = [];
    for (const text of texts) {
      const events = busyFromIcs(text, { ...window, maxEvents: MAX_BUSY - out.length });
      for (const e of events) if (e.end > e.start) out.push(e);
      if (out.length >= MAX_BUSY) break;
    }
    return out;
  }
}

/** The fetch and parse layers' failures as the port's: their messages are already safe to show. */
async function translated<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof SourceRefused) throw new SourceAddressRefused(err.message);
    if (err instanceof SourceFailed || err instanceof IcsParseError) throw new SourceError(err.message);
    throw err;
  }
}
