/**
 * The edge to the video server. Small on purpose: a room per meeting, a way to drop it, and a
 * participant token. Booking never calls it; only joining does (and cleanup, which can wait).
 */
export interface VideoProvider {
  /** Where participants connect (the page's LiveKit client). */
  readonly serverUrl: string;
  /** Creates the room, or leaves an existing one as it is. */
  ensureRoom(roomName: string, opts: { emptyTimeoutSeconds: number; maxParticipants: number }): Promise<void>;
  /** Deletes the room (and disconnects whoever is in it); a room that does not exist is fine. */
  deleteRoom(roomName: string): Promise<void>;
  createJoinToken(p: JoinTokenRequest): Promise<string>;
}

export interface JoinTokenRequest {
  roomName: string;
  identity: string;
  displayName: string;
  /** The caseworker: room admin. A client may publish and subscribe, nothing more. */
  host: boolean;
  ttlSeconds: number;
}

/** The video server did not answer, timed out or failed (5xx): the caller may try again later. */
export class VideoUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VideoUnavailableError';
  }
}

export const VIDEO_PROVIDER = Symbol('VIDEO_PROVIDER');
