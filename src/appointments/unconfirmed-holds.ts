import { Inject, Injectable } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import type { Config } from '../../config/config';
import { addressKey } from '../common/client-address';
import { CONFIG } from '../common/injection-tokens';

/**
 * docs/product-rules.md, rule 5: nobody can hold all the intake slots (at most `maxHoldsPerEmail` and
 * `maxHoldsPerIp` unconfirmed holds at a time), and a hold never confirmed leaves no personal data (AppointmentRepository.deleteHold).
 * The address is hashed at the edge; the booking counts the holds (BookingService).
 */
@Injectable()
export class UnconfirmedHolds {
  constructor(@Inject(CONFIG) private readonly config: Config) {}

  /**
   * Keyed with TOKEN_SECRET and the unit: a plain hash of an IPv4 address is undone by trying all
   * 2^32, and the count needs only equality within one unit.
   */
  addressHash(unitId: string, ip: string | undefined): string | null {
    if (!ip) return null;
    const address = addressKey(ip);
    return address
      ? createHmac('sha256', this.config.TOKEN_SECRET).update(`hold-ip:${unitId}:${address}`).digest('base64url')
      : null;
  }
}
