import { TokenVerifier } from 'livekit-server-sdk';
import { LiveKitDouble, startLiveKitDouble } from '../../test/support/livekit-double';
import { LiveKitVideoProvider } from './livekit-video-provider';
import { OutageLog } from './outage-log';
import { VideoUnavailableError } from './video-provider';

const keys = { apiKey: 'devkey', apiSecret: 'secret' };

describe('LiveKitVideoProvider against a double of the Twirp room API', () => {
  let lk: LiveKitDouble;
  let provider: LiveKitVideoProvider;

  beforeAll(async () => {
    lk = await startLiveKitDouble(keys);
    provider = new LiveKitVideoProvider({ url: lk.url, ...keys, requestTimeoutSeconds: 1 });
  });
  afterAll(() => lk.close());

  it('creates the room with its empty timeout and participant cap, signed with the API key', async () => {
    await provider.ensureRoom('room-a', { emptyTimeoutSeconds: 300, maxParticipants: 3 });
    const req = lk.requests.at(-1)!;
    expect(req).toMatchObject({
      method: 'CreateRoom',
      authorized: true,
      body: { name: 'room-a', emptyTimeout: 300, maxParticipants: 3 },
    });
    expect(lk.rooms.has('room-a')).toBe(true);
  });

  it('ensuring an existing room again is harmless', async () => {
    await provider.ensureRoom('room-a', { emptyTimeoutSeconds: 300, maxParticipants: 3 });
    expect([...lk.rooms.keys()].filter((n) => n === 'room-a')).toHaveLength(1);
  });

  it('deletes a room, and deleting one that does not exist is not an error', async () => {
    await provider.deleteRoom('room-a');
    expect(lk.rooms.has('room-a')).toBe(false);
    await expect(provider.deleteRoom('never-made')).resolves.toBeUndefined();
  });

  it('a request signed with the wrong secret is refused by the server and stays an error (not "unavailable")', async () => {
    const wrong = new LiveKitVideoProvider({ url: lk.url, apiKey: 'devkey', apiSecret: 'not-the-secret' });
    const err = await wrong
      .ensureRoom('room-b', { emptyTimeoutSeconds: 60, maxParticipants: 2 })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(VideoUnavailableError);
    expect(lk.requests.at(-1)).toMatchObject({ method: 'CreateRoom', authorized: false });
    expect(lk.rooms.has('room-b')).toBe(false);
  });

  it('a 5xx answer becomes VideoUnavailableError', async () => {
    lk.failNext(503);
    await expect(provider.ensureRoom('room-c', { emptyTimeoutSeconds: 60, maxParticipants: 2 })).rejects.toBeInstanceOf(
      VideoUnavailableError,
    );
    lk.failNext(500);
    await expect(provider.deleteRoom('room-c')).rejects.toBeInstanceOf(VideoUnavailableError);
  });

  it('a server that does not answer times out as VideoUnavailableError', async () => {
    lk.hangNext();
    const started = Date.now();
    await expect(provider.ensureRoom('room-d', { emptyTimeoutSeconds: 60, maxParticipants: 2 })).rejects.toBeInstanceOf(
      VideoUnavailableError,
    );
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('a server that is not there at all is VideoUnavailableError', async () => {
    const nobody = new LiveKitVideoProvider({ url: 'ws://127.0.0.1:1', ...keys, requestTimeoutSeconds: 1 });
    await expect(nobody.ensureRoom('room-e', { emptyTimeoutSeconds: 60, maxParticipants: 2 })).rejects.toBeInstanceOf(
      VideoUnavailableError,
    );
  });

  it('while the server is down, warns once, then summarises at most every 5 minutes, and says when it is back', async () => {
    const lines: Array<[string, string]> = [];
    const logger = { warn: (m: string) => lines.push(['warn', m]), log: (m: string) => lines.push(['log', m]) };
    let now = new Date('2026-12-07T10:00:00Z');
    const watched = new LiveKitVideoProvider(
      { url: lk.url, ...keys, requestTimeoutSeconds: 1 },
      new OutageLog('LiveKit', logger, () => now),
    );
    const join = () =>
      watched.ensureRoom('room-f', { emptyTimeoutSeconds: 60, maxParticipants: 2 }).catch((e: unknown) => e);
    // The join page asks again every 15 s: 4 minutes of that, one warning.
    lk.failNext(503, 17);
    for (let i = 0; i < 16; i++) {
      expect(await join()).toBeInstanceOf(VideoUnavailableError);
      now = new Date(now.getTime() + 15_000);
    }
    expect(lines).toEqual([['warn', expect.stringMatching(/^LiveKit unreachable \(create room: HTTP 503\)/)]]);
    // Past 5 minutes since that line: one summary with the count, no stack.
    now = new Date(now.getTime() + 60_000);
    await join();
    expect(lines).toHaveLength(2);
    expect(lines[1]).toEqual([
      'warn',
      'LiveKit still unreachable: 17 attempts failed since 2026-12-07T10:00:00.000Z (last: create room: HTTP 503)',
    ]);
    await expect(join()).resolves.toBeUndefined();
    expect(lines[2]).toEqual(['log', 'LiveKit reachable again: 17 attempts had failed since 2026-12-07T10:00:00.000Z']);
    await join();
    expect(lines).toHaveLength(3);
  });

  it('mints a host token with room admin and a client token without it, both for one room', async () => {
    const verifier = new TokenVerifier(keys.apiKey, keys.apiSecret);
    const host = await verifier.verify(
      await provider.createJoinToken({
        roomName: 'r1',
        identity: 'host-1',
        displayName: 'Ann',
        host: true,
        ttlSeconds: 600,
      }),
    );
    const client = await verifier.verify(
      await provider.createJoinToken({
        roomName: 'r1',
        identity: 'client-1',
        displayName: 'Bo',
        host: false,
        ttlSeconds: 120,
      }),
    );
    expect(host.video).toMatchObject({ room: 'r1', roomJoin: true, roomAdmin: true });
    expect(client.video).toMatchObject({ room: 'r1', roomJoin: true, canPublish: true, canSubscribe: true });
    expect(client.video?.roomAdmin).toBeFalsy();
    expect(client.video?.roomCreate).toBeFalsy();
    expect(client).toMatchObject({ sub: 'client-1', name: 'Bo' });
    expect((client.exp as number) - (client.nbf as number)).toBeLessThanOrEqual(120);
  });
});
