import ical from 'ical-generator';
import { serialize } from './calendar';

/** ical-generator's own output, folded with the real TextEncoder. */
function reference(calendar: ReturnType<typeof ical>): string {
  return calendar.toString() + '\r\n';
}

function calendarWith(summary: string, location: string) {
  const calendar = ical({ prodId: { company: 'Samtal', product: 'Samtal', language: 'EN' } });
  calendar.createEvent({
    id: 'a@samtal.test',
    start: new Date('2027-03-02T08:00:00Z'),
    end: new Date('2027-03-02T09:00:00Z'),
    stamp: new Date('2027-03-01T08:00:00Z'),
    summary,
    location,
    description: location,
  });
  return calendar;
}

describe('serialize', () => {
  it('gives the bytes ical-generator gives with the real TextEncoder, multibyte text folded at 75 octets', () => {
    const pieces = ['a', 'å', 'Ö', 'ß', '€', '中', '😀', '👩‍👩‍👧', '\ud800', '\udc00', ' ', ',', ';'];
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let n = 0; n < 200; n++) {
      const text = () =>
        Array.from(
          { length: 20 + Math.floor(random() * 200) },
          () => pieces[Math.floor(random() * pieces.length)],
        ).join('');
      const [summary, location] = [text(), text()];
      const ours = serialize(calendarWith(summary, location));
      expect(ours).toBe(reference(calendarWith(summary, location)));
      for (const line of ours.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    }
  });

  it('puts the real TextEncoder back, also when serializing throws', () => {
    const real = globalThis.TextEncoder;
    serialize(calendarWith('Möte', 'Storgatan 1'));
    expect(globalThis.TextEncoder).toBe(real);
    const broken = {
      toString: () => {
        throw new Error('broken');
      },
    } as unknown as ReturnType<typeof ical>;
    expect(() => serialize(broken)).toThrow('broken');
    expect(globalThis.TextEncoder).toBe(real);
    expect(new TextEncoder().encode('å')).toHaveLength(2);
  });
});
