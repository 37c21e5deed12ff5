/**
 * The ranges of a unit's numeric settings, written once: UpdateUnitDto checks the API's input with
 * them, and the admin page's unit form (admin-unit-pages.service.ts, admin.page.ts) checks and shows
 * the same ones.
 */
export const UNIT_LIMITS = {
  /** At most two hours: a longer hold lets a few unconfirmed bookings keep a calendar empty. */
  holdMinutes: { min: 5, max: 120 },
  clientChangeCutoffMinutes: { min: 0, max: 20160 },
  /** Each reminder's minutes before the meeting. */
  reminderMinutesBefore: { min: 5, max: 20160 },
  joinOpensMinutesBefore: { min: 0, max: 120 },
  joinClosesMinutesAfter: { min: 0, max: 240 },
  retentionMonths: { min: 1, max: 120 },
  maxHoldsPerEmail: { min: 1, max: 20 },
  maxHoldsPerIp: { min: 1, max: 1000 },
  /** How many countries' numbers a unit takes (smsCountries): at least one, the first one the default. */
  smsCountries: { min: 1, max: 20 },
} as const;
