import { Injectable } from '@nestjs/common';

/**
 * Whether this instance is stopping (SIGTERM came). From then on readiness answers 503, so that a
 * load balancer takes the instance out while it still serves, and every answer closes its connection.
 */
@Injectable()
export class ShutdownState {
  private since: Date | null = null;

  begin(at: Date): void {
    this.since ??= at;
  }

  get stopping(): boolean {
    return this.since !== null;
  }
}
