import { createHash, randomUUID } from 'node:crypto';
import { AccessToken } from 'livekit-server-sdk';

/** Signs a body as LiveKit does: a JWT of the API key whose `sha256` claim is the body's hash. */
export async function signWebhook(body: string, apiKey: string, apiSecret: string): Promise<string> {
  const at = new AccessToken(apiKey, apiSecret);
  at.sha256 = createHash('sha256').update(body).digest('base64');
  return at.toJwt();
}

/** A webhook body; each call is a new event (its own id) unless `id` is given. */
export function webhookBody(
  event: string,
  room: string,
  opts: { identity?: string; id?: string; at?: Date } = {},
): string {
  return JSON.stringify({
    event,
    id: opts.id ?? `EV_${randomUUID()}`,
    createdAt: Math.floor((opts.at ?? new Date()).getTime() / 1000),
    room: { name: room },
    ...(opts.identity ? { participant: { identity: opts.identity } } : {}),
  });
}
