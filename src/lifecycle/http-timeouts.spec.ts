import { createServer, Server } from 'node:http';
import { connect, Socket } from 'node:net';
import { applyHttpTimeouts } from './http-timeouts';

/** One GET on the socket; resolves with the answer's head once its (empty) body has come. */
function get(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    socket.once('data', (chunk: Buffer) => resolve(chunk.toString()));
    socket.write('GET / HTTP/1.1\r\nHost: localhost\r\n\r\n');
  });
}

describe('applyHttpTimeouts', () => {
  let server: Server;
  afterEach(() => new Promise((r) => server.close(r)));

  async function listen(keepAliveSeconds: number): Promise<number> {
    server = createServer((_req, res) => res.end());
    applyHttpTimeouts(server, keepAliveSeconds);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return (server.address() as { port: number }).port;
  }

  it('sets the idle timeout, with the headers timeout above it and the request timeout not below that', async () => {
    await listen(65);
    expect(server.keepAliveTimeout).toBe(65_000);
    expect(server.headersTimeout).toBe(66_000);
    expect(server.requestTimeout === 0 || server.requestTimeout >= server.headersTimeout).toBe(true);
    server.requestTimeout = 30_000;
    applyHttpTimeouts(server, 65);
    expect(server.requestTimeout).toBe(66_000);
  });

  it('a kept-alive connection idle for less than the timeout is still open, and closed after it', async () => {
    const port = await listen(1);
    const socket = connect(port, '127.0.0.1');
    const closed = new Promise<number>((r) => socket.once('close', () => r(Date.now())));
    expect(await get(socket)).toMatch(/^HTTP\/1\.1 200/);
    await new Promise((r) => setTimeout(r, 500));
    expect(await get(socket)).toMatch(/^HTTP\/1\.1 200/);
    const lastAnswer = Date.now();
    const at = await closed;
    expect(at - lastAnswer).toBeGreaterThanOrEqual(900);
    expect(at - lastAnswer).toBeLessThan(5000);
  });
});
