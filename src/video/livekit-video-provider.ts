import { AccessToken, RoomServiceClient, ServerError } from 'livekit-server-sdk';
import { OutageLog } from './outage-log';
import { JoinTokenRequest, VideoProvider, VideoUnavailableError } from './video-provider';

export interface LiveKitSettings {
  /** ws(s):// or http(s):// — the room API is the same host over HTTP. */
  url: string;
  apiKey: string;
  apiSecret: string;
  /** A join should never hang on a slow video server. */
  requestTimeoutSeconds?: number;
}

/** The VideoProvider on LiveKit's Twirp room API (livekit-server-sdk). */
export class LiveKitVideoProvider implements VideoProvider {
  private readonly rooms: RoomServiceClient;

  readonly serverUrl: string;

  /** `outage`: where an unreachable server is reported, once and then in summaries (none: not logged). */
  constructor(
    private readonly s: LiveKitSettings,
    private readonly outage?: OutageLog,
  ) {
    this.serverUrl = s.url;
    this.rooms = new RoomServiceClient(toHttpUrl(s.url), s.apiKey, s.apiSecret, {
      requestTimeout: s.requestTimeoutSeconds ?? 5,
      failover: false,
    });
  }

  async ensureRoom(roomName: string, opts: { emptyTimeoutSeconds: number; maxParticipants: number }): Promise<void> {
    // CreateRoom answers the existing room when it is already there, so a second join is harmless.
    await this.call('create room', () =>
      this.rooms.createRoom({
        name: roomName,
        emptyTimeout: opts.emptyTimeoutSeconds,
        departureTimeout: opts.emptyTimeoutSeconds,
        maxParticipants: opts.maxParticipants,
      }),
    );
  }

  async deleteRoom(roomName: string): Promise<void> {
    try {
      await this.call('delete room', () => this.rooms.deleteRoom(roomName));
    } catch (err) {
      if (err instanceof ServerError && err.status === 404) return; // never created, or already gone
      throw err;
    }
  }

  async createJoinToken(p: JoinTokenRequest): Promise<string> {
    const at = new AccessToken(this.s.apiKey, this.s.apiSecret, {
      identity: p.identity,
      name: p.displayName,
      ttl: p.ttlSeconds,
    });
    at.addGrant({
      roomJoin: true,
      room: p.roomName,
      canPublish: true,
      canSubscribe: true,
      canPublishData: true,
      roomAdmin: p.host,
      // Clients cannot rename themselves or change their own metadata in the room.
      canUpdateOwnMetadata: p.host,
    });
    return at.toJwt();
  }

  /** 5xx, timeouts and refused connections mean "try later"; 4xx is our bug and stays an error. */
  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    let result: T;
    try {
      result = await fn();
    } catch (err) {
      if (err instanceof ServerError && err.status < 500) {
        this.outage?.answered();
        throw err;
      }
      const reason =
        err instanceof ServerError
          ? `HTTP ${err.status}`
          : (err as Error).name === 'TimeoutError'
            ? 'timed out'
            : (err as Error).message;
      this.outage?.failed(`${what}: ${reason}`);
      throw new VideoUnavailableError(`${what}: ${reason}`);
    }
    this.outage?.answered();
    return result;
  }
}

function toHttpUrl(url: string): string {
  return url.replace(/^ws(s?):\/\//, 'http$1://');
}
