import { NotificationComposer } from '../../src/notifications/notification-composer';
import type { NotifyJob } from '../../src/jobs/job-contracts';
import type { TestContext } from './test-app';

/**
 * The links in the mail a queued notification becomes, composed as the mail worker does when it
 * sends it (the links are minted then; a queued job holds none). For specs that run without the
 * worker, or that need a link before the mail has gone.
 */
export async function mailedLinks(
  ctx: TestContext,
  appointmentId: string,
  kind: string,
): Promise<Record<string, string>> {
  const [job] = await ctx.db.query<Array<{ id: string; data: NotifyJob } | undefined>>(
    `SELECT id, data FROM pgboss.job WHERE name = 'notify' AND data->>'appointmentId' = $1 AND data->>'kind' = $2 ORDER BY created_on LIMIT 1`,
    [appointmentId, kind],
  );
  if (!job) throw new Error(`no ${kind} mail queued for appointment ${appointmentId}`);
  const mail = await ctx.app.get(NotificationComposer).compose(job.data, job.id);
  if (typeof mail === 'string')
    throw new Error(`the ${kind} mail for appointment ${appointmentId} would not be sent: ${mail}`);
  for (const url of Object.values(mail.links ?? {})) expect(mail.text).toContain(url);
  return mail.links ?? {};
}
