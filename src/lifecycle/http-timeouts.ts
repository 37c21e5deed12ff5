import type { Server } from 'node:http';

/**
 * Keep-alive for the server behind a proxy or load balancer. The server must keep an idle
 * connection open longer than the proxy does (60 s for most): if it closes first, the proxy may
 * send the next request down the socket just closed and answer 502.
 */
export function applyHttpTimeouts(server: Server, keepAliveSeconds: number): void {
  server.keepAliveTimeout = keepAliveSeconds * 1000;
  // The wait for a request's headers runs from the connection's last activity: above the idle
  // timeout, so that a request arriving just before the connection would close is not cut off.
  server.headersTimeout = server.keepAliveTimeout + 1000;
  // Node refuses a headers timeout above the whole-request timeout (0: none).
  if (server.requestTimeout > 0 && server.requestTimeout < server.headersTimeout)
    server.requestTimeout = server.headersTimeout;
}
