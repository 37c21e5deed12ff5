import type { Config } from '../../config/config';

/**
 * Why a queued notification is no longer worth sending. `inactive`: a sign-in link for a caseworker
 * deactivated since; `stale`: a sign-in link asked for longer ago than a link lives (the person has
 * asked again or given up, and a link arriving now would only puzzle them).
 */
export type SkipReason = 'gone' | 'superseded' | 'not_confirmed' | 'erased' | 'inactive' | 'stale';

/** Who a mail is from and the host its Message-ID names, from the configuration. */
export class MailOrigin {
  readonly host: string;
  readonly fromAddress: string;

  constructor(config: Config) {
    this.host = new URL(config.PUBLIC_URL).hostname;
    this.fromAddress = emailOf(config.MAIL_FROM);
  }

  /** The Message-ID of the mail of queued job `jobId`. */
  messageId(jobId: string): string {
    return `<notify-${jobId}@${this.host}>`;
  }
}

function emailOf(from: string): string {
  return /<([^>]+)>/.exec(from)?.[1] ?? from;
}
