import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { TokenVerifier } from 'livekit-server-sdk';

/**
 * A small stand-in for LiveKit's Twirp room API (no LiveKit server can run here). Like the real one it
 * refuses a request whose Authorization JWT is not signed with the key and secret or lacks the grant.
 * It also records the browser's signalling attempts (/rtc WebSocket upgrade or /rtc/validate) so a
 * page test can check which token the page connected with.
 */
export interface RecordedRequest {
  method: string;
  body: Record<string, unknown>;
  authorized: boolean;
}

/** A Twirp request body as the SDK sends it: the room names are strings. */
type TwirpBody = Record<string, unknown> & { name?: string; room?: string };

export interface LiveKitDouble {
  url: string;
  rooms: Map<string, Record<string, unknown>>;
  requests: RecordedRequest[];
  /** access_token values the browser connected with. */
  rtcTokens: string[];
  /** The next `count` Twirp calls answer `status`. */
  failNext(status: number, count?: number): void;
  /** The next `count` Twirp calls never answer (a hung server). */
  hangNext(count?: number): void;
  close(): Promise<void>;
}

export async function startLiveKitDouble(keys: { apiKey: string; apiSecret: string }): Promise<LiveKitDouble> {
  const verifier = new TokenVerifier(keys.apiKey, keys.apiSecret);
  const rooms = new Map<string, Record<string, unknown>>();
  const requests: RecordedRequest[] = [];
  const rtcTokens: string[] = [];
  let failures: { status: number; left: number } = { status: 0, left: 0 };
  let hangs = 0;
  const hung: ServerResponse[] = [];

  const twirp = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://double');
    if (url.pathname.startsWith('/rtc')) {
      const token = url.searchParams.get('access_token');
      if (token) rtcTokens.push(token);
      return twirp(res, 401, { message: 'double: no media here' });
    }
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const m = /^\/twirp\/livekit\.RoomService\/(\w+)$/.exec(url.pathname);
    if (req.method !== 'POST' || !m) return twirp(res, 404, { code: 'bad_route', msg: 'no such route' });
    let body: TwirpBody;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as TwirpBody;
    } catch {
      return twirp(res, 400, { code: 'malformed', msg: 'body is not JSON' });
    }
    const authorized = await verifier
      .verify((req.headers.authorization ?? '').replace(/^Bearer /, ''))
      .then((claims) => claims.video?.roomCreate === true)
      .catch(() => false);
    requests.push({ method: m[1], body, authorized });
    if (!authorized) return twirp(res, 401, { code: 'unauthenticated', msg: 'invalid token' });
    if (hangs > 0) {
      hangs--;
      hung.push(res);
      return;
    }
    if (failures.left > 0) {
      failures.left--;
      return twirp(res, failures.status, { code: 'internal', msg: 'double: failing on purpose' });
    }
    const name = String(body.name ?? body.room ?? '');
    switch (m[1]) {
      case 'CreateRoom': {
        if (!name) return twirp(res, 400, { code: 'invalid_argument', msg: 'name required' });
        const room = rooms.get(name) ?? {
          name,
          sid: `RM_${rooms.size + 1}`,
          emptyTimeout: body.emptyTimeout,
          maxParticipants: body.maxParticipants,
        };
        rooms.set(name, room);
        return twirp(res, 200, room);
      }
      case 'DeleteRoom':
        if (!rooms.delete(name)) return twirp(res, 404, { code: 'not_found', msg: 'room not found' });
        return twirp(res, 200, {});
      case 'ListRooms':
        return twirp(res, 200, { rooms: [...rooms.values()] });
      default:
        return twirp(res, 404, { code: 'bad_route', msg: `no method ${m[1]}` });
    }
  };
  const server = createServer((req, res) => void handle(req, res));
  server.on('upgrade', (req, socket) => {
    const token = new URL(req.url ?? '/', 'http://double').searchParams.get('access_token');
    if (token) rtcTokens.push(token);
    socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `ws://127.0.0.1:${port}`,
    rooms,
    requests,
    rtcTokens,
    failNext(status, count = 1) {
      failures = { status, left: count };
    },
    hangNext(count = 1) {
      hangs = count;
    },
    async close() {
      for (const r of hung) r.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
