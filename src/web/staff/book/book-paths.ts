import { staffPaths } from '../paths';

/** The steps of booking for a client, under /staff/book. */
export const bookPaths = {
  search: `${staffPaths.book}/search`,
  newClient: `${staffPaths.book}/new-client`,
  mode: `${staffPaths.book}/mode`,
  slots: `${staffPaths.book}/slots`,
  confirm: `${staffPaths.book}/confirm`,
  walkIn: `${staffPaths.book}/walk-in`,
} as const;
