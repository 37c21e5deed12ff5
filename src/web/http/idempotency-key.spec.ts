import { webIdempotencyKey } from './idempotency-key';

const body = {
  meetingTypeId: '3f1c6a0e-1111-4222-8333-444455556666',
  startsAt: '2027-03-02T08:00:00.000Z',
  mode: 'in_person',
};

describe('the idempotency key of a page form', () => {
  it('is the same for a reload or double click of the same form, and fits the API header', () => {
    const key = webIdempotencyKey({ formToken: 'tok' }, body);
    expect(webIdempotencyKey({ formToken: 'tok' }, { ...body })).toBe(key);
    expect(key).toMatch(/^web-[0-9a-f]{48}$/);
  });

  it('differs when the form was changed, or filled in again with a new token', () => {
    const key = webIdempotencyKey({ formToken: 'tok' }, body);
    expect(webIdempotencyKey({ formToken: 'tok' }, { ...body, startsAt: '2027-03-02T09:00:00.000Z' })).not.toBe(key);
    expect(webIdempotencyKey({ formToken: 'other' }, body)).not.toBe(key);
  });
});
