import {
  confirmLinkExpiry,
  feedLinkExpiry,
  joinLinkExpiry,
  personalLinkExpiry,
  staffSignInLinkExpiry,
} from './link-lifetimes';

const at = (iso: string) => new Date(iso);

describe('link lifetimes', () => {
  it('a personal link lasts a year from now, or from the meeting it was mailed for when that ends later', () => {
    expect(personalLinkExpiry(at('2027-03-01T10:00:00Z')).toISOString()).toBe('2028-02-29T10:00:00.000Z');
    expect(personalLinkExpiry(at('2027-03-01T10:00:00Z'), at('2027-06-01T12:00:00Z')).toISOString()).toBe(
      '2028-05-31T12:00:00.000Z',
    );
    expect(personalLinkExpiry(at('2027-03-01T10:00:00Z'), at('2027-01-01T12:00:00Z')).toISOString()).toBe(
      '2028-02-29T10:00:00.000Z',
    );
  });

  it('a confirm link outlives its hold by a week (the start when there is no hold)', () => {
    expect(
      confirmLinkExpiry({
        holdExpiresAt: at('2027-03-01T10:30:00Z'),
        startsAt: at('2027-03-05T09:00:00Z'),
      }).toISOString(),
    ).toBe('2027-03-08T10:30:00.000Z');
    expect(confirmLinkExpiry({ holdExpiresAt: null, startsAt: at('2027-03-05T09:00:00Z') }).toISOString()).toBe(
      '2027-03-12T09:00:00.000Z',
    );
  });

  it('a join link works for 30 days after the meeting; a feed for ten years', () => {
    expect(joinLinkExpiry(at('2027-03-05T10:00:00Z')).toISOString()).toBe('2027-04-04T10:00:00.000Z');
    expect(feedLinkExpiry(at('2027-03-01T00:00:00Z')).getTime() - at('2027-03-01T00:00:00Z').getTime()).toBe(
      3650 * 86_400_000,
    );
  });

  it('a staff sign-in link works for 15 minutes from when it is minted', () => {
    expect(staffSignInLinkExpiry(at('2027-03-01T10:00:00Z')).toISOString()).toBe('2027-03-01T10:15:00.000Z');
  });
});
