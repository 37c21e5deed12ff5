import { initials } from './feed.service';

describe('initials', () => {
  it('keeps only initials', () => {
    expect(initials('Sara Lind')).toBe('S. L.');
    expect(initials('  åsa   von   der  Berg ')).toBe('Å. V. D.');
    expect(initials(null)).toBe('—');
    expect(initials('😀 Smile')).toBe('😀. S.');
  });
});
