import { createHash } from 'node:crypto';
import { WebhookReceiver } from 'livekit-server-sdk';

export interface VideoWebhookEvent {
  /** LiveKit's event id, the same on every retry or replay of one event. */
  id: string;
  event: string;
  roomName?: string;
  identity?: string;
  at: Date;
}

export class WebhookSignatureError extends Error {}

/**
 * LiveKit signs each webhook with a JWT (key and secret as for tokens) whose `sha256` claim is the
 * hash of the body; WebhookReceiver checks both, so a forged or altered body is refused.
 */
export async function parseLiveKitWebhook(
  keys: { apiKey: string; apiSecret: string },
  rawBody: string,
  authorization: string | undefined,
): Promise<VideoWebhookEvent> {
  if (!authorization || !rawBody) throw new WebhookSignatureError('unsigned webhook');
  let e;
  try {
    e = await new WebhookReceiver(keys.apiKey, keys.apiSecret).receive(rawBody, authorization);
  } catch {
    throw new WebhookSignatureError('invalid webhook signature');
  }
  const createdAt = Number(e.createdAt);
  return {
    // LiveKit gives every event an id; should one come without, the body's hash stands in, so that
    // its replay is still recognised.
    id: e.id || `sha256:${createHash('sha256').update(rawBody).digest('base64url')}`,
    event: e.event,
    roomName: e.room?.name || undefined,
    identity: e.participant?.identity || undefined,
    at: createdAt > 0 ? new Date(createdAt * 1000) : new Date(),
  };
}
