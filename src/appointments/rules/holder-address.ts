import { Inject, Injectable } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import type { Config } from '../../../config/config';
import { addressKey } from '../../common/client-address';
import { CONFIG } from '../../common/injection-tokens';

/**
 * The key a public hold is counted under for its address (docs/product-rules.md, rule 5: at most `maxHoldsPerIp`
 * unconfirmed holds an address). Made at the edge from the client's address; the booking counts the holds under it
 * (BookingService, assertWithinHoldLimits), and a hold never confirmed leaves no personal data
 * (AppointmentRepository.deleteHold).
 */
@Injectable()
export class HolderAddressKey {
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
