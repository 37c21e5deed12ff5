import { de } from './copy.de';
import { en } from './copy.en';
import { sv } from './copy.sv';
import type { Copy } from './copy';
import { formatClock, formatDate, formatStart, formatWhen } from './format-time';
import { Block, renderHtml, renderText } from './layout';
import type { Locale, MailContext, MailKind, RenderedMail, StaffSignInMailContext } from './types';

const COPY: Record<Locale, Copy> = { en, sv, de };

/**
 * The iCal invite a mail of this kind carries: every mail about a booked meeting, reminders too,
 * keeps the calendar entry current (REQUEST); a cancellation removes it. A hold is not booked yet.
 */
export function inviteMethod(kind: MailKind): 'REQUEST' | 'CANCEL' | null {
  if (kind === 'cancelled') return 'CANCEL';
  return kind === 'hold' || kind === 'personal_link' ? null : 'REQUEST';
}

/**
 * Subject, plain text and HTML for one mail. Discreet by construction: the subject is built only
 * from fixed words and the unit's publicName, and nothing in the context names the meeting type.
 */
export function renderMail(ctx: MailContext): RenderedMail {
  const copy = COPY[ctx.locale] ?? en;
  const subject = `${copy.subjectNoun} — ${oneLine(ctx.publicName)}: ${copy.subject[ctx.kind]}`;
  const blocks = compose(ctx, copy);
  return { subject, text: renderText(blocks), html: renderHtml(blocks, ctx.locale, subject) };
}

/**
 * The staff sign-in mail. The link is the mail's whole point, so a link that is not http(s) is a
 * bug, not something to leave out quietly.
 */
export function renderStaffSignInMail(ctx: StaffSignInMailContext): RenderedMail {
  const copy = COPY[ctx.locale] ?? en;
  const url = httpUrl(ctx.signInUrl);
  if (!url) throw new Error('a sign-in mail needs an http(s) link');
  const subject = copy.staffSignIn.subject;
  const blocks: Block[] = [
    { type: 'paragraph', text: copy.greeting(oneLine(ctx.staffName)) },
    { type: 'paragraph', text: copy.staffSignIn.intro },
    { type: 'button', label: copy.staffSignIn.action, url },
    { type: 'paragraph', text: copy.staffSignIn.validity(ctx.validMinutes) },
    { type: 'paragraph', text: copy.staffSignIn.ignore },
    { type: 'signature', lines: [copy.signOff, oneLine(ctx.publicName)] },
  ];
  return { subject, text: renderText(blocks), html: renderHtml(blocks, ctx.locale, subject) };
}

function compose(ctx: MailContext, copy: Copy): Block[] {
  const blocks: Block[] = [{ type: 'paragraph', text: copy.greeting(oneLine(ctx.clientName)) }];
  const link = (type: 'button' | 'link', label: string, url: string | undefined) => {
    const safe = httpUrl(url);
    if (safe) blocks.push({ type, label, url: safe });
  };

  if (ctx.kind === 'personal_link') {
    blocks.push({ type: 'paragraph', text: copy.intro.personal_link });
    link('button', copy.action.openPage, ctx.manageUrl);
    blocks.push({ type: 'paragraph', text: copy.note.personalLink });
  } else {
    blocks.push({
      type: 'paragraph',
      text: intro(ctx, copy),
    });
    blocks.push({ type: 'details', rows: details(ctx, copy) });
    const showJoin = ctx.mode === 'video' && ctx.kind !== 'cancelled' && ctx.kind !== 'hold' && !!httpUrl(ctx.joinUrl);
    if (ctx.kind === 'hold') {
      if (ctx.holdExpiresAt)
        blocks.push({
          type: 'paragraph',
          text: copy.confirmBefore(formatClock(ctx.holdExpiresAt, ctx.timeZone, copy.tag)),
        });
      link('button', copy.action.confirm, ctx.confirmUrl);
    }
    if (showJoin) {
      link('button', copy.action.join, ctx.joinUrl);
      blocks.push({ type: 'paragraph', text: copy.note.video });
    }
    link('link', ctx.kind === 'cancelled' ? copy.action.openPage : copy.action.manage, ctx.manageUrl);
    if (inviteMethod(ctx.kind) === 'REQUEST') {
      blocks.push({ type: 'paragraph', text: copy.note.calendar });
      blocks.push({ type: 'paragraph', text: copy.note.changesByLink });
    }
  }

  blocks.push({ type: 'signature', lines: [copy.signOff, oneLine(ctx.publicName)] });
  return blocks;
}

function intro(ctx: MailContext, copy: Copy): string {
  if (ctx.kind === 'mode_changed') return copy.modeChanged[ctx.mode];
  if (ctx.kind === 'reassigned')
    return copy.reassigned(formatDate(ctx.start, ctx.timeZone, copy), oneLine(ctx.caseworkerName ?? ''));
  return copy.intro[ctx.kind];
}

function details(ctx: MailContext, copy: Copy): Array<[string, string]> {
  const rows: Array<[string, string]> = [];
  // Issue 12: the meeting type, as the client reads it in their language.
  if (ctx.meetingLabel?.trim()) rows.push([copy.label.meeting, oneLine(ctx.meetingLabel)]);
  rows.push([copy.label.when, formatWhen(ctx.start, ctx.end, ctx.timeZone, copy)]);
  if (ctx.kind === 'rescheduled' && ctx.previousStart) {
    rows.push([copy.label.previousTime, formatStart(ctx.previousStart, ctx.timeZone, copy)]);
  }
  if (ctx.kind !== 'cancelled') {
    const where =
      ctx.mode === 'video'
        ? copy.label.videoMeeting
        : ctx.mode === 'phone'
          ? ctx.phoneMasked
            ? copy.phoneCall(oneLine(ctx.caseworkerName ?? ''), ctx.phoneMasked)
            : copy.label.phoneMeeting
          : oneLine(ctx.address ?? '');
    if (where) rows.push([copy.label.where, where]);
  }
  return rows;
}

/** Names and addresses are one line; a line break in one must not start a header or a paragraph. */
function oneLine(value: string): string {
  return (
    value
      // eslint-disable-next-line no-control-regex -- matching control characters is the point: they become a space
      .replace(/[\u0000-\u001f\u007f]+/g, ' ')
      .replace(/ {2,}/g, ' ')
      .trim()
  );
}

/** Only http(s) links go into a mail; anything else (javascript:, data:) is left out. */
function httpUrl(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:' ? url : null;
  } catch {
    return null;
  }
}
