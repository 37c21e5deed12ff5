export type { BusyEvent, IcsBusyOptions } from './ics-busy';
export { busyFromIcs, IcsParseError } from './ics-busy';
export { resolveTzid, windowsToIana } from './windows-zones';
