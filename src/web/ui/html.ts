import { escapeHtml } from '../../common/html';

/** Markup that is already safe: produced by `html` or by `raw` on a trusted constant. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | HtmlValue[];

/**
 * Tagged template for pages: every interpolated value is escaped unless it is SafeHtml, so a
 * client's name or a unit's public name can never inject markup. `false`/`null`/`undefined`
 * render nothing, which keeps conditionals short: html`${cond && html`<p>…</p>`}`.
 */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return new SafeHtml(out);
}

/** Only for constants written in this code base (never for data). */
export function raw(trusted: string): SafeHtml {
  return new SafeHtml(trusted);
}

function render(v: HtmlValue): string {
  if (v === null || v === undefined || v === false || v === true) return '';
  if (v instanceof SafeHtml) return v.value;
  if (Array.isArray(v)) return v.map(render).join('');
  return escapeHtml(String(v));
}

/** Builds a same-page URL with query parameters; empty values are dropped. */
export function url(path: string, params: Record<string, string | number | undefined | null> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}
