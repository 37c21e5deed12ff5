// ical-generator escapes `\ ; ,` and newlines in TEXT values, but it writes some values raw
// (UID, the calendar NAME) and it turns CR/LF inside a quoted parameter such as CN="…" into a
// literal "\n". These helpers make every caller-supplied string safe before it gets there.

// eslint-disable-next-line no-control-regex -- matching control characters is the point: they are stripped
const CONTROL = /[\u0000-\u001f\u007f]+/g;
// eslint-disable-next-line no-control-regex -- matching control characters is the point: they are stripped
const CONTROL_EXCEPT_TAB_LF = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

/** A one-line value (name, summary, location, UID): control characters, CR and LF included, become one space. */
export function singleLine(value: string): string {
  return value.replace(CONTROL, ' ').replace(/ {2,}/g, ' ').trim();
}

/**
 * A display name inside a quoted parameter (`CN="…"`). RFC 5545 has no escape for a double quote
 * there (ical-generator's `\"` ends the parameter early), so it becomes an apostrophe; and a `;`,
 * though legal inside quotes, makes common parsers (node-ical among them) cut the name short, so
 * it becomes a comma. The name is only a label: the mailto: address identifies the person.
 */
export function quotedParam(value: string): string {
  return singleLine(value).replace(/"/g, "'").replace(/;/g, ',');
}

/** A multi-line TEXT value (description): line breaks are kept as LF, other control characters go. */
export function multiLine(value: string): string {
  return value.replace(/\r\n?/g, '\n').replace(CONTROL_EXCEPT_TAB_LF, '').trim();
}
