import { SecretBox } from './secret-box';

describe('SecretBox', () => {
  const box = new SecretBox('x'.repeat(40), 'test purpose');

  it('opens what it sealed, and the sealed text does not contain the plain text', () => {
    const sealed = box.seal('https://calendar.example.org/private-abc123/basic.ics');
    expect(sealed).not.toContain('private-abc123');
    expect(box.open(sealed)).toBe('https://calendar.example.org/private-abc123/basic.ics');
    expect(box.seal('same')).not.toBe(box.seal('same')); // a fresh IV each time
  });

  it('refuses text sealed with another secret or purpose, altered, or truncated', () => {
    const sealed = box.seal('secret');
    expect(new SecretBox('y'.repeat(40), 'test purpose').open(sealed)).toBeNull();
    expect(new SecretBox('x'.repeat(40), 'other purpose').open(sealed)).toBeNull();
    const raw = Buffer.from(sealed.slice(3), 'base64url');
    raw[raw.length - 1] ^= 1;
    expect(box.open(`v1.${raw.toString('base64url')}`)).toBeNull();
    expect(box.open(sealed.slice(0, 20))).toBeNull();
    expect(box.open('v2.' + sealed.slice(3))).toBeNull();
    expect(box.open(undefined)).toBeNull();
  });
});
