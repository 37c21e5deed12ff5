/**
 * The vendored peer calendars (test/fixtures/ics-peer/<project>/, sources and licences in each
 * folder's NOTICE) and the horizon each one is compared over: a fixed window around the file's
 * events, wide enough for its recurrences, overrides and exceptions, narrow enough that one endless
 * daily series does not outweigh the other files in the agreement rate.
 */
export interface PeerCase {
  /** <project>/<file> under test/fixtures/ics-peer. */
  file: string;
  from: string;
  to: string;
}

const c = (file: string, from: string, to: string): PeerCase => ({
  file,
  from: `${from}T00:00:00Z`,
  to: `${to}T00:00:00Z`,
});

const PY = 'python-recurring-ical-events';

export const PEER_CASES: PeerCase[] = [
  // python-recurring-ical-events: Thunderbird, Google, Outlook/Exchange, DAVx5, Nextcloud (SabreDAV) exports and edge cases.
  c(`${PY}/discourse-no-dtend.ics`, '2019-01-01', '2019-06-01'),
  c(`${PY}/duplicated_rrule.ics`, '2023-01-01', '2023-07-01'),
  c(`${PY}/duration-edited.ics`, '2019-03-01', '2019-04-01'),
  c(`${PY}/each-week-but-one-deleted.ics`, '2019-03-01', '2019-05-01'),
  c(`${PY}/each_week_but_two_deleted.ics`, '2019-03-01', '2019-05-01'),
  c(`${PY}/end-before-start-event.ics`, '2019-03-01', '2019-04-01'),
  c(`${PY}/event-10-times.ics`, '2020-01-01', '2020-02-01'),
  c(`${PY}/issue-107-omitting-last-event.ics`, '2023-01-01', '2023-07-01'),
  c(`${PY}/issue-128-only-first-event.ics`, '2023-10-01', '2024-05-01'),
  c(`${PY}/issue-15-duplicated-events.ics`, '2013-08-01', '2013-09-01'),
  c(`${PY}/issue-28-rrule-with-UTC-endinginZ.ics`, '2020-04-01', '2020-10-01'),
  c(`${PY}/issue-36-recurrence-ID-format.ics`, '2020-09-01', '2020-10-15'),
  c(`${PY}/issue-44-double-event.ics`, '2020-08-01', '2020-09-01'),
  c(`${PY}/issue-48-dst.ics`, '2020-09-15', '2020-12-15'),
  c(`${PY}/issue-62-moved-event.ics`, '2021-11-01', '2022-03-01'),
  c(`${PY}/issue-86-x-wr-timezone-without-time-zone-in-dt.ics`, '2021-09-01', '2021-10-01'),
  c(`${PY}/issue_148_exdate_and_rdate_updated.ics`, '2024-06-25', '2024-08-15'),
  c(`${PY}/issue_18_cancel_status.ics`, '2020-01-25', '2020-02-05'),
  c(`${PY}/issue_20_exdate_ignored.ics`, '2019-10-01', '2020-03-01'),
  c(`${PY}/issue_222_range_berlin_backward.ics`, '2026-03-24', '2026-04-05'),
  c(`${PY}/issue_222_range_berlin_forward.ics`, '2026-03-25', '2026-04-05'),
  c(`${PY}/issue_222_range_date_backward.ics`, '2026-03-24', '2026-04-05'),
  c(`${PY}/issue_222_range_floating_forward.ics`, '2026-03-24', '2026-04-05'),
  c(`${PY}/issue_222_range_utc_backward.ics`, '2026-03-24', '2026-04-05'),
  c(`${PY}/issue_75_range_parameter.ics`, '2024-09-01', '2024-10-15'),
  c(`${PY}/multiple-rrule.ics`, '2023-01-01', '2023-07-01'),
  c(`${PY}/one-day-event-repeat-every-day.ics`, '2019-03-01', '2019-04-15'),
  c(`${PY}/rdate.ics`, '2015-06-25', '2015-07-15'),
  c(`${PY}/recurrence-sequence-number.ics`, '2020-09-01', '2020-10-15'),
  c(`${PY}/recurring_events_moved.ics`, '2019-03-01', '2019-04-01'),
  c(`${PY}/zero-size-event.ics`, '2019-03-01', '2019-04-01'),
  // node-ical: Google, Exchange, CalDAV-server and hand-made files from its test suite.
  c('node-ical/biweekly-exdate-until.ics', '2017-06-01', '2018-01-31'),
  c('node-ical/duplicate-uid-sequence.ics', '2024-01-10', '2024-01-25'),
  c('node-ical/exchange_whole_day_moved_recurrence.ics', '2026-02-15', '2026-03-15'),
  c('node-ical/exdate_date_only.ics', '2039-12-01', '2040-02-01'),
  c('node-ical/germany_at_end_of_day_repeating.ics', '2024-10-20', '2024-10-30'),
  c('node-ical/google-recurrence-order.ics', '2026-02-01', '2026-03-01'),
  c('node-ical/mixed-timezone-handling.ics', '2002-10-25', '2002-11-01'),
  c('node-ical/non-utc-until.ics', '2024-11-01', '2025-01-15'),
  c('node-ical/recurrence-sequence.ics', '2024-01-01', '2024-01-10'),
  c('node-ical/windows-quoted-tz-rrule.ics', '2015-07-01', '2015-07-20'),
  // ical.js: its samples (Google and Zimbra exports among them).
  c('ical.js/daily_recur.ics', '2012-08-01', '2012-09-01'),
  c('ical.js/day_long_recur_yearly.ics', '2012-08-01', '2012-09-01'),
  c('ical.js/duration_instead_of_dtend.ics', '2012-06-25', '2012-07-05'),
  c('ical.js/google_birthday.ics', '2012-12-01', '2015-01-01'),
  c('ical.js/multiple_rrules.ics', '2012-03-20', '2012-08-01'),
  c('ical.js/only_dtstart_date.ics', '2012-06-25', '2012-07-05'),
  c('ical.js/rdate_exdate.ics', '2024-06-08', '2024-06-15'),
  c('ical.js/recur_instances.ics', '2012-10-01', '2013-05-01'),
  c('ical.js/recur_instances_finite.ics', '2012-10-01', '2013-01-31'),
  c('ical.js/timezone_from_file.ics', '2023-03-01', '2023-03-10'),
];
