import type { EntityManager } from 'typeorm';

/**
 * What the clients feature needs of a client's appointments. Declared here and provided by the
 * appointments feature (which depends on clients, never the reverse): erasure and retention reach
 * appointments through the appointment lifecycle without an import cycle.
 */
export abstract class ClientAppointments {
  abstract exportOf(clientId: string): Promise<{ appointments: unknown[]; notes: unknown[] }>;
  /** Within the erasure transaction. */
  abstract erase(m: EntityManager, clientId: string, now: Date): Promise<void>;
  /** Clients with no appointment within their unit's retention period (and none ahead). */
  abstract inactiveClientIds(now: Date, limit: number): Promise<string[]>;
}
