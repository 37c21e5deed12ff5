import { signWebhook, webhookBody } from '../../test/support/livekit-webhook';
import { parseLiveKitWebhook, WebhookSignatureError } from './livekit-webhook';

const keys = { apiKey: 'devkey', apiSecret: 'secret' };
const parse = async (body: string) =>
  parseLiveKitWebhook(keys, body, await signWebhook(body, keys.apiKey, keys.apiSecret));

describe('LiveKit webhook parsing', () => {
  it("keeps LiveKit's event id, so a replay is recognised", async () => {
    const body = webhookBody('participant_joined', 'room-1', { id: 'EV_abc', identity: 'client-1' });
    await expect(parse(body)).resolves.toMatchObject({
      id: 'EV_abc',
      event: 'participant_joined',
      roomName: 'room-1',
      identity: 'client-1',
    });
  });

  it('identifies an event without an id by its body: the same body the same id, another body another', async () => {
    const body = JSON.stringify({ event: 'room_finished', createdAt: 1800000000, room: { name: 'room-1' } });
    const first = await parse(body);
    expect(first.id).toMatch(/^sha256:[A-Za-z0-9_-]{43}$/);
    expect((await parse(body)).id).toBe(first.id);
    expect((await parse(body.replace('room-1', 'room-2'))).id).not.toBe(first.id);
  });

  it('refuses a body signed with another secret', async () => {
    const body = webhookBody('room_finished', 'room-1');
    await expect(parseLiveKitWebhook(keys, body, await signWebhook(body, keys.apiKey, 'other'))).rejects.toBeInstanceOf(
      WebhookSignatureError,
    );
  });
});
