import { plainToInstance } from 'class-transformer';
import { isUUID, validateSync } from 'class-validator';
import type { PublicBookingDto } from '../../../appointments/appointments.dto';
import { ClientFields } from '../../../clients/clients.dto';
import { parseInstant } from '../../ui/format';
import type { Locale, MessageKey } from '../../i18n';

/** The booking form as posted (urlencoded strings), trimmed; anything missing is ''. */
export interface BookingForm {
  type: string;
  start: string;
  mode: string;
  name: string;
  email: string;
  phone: string;
  locale: string;
}

export interface BookingFormError {
  field: keyof BookingForm;
  key: MessageKey;
}

const str = (v: unknown, max = 1000) => (typeof v === 'string' ? v.trim().slice(0, max) : '');

export function readBookingForm(body: unknown): BookingForm {
  const b = (body ?? {}) as Record<string, unknown>;
  return {
    type: str(b.type),
    start: str(b.start),
    mode: str(b.mode) || 'in_person',
    name: str(b.name, 1000),
    email: str(b.email, 1000),
    phone: str(b.phone),
    locale: str(b.locale),
  };
}

/**
 * Checks the form with the API's own rules (ClientFields), so the page accepts exactly what the
 * JSON API accepts, and names the field of each problem in words a person can act on.
 */
export function validateBookingForm(f: BookingForm): { errors: BookingFormError[]; dto: PublicBookingDto | null } {
  const errors: BookingFormError[] = [];
  const client = {
    name: f.name,
    email: f.email,
    ...(f.phone ? { phone: f.phone } : {}),
    ...(f.locale ? { locale: f.locale } : {}),
  };
  for (const e of validateSync(plainToInstance(ClientFields, client))) {
    const field = e.property as keyof BookingForm;
    if (field === 'name') errors.push({ field, key: f.name ? 'field.name.tooLong' : 'field.name.required' });
    else if (field === 'email') errors.push({ field, key: 'field.email.invalid' });
    else if (field === 'phone') errors.push({ field, key: 'field.phone.invalid' });
    else if (field === 'locale') errors.push({ field, key: 'field.locale.invalid' });
  }
  const startsAt = parseInstant(f.start);
  if (!startsAt || !isUUID(f.type)) errors.push({ field: 'start', key: 'field.time.missing' });
  if (f.mode !== 'in_person' && f.mode !== 'video')
    errors.push({ field: 'mode', key: 'error.FIRST_MEETING_IN_PERSON' });
  const order: Array<keyof BookingForm> = ['start', 'mode', 'name', 'email', 'phone', 'locale'];
  errors.sort((a, b) => order.indexOf(a.field) - order.indexOf(b.field));
  if (errors.length) return { errors, dto: null };
  return {
    errors,
    dto: {
      meetingTypeId: f.type,
      startsAt: startsAt!,
      mode: f.mode as 'in_person' | 'video',
      client: {
        name: f.name,
        email: f.email,
        ...(f.phone ? { phone: f.phone } : {}),
        ...(f.locale ? { locale: f.locale as Locale } : {}),
      },
    },
  };
}
