import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import type { MessageKey } from '../../i18n';
import type { FieldError } from '../../ui/components';
import type { WebContext } from '../../ui/web-context';

/**
 * The admin forms: posted strings turned into the API's own DTO and checked with the API's own rules
 * (class-validator), each problem named next to its field in words. A form is what was posted,
 * kept as typed so a refused form comes back filled in.
 */
export type FormValues = Record<string, string | string[]>;

export type FieldKind = 'text' | 'email' | 'zone' | 'int' | 'choice' | 'key' | 'list' | 'modes' | 'flag';

export interface FieldSpec {
  id: string;
  label: MessageKey;
  kind: FieldKind;
  min?: number;
  max?: number;
  /** Blank is an error (else a blank field is left out of the change). */
  required?: boolean;
  /** A blank value is sent as '' (e.g. an address may be cleared). */
  blankAllowed?: boolean;
}

export function readForm(body: unknown, specs: FieldSpec[]): FormValues {
  const b = (body ?? {}) as Record<string, unknown>;
  const out: FormValues = {};
  for (const s of specs) {
    const v = b[s.id];
    if (s.kind === 'modes') {
      const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
      out[s.id] = list.filter((x): x is string => typeof x === 'string').slice(0, 5);
    } else out[s.id] = typeof v === 'string' ? v.trim().slice(0, 2000) : '';
  }
  return out;
}

export const str = (v: string | string[] | undefined): string => (typeof v === 'string' ? v : '');
export const list = (v: string | string[] | undefined): string[] => (Array.isArray(v) ? v : v ? [v] : []);

function toValue(s: FieldSpec, v: string | string[]): unknown {
  if (s.kind === 'modes') return list(v);
  if (s.kind === 'flag') return str(v) === 'on' || str(v) === 'true';
  const text = str(v);
  if (s.kind === 'int') return /^-?\d{1,9}$/.test(text) ? Number(text) : text;
  if (s.kind === 'list') {
    if (!text) return [];
    const parts = text.split(/[\s,;]+/).filter(Boolean);
    return parts.map((p) => (/^\d{1,9}$/.test(p) ? Number(p) : p));
  }
  return text;
}

function messageOf(ctx: WebContext, s: FieldSpec, e?: ValidationError): string {
  const t = ctx.t;
  const field = t(s.label);
  const c = e?.constraints ?? {};
  if ('maxLength' in c && s.kind === 'text') return t('admin.error.tooLong', { field });
  switch (s.kind) {
    case 'int':
      return t('admin.error.int', { field, min: s.min ?? 0, max: s.max ?? 0 });
    case 'email':
      return t('admin.error.email', { field });
    case 'zone':
      return t('admin.error.zone', { field });
    case 'key':
      return t('admin.error.key', { field });
    case 'list':
      return t('admin.error.list', { field, min: s.min ?? 0, max: s.max ?? 0 });
    case 'modes':
      return t('admin.error.modes');
    case 'choice':
      return t('admin.error.choice', { field });
    default:
      return t('admin.error.required', { field });
  }
}

/**
 * The DTO of a form, checked with the DTO's own rules; `extra` adds fields that are not form
 * fields (already validated). Blank optional fields are left out (no change).
 */
export function validateForm<T extends object>(
  ctx: WebContext,
  dtoClass: new () => T,
  values: FormValues,
  specs: FieldSpec[],
  extra: Record<string, unknown> = {},
): { errors: FieldError[]; dto: T | null } {
  const errors: FieldError[] = [];
  const plain: Record<string, unknown> = { ...extra };
  for (const s of specs) {
    const v = values[s.id] ?? '';
    const blank = s.kind !== 'modes' && s.kind !== 'flag' && s.kind !== 'list' && str(v) === '';
    if (blank) {
      if (s.required) errors.push({ field: s.id, message: ctx.t('admin.error.required', { field: ctx.t(s.label) }) });
      else if (s.blankAllowed) plain[s.id] = '';
      continue;
    }
    plain[s.id] = toValue(s, v);
  }
  const dto = plainToInstance(dtoClass, plain);
  for (const e of validateSync(dto, { whitelist: true, forbidNonWhitelisted: true })) {
    const s = specs.find((x) => x.id === e.property);
    if (s && !errors.some((x) => x.field === s.id)) errors.push({ field: s.id, message: messageOf(ctx, s, e) });
  }
  errors.sort((a, b) => specs.findIndex((s) => s.id === a.field) - specs.findIndex((s) => s.id === b.field));
  return errors.length ? { errors, dto: null } : { errors, dto };
}

export function errorOf(errors: FieldError[], id: string): string | undefined {
  return errors.find((e) => e.field === id)?.message;
}
