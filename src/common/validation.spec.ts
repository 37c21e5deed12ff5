import { validate } from 'class-validator';
import { DateTime } from 'luxon';
import { IsIanaZone, IsIsoInstant, isIsoInstant, IsWallClock } from './validation';

class Probe {
  @IsIanaZone() zone: unknown = 'Europe/Stockholm';
  @IsIsoInstant() at: unknown = '2026-12-01T09:00:00+01:00';
  @IsWallClock() time: unknown = '08:00';
}

async function problems(patch: Partial<Probe>): Promise<string[]> {
  const p = Object.assign(new Probe(), patch);
  return (await validate(p)).map((e) => e.property);
}

describe('custom validators', () => {
  it('accepts good values', async () => {
    await expect(problems({})).resolves.toEqual([]);
    await expect(problems({ at: '2026-12-01T08:00:00.000Z', time: '24:00' })).resolves.toEqual([]);
  });

  it.each([
    [{ zone: 'Mars/Olympus' }, 'zone'],
    [{ zone: 42 }, 'zone'],
    [{ at: '2026-12-01T09:00:00' }, 'at'],
    [{ at: '10000-01-01T00:00:00Z' }, 'at'],
    [{ at: '2026-02-30T09:00:00Z' }, 'at'],
    [{ at: '2026-12-01T09:00:00+25:00' }, 'at'],
    [{ at: '2026-12-01T09:00:00+01:60' }, 'at'],
    [{ at: 20261201 }, 'at'],
    [{ time: '25:00' }, 'time'],
    [{ time: '8:00' }, 'time'],
    [{ time: '24:01' }, 'time'],
  ])('rejects %j', async (patch, property) => {
    await expect(problems(patch as Partial<Probe>)).resolves.toEqual([property]);
  });

  it('IsIsoInstant gives luxon’s verdict on 40,000 near-valid date-times (offsets up to ±23:59)', () => {
    const pad = (n: number, width: number) => String(n).padStart(width, '0');
    let seed = 42; // mulberry32: the same strings every run
    const rnd = (n: number) => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4_294_967_296) * n);
    };
    const fractions = () =>
      ['', `:${pad(rnd(62), 2)}`, `:${pad(rnd(62), 2)}.${pad(rnd(1000), 3)}`, `:0${rnd(2)}.${rnd(3)}`][rnd(4)];
    const zones = () =>
      ['Z', `+${pad(rnd(24), 2)}:${pad(rnd(60), 2)}`, `-${pad(rnd(24), 2)}:${pad(rnd(60), 2)}`][rnd(3)];
    const years = [0, 1, 99, 100, 1900, 2000, 2024, 2026, 2100, 9999];
    let valid = 0;
    const disagreements: string[] = [];
    for (let i = 0; i < 40_000; i++) {
      const v = `${pad(years[rnd(years.length)], 4)}-${pad(rnd(14), 2)}-${pad(rnd(33), 2)}T${pad(rnd(26), 2)}:${pad(rnd(62), 2)}${fractions()}${zones()}`;
      const luxon = DateTime.fromISO(v, { setZone: true }).isValid;
      if (luxon) valid++;
      if (isIsoInstant(v) !== luxon) disagreements.push(v);
    }
    expect(disagreements).toEqual([]);
    expect(valid).toBeGreaterThan(8_000); // both verdicts were exercised
    expect(valid).toBeLessThan(32_000);
  });
});
