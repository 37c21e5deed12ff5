import { readBookingForm, validateBookingForm } from './booking-form';

const valid = {
  type: '3f1c6a0e-1111-4222-8333-444455556666',
  start: '2027-03-02T08:00:00.000Z',
  mode: 'in_person',
  name: 'Sara Lind',
  email: 'sara@example.org',
  phone: '',
  locale: 'sv',
};

describe('the public booking form', () => {
  it('turns a valid form into the API booking body', () => {
    const { errors, dto } = validateBookingForm(readBookingForm({ ...valid, name: '  Sara Lind ' }));
    expect(errors).toEqual([]);
    expect(dto).toEqual({
      meetingTypeId: valid.type,
      startsAt: valid.start,
      mode: 'in_person',
      client: { name: 'Sara Lind', email: 'sara@example.org', locale: 'sv' },
    });
  });

  it('names each field with a problem, in form order', () => {
    const { errors, dto } = validateBookingForm(
      readBookingForm({ ...valid, name: '', email: 'sara@', phone: 'call me' }),
    );
    expect(dto).toBeNull();
    expect(errors).toEqual([
      { field: 'name', key: 'field.name.required' },
      { field: 'email', key: 'field.email.invalid' },
      { field: 'phone', key: 'field.phone.invalid' },
    ]);
  });

  it('refuses a name over 200 characters, an unknown language and a tampered time', () => {
    const { errors } = validateBookingForm(
      readBookingForm({ ...valid, name: 'x'.repeat(201), locale: 'fr', start: '2027-03-02 09:00' }),
    );
    expect(errors.map((e) => e.key)).toEqual(['field.time.missing', 'field.name.tooLong', 'field.locale.invalid']);
  });

  it('treats non-string fields (e.g. repeated keys) as empty', () => {
    const { errors } = validateBookingForm(readBookingForm({ ...valid, email: ['a@example.org', 'b@example.org'] }));
    expect(errors).toEqual([{ field: 'email', key: 'field.email.invalid' }]);
  });
});
