import { apiValidationPipe } from '../common/validation-pipe';
import { UpdateUnitDto } from './units.dto';

const patch = (body: Record<string, unknown>) =>
  apiValidationPipe().transform(body, { type: 'body', metatype: UpdateUnitDto });

describe('unit settings', () => {
  it('holds last at most two hours: holdMinutes above 120 is VALIDATION_FAILED', async () => {
    await expect(patch({ holdMinutes: 120 })).resolves.toMatchObject({ holdMinutes: 120 });
    await expect(patch({ holdMinutes: 121 })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('holdMinutes') as unknown,
    });
    await expect(patch({ holdMinutes: 1440 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('takes the hold limits per email and per address, each at least 1', async () => {
    await expect(patch({ maxHoldsPerEmail: 3, maxHoldsPerIp: 10 })).resolves.toMatchObject({
      maxHoldsPerEmail: 3,
      maxHoldsPerIp: 10,
    });
    await expect(patch({ maxHoldsPerEmail: 0 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(patch({ maxHoldsPerIp: 0 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
