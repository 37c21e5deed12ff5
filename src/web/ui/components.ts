import type { DaySlots, WeekView } from './format';
import { html, HtmlValue, SafeHtml } from './html';
import { CSRF_FIELD, WebContext } from './web-context';

/** Small building blocks shared by the pages. Every control has a visible label; errors are tied to fields. */

export interface FieldError {
  /** The id of the control the message belongs to. */
  field: string;
  message: string;
}

/** Lists every error at the top with a link to its field; role=alert so it is read out on arrival. */
export function errorSummary(ctx: WebContext, errors: FieldError[]): SafeHtml {
  if (!errors.length) return html``;
  return html`<div class="error-summary" role="alert" aria-labelledby="error-summary-title">
<h2 id="error-summary-title">${ctx.t('common.problem')}</h2>
<ul>${errors.map((e) => html`<li><a href="#${e.field}">${e.message}</a></li>`)}</ul>
</div>`;
}

function describedBy(id: string, hint?: string, error?: string): SafeHtml {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return html`${ids ? html` aria-describedby="${ids}"` : ''}${error ? html` aria-invalid="true"` : ''}`;
}

function hintAndError(id: string, hint?: string, error?: string): SafeHtml {
  return html`${hint ? html`<p class="hint" id="${id}-hint">${hint}</p>` : ''}${error ? html`<p class="field-error" id="${id}-error">${error}</p>` : ''}`;
}

export interface TextFieldInput {
  id: string;
  label: string;
  value?: string;
  type?: 'text' | 'email' | 'tel';
  hint?: string;
  error?: string;
  autocomplete?: string;
  required?: boolean;
  maxlength?: number;
}

export function textField(f: TextFieldInput): SafeHtml {
  return html`<div class="field${f.error ? ' has-error' : ''}">
<label for="${f.id}">${f.label}</label>
${hintAndError(f.id, f.hint, f.error)}
<input id="${f.id}" name="${f.id}" type="${f.type ?? 'text'}" value="${f.value ?? ''}"${f.autocomplete ? html` autocomplete="${f.autocomplete}"` : ''}${f.required ? html` required` : ''}${f.maxlength ? html` maxlength="${f.maxlength}"` : ''}${describedBy(f.id, f.hint, f.error)}>
</div>`;
}

export function textArea(f: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  maxlength: number;
  value?: string;
}): SafeHtml {
  return html`<div class="field${f.error ? ' has-error' : ''}">
<label for="${f.id}">${f.label}</label>
${hintAndError(f.id, f.hint, f.error)}
<textarea id="${f.id}" name="${f.id}" rows="5" maxlength="${f.maxlength}"${describedBy(f.id, f.hint, f.error)}>${f.value ?? ''}</textarea>
</div>`;
}

export function selectField(f: {
  id: string;
  label: string;
  options: Array<{ value: string; label: string; lang?: string }>;
  selected?: string;
  hint?: string;
  error?: string;
}): SafeHtml {
  return html`<div class="field${f.error ? ' has-error' : ''}">
<label for="${f.id}">${f.label}</label>
${hintAndError(f.id, f.hint, f.error)}
<select id="${f.id}" name="${f.id}"${describedBy(f.id, f.hint, f.error)}>
${f.options.map((o) => html`<option value="${o.value}"${o.lang ? html` lang="${o.lang}"` : ''}${o.value === f.selected ? html` selected` : ''}>${o.label}</option>`)}
</select>
</div>`;
}

export interface RadioOption {
  value: string;
  label: string;
  checked?: boolean;
  disabled?: boolean;
  /** Said next to a disabled option: why it cannot be chosen. */
  reason?: string;
}

export function radioGroup(f: { name: string; legend: string; options: RadioOption[]; error?: string }): SafeHtml {
  const errorId = `${f.name}-error`;
  return html`<fieldset class="field${f.error ? ' has-error' : ''}"${f.error ? html` aria-describedby="${errorId}"` : ''}>
<legend>${f.legend}</legend>
${f.error ? html`<p class="field-error" id="${errorId}">${f.error}</p>` : ''}
${f.options.map((o, i) => {
  const id = `${f.name}-${o.value}`;
  return html`<div class="radio">
<input type="radio" id="${i === 0 ? f.name : id}" name="${f.name}" value="${o.value}"${o.checked ? html` checked` : ''}${o.disabled ? html` disabled` : ''}${o.reason ? html` aria-describedby="${id}-reason"` : ''}${f.error ? html` aria-invalid="true"` : ''}>
<label for="${i === 0 ? f.name : id}">${o.label}</label>
${o.reason ? html`<p class="hint" id="${id}-reason">${o.reason}</p>` : ''}
</div>`;
})}
</fieldset>`;
}

/** A status message after an action (role=status) or an error (role=alert). */
export function notice(kind: 'status' | 'alert', message: string | null | undefined): SafeHtml {
  if (!message) return html``;
  return html`<div class="notice notice-${kind}" role="${kind}"><p>${message}</p></div>`;
}

export function summaryList(rows: Array<[string, HtmlValue]>): SafeHtml {
  return html`<dl class="summary">${rows.map(([k, v]) => html`<div><dt>${k}</dt><dd>${v}</dd></div>`)}</dl>`;
}

export function csrfInput(ctx: WebContext, action: string): SafeHtml {
  return html`<input type="hidden" name="${CSRF_FIELD}" value="${ctx.csrf(action)}">`;
}

/** A one-button form: every state change is a POST with its CSRF token, never a link. */
export function postButton(
  ctx: WebContext,
  action: string,
  label: string,
  opts: { hidden?: Record<string, string>; secondary?: boolean; warning?: boolean } = {},
): SafeHtml {
  const cls = ['button', opts.secondary ? 'button-secondary' : '', opts.warning ? 'button-warning' : '']
    .filter(Boolean)
    .join(' ');
  return html`<form method="post" action="${action}" class="inline-form">
${csrfInput(ctx, action)}
${Object.entries(opts.hidden ?? {}).map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`)}
<button type="submit" class="${cls}">${label}</button>
</form>`;
}

/**
 * One week of free times as links, grouped by day, with previous/next week links. Links (not a
 * form) keep it usable without JavaScript and make each time one tap on a phone.
 */
export function weekOfSlots(
  ctx: WebContext,
  p: {
    view: WeekView;
    days: DaySlots[];
    zone: string;
    slotHref: (startsAt: string) => string;
    weekHref: (week: string) => string;
    headingLevel?: 2 | 3;
  },
): SafeHtml {
  const h = p.headingLevel ?? 2;
  const links = html`${p.view.prev ? html`<a href="${p.weekHref(p.view.prev)}" class="week-prev">${ctx.t('common.prevWeek')}</a>` : ''}
${p.view.next ? html`<a href="${p.weekHref(p.view.next)}" class="week-next">${ctx.t('common.nextWeek')}</a>` : ''}`;
  const days = p.days.length
    ? p.days.map(
        (d) => html`<section class="day" aria-labelledby="day-${d.date}">
${h === 2 ? html`<h3 id="day-${d.date}">${d.heading}</h3>` : html`<h4 id="day-${d.date}">${d.heading}</h4>`}
<ul class="slots">${d.slots.map((s) => html`<li><a class="slot" href="${p.slotHref(s.startsAt)}">${s.time}<span class="visually-hidden">, ${d.heading}</span></a></li>`)}</ul>
</section>`,
      )
    : html`<p class="empty">${ctx.t(p.view.next ? 'common.noTimesWeek' : 'common.noTimesAhead')}</p>`;
  return html`<div class="week">
${h === 2 ? html`<h2 class="week-label">${p.view.label}</h2>` : html`<h3 class="week-label">${p.view.label}</h3>`}
<p class="hint">${ctx.t('common.zone', { zone: p.zone })}</p>
<nav class="week-nav" aria-label="${ctx.t('common.weekNav')}">${links}</nav>
${days}
${p.days.length ? html`<div class="week-nav">${links}</div>` : ''}
</div>`;
}

/** A phone number (E.164) a caseworker can tap to call: staff pages only, never a client's page or a mail. */
export function telLink(e164: string): SafeHtml {
  return html`<a href="tel:${e164}">${e164}</a>`;
}
