import { PrincipalCache } from './principal-cache';
import { StaffPrincipal } from './staff-principal';

const anna: StaffPrincipal = { caseworkerId: 'cw-anna', unitId: 'u1', role: 'caseworker' };
const bo: StaffPrincipal = { caseworkerId: 'cw-bo', unitId: 'u1', role: 'admin' };
const T = 1_000_000;

describe('PrincipalCache', () => {
  it('answers for the TTL after the read, then forgets', () => {
    const cache = new PrincipalCache(5_000);
    cache.set('h1', anna, T, null, cache.epoch());
    expect(cache.get('h1', T)).toEqual(anna);
    expect(cache.get('h1', T + 4_999)).toEqual(anna);
    expect(cache.get('h1', T + 5_000)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('never past the token’s own expiry, and not at all when it has expired', () => {
    const cache = new PrincipalCache(5_000);
    cache.set('h1', anna, T, T + 1_000, cache.epoch());
    expect(cache.get('h1', T + 999)).toEqual(anna);
    expect(cache.get('h1', T + 1_000)).toBeUndefined();
    cache.set('h2', anna, T, T, cache.epoch());
    expect(cache.get('h2', T)).toBeUndefined();
  });

  it('a clock set back makes an entry unusable instead of longer-lived', () => {
    const cache = new PrincipalCache(5_000);
    cache.set('h1', anna, T, null, cache.epoch());
    expect(cache.get('h1', T - 1)).toBeUndefined();
  });

  it('forgets every token of one caseworker and keeps the others', () => {
    const cache = new PrincipalCache(5_000);
    cache.set('a1', anna, T, null, cache.epoch());
    cache.set('a2', anna, T, null, cache.epoch());
    cache.set('b1', bo, T, null, cache.epoch());
    cache.forgetCaseworker('cw-anna');
    expect(cache.get('a1', T)).toBeUndefined();
    expect(cache.get('a2', T)).toBeUndefined();
    expect(cache.get('b1', T)).toEqual(bo);
  });

  it('holds at most `max` entries, dropping the oldest read first', () => {
    const cache = new PrincipalCache(5_000, 2);
    cache.set('a', anna, T, null, cache.epoch());
    cache.set('b', bo, T + 1, null, cache.epoch());
    cache.set('a', anna, T + 2, null, cache.epoch()); // read again: now the newest
    cache.set('c', bo, T + 3, null, cache.epoch());
    expect(cache.size).toBe(2);
    expect(cache.get('b', T + 3)).toBeUndefined();
    expect(cache.get('a', T + 3)).toEqual(anna);
    expect(cache.get('c', T + 3)).toEqual(bo);
  });

  it('a read under way while a caseworker was forgotten is not kept: it may predate the change', () => {
    const cache = new PrincipalCache(5_000);
    const before = cache.epoch();
    cache.forgetCaseworker('cw-anna'); // the revocation commits while the read is in flight
    cache.set('a', anna, T, null, before);
    expect(cache.get('a', T)).toBeUndefined();
    cache.set('a', anna, T, null, cache.epoch());
    expect(cache.get('a', T)).toEqual(anna);
  });

  it('entries that ran out go when a later one is kept, not only when they are read again or `max` is reached', () => {
    const cache = new PrincipalCache(5_000);
    for (let i = 0; i < 1_000; i++) cache.set(`old-${i}`, anna, T + i, null, cache.epoch());
    cache.set('soon', bo, T + 1_000, T + 1_001, cache.epoch());
    expect(cache.size).toBe(1_001);
    cache.set('h-new', bo, T + 5_500, null, cache.epoch());
    // The first 501 reads (T … T+500) went; `soon` ran out too, but waits behind live reads until they go.
    expect(cache.size).toBe(1_001 - 501 + 1);
    expect(cache.get('old-501', T + 5_500)).toEqual(anna);
    cache.set('h-later', bo, T + 20_000, null, cache.epoch());
    expect(cache.size).toBe(1);
  });

  it('a TTL of 0 keeps nothing', () => {
    const cache = new PrincipalCache(0);
    cache.set('a', anna, T, null, cache.epoch());
    expect(cache.get('a', T)).toBeUndefined();
  });
});
