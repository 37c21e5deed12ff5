import { validate } from 'class-validator';
import { IsIanaZone, IsIsoInstant, IsWallClock } from './validation';

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
    [{ time: '25:00' }, 'time'],
    [{ time: '8:00' }, 'time'],
    [{ time: '24:01' }, 'time'],
  ])('rejects %j', async (patch, property) => {
    await expect(problems(patch as Partial<Probe>)).resolves.toEqual([property]);
  });
});
