/** Where the outage lines go: Nest's Logger fits (warn for the outage, log for the recovery). */
export interface OutageLogger {
  warn(message: string): void;
  log(message: string): void;
}

/** While the server stays unreachable, at most one summary line this often. */
export const OUTAGE_SUMMARY_MS = 5 * 60_000;

/**
 * What the log says about a server that may be down (LiveKit): one warning when it becomes
 * unreachable, then at most one summary every `summaryMs` however often callers try (the join page
 * asks every 15 s, the cleanup jobs retry), and one line when it answers again. Without a stack:
 * every attempt fails the same way, and a stack each time would bury everything else.
 */
export class OutageLog {
  private since: Date | null = null;
  private failures = 0;
  private lastLine = 0;

  constructor(
    private readonly server: string,
    private readonly logger: OutageLogger,
    private readonly now: () => Date,
    private readonly summaryMs = OUTAGE_SUMMARY_MS,
  ) {}

  /** An attempt failed because the server did not answer, timed out or answered 5xx. */
  failed(reason: string): void {
    const now = this.now();
    this.failures++;
    if (!this.since) {
      this.since = now;
      this.lastLine = now.getTime();
      this.logger.warn(
        `${this.server} unreachable (${reason}); while it stays so, a summary at most every ${Math.round(this.summaryMs / 60_000)} min`,
      );
      return;
    }
    if (now.getTime() - this.lastLine < this.summaryMs) return;
    this.lastLine = now.getTime();
    this.logger.warn(
      `${this.server} still unreachable: ${this.failures} attempts failed since ${this.since.toISOString()} (last: ${reason})`,
    );
  }

  /** The server answered (whatever it said): an outage, if there was one, is over. */
  answered(): void {
    if (!this.since) return;
    this.logger.log(
      `${this.server} reachable again: ${this.failures} attempts had failed since ${this.since.toISOString()}`,
    );
    this.since = null;
    this.failures = 0;
  }
}
