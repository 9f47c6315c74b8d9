import type { IncomingMessage, Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { ClientToServerEvents, InterServerEvents, ServerToClientEvents, SocketData } from '../contracts/socket-events.js';
import { originAllowed } from '../http/security-headers.js';
import type { Logger } from '../logger.js';
import { APP_VERSION } from '../version.js';

export type AisleSocketServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** Socket.IO on the same HTTP server as Express; each feature registers its own handlers. */
type SocketServerOptions = {
  httpServer: HttpServer;
  logger: Logger;
  mode: 'llm' | 'offline';
  allowedOrigins?: readonly string[];
  socketsPerIp?: number;
  /** The client's address by TRUST_PROXY, as HTTP requests get it. */
  clientAddress?: (req: IncomingMessage) => string;
};

export function createSocketServer({ httpServer, logger, mode, allowedOrigins = [], socketsPerIp = Number.MAX_SAFE_INTEGER, clientAddress = (req) => req.socket.remoteAddress ?? 'unknown' }: SocketServerOptions): AisleSocketServer {
  const io: AisleSocketServer = new Server(httpServer, {
    serveClient: false,
    maxHttpBufferSize: 64 * 1024,
    pingInterval: 20_000,
    pingTimeout: 20_000,
    // Browsers send Origin on WebSocket upgrades too, but CORS does not cover them: checked here.
    cors: { origin: [...allowedOrigins], credentials: false },
    allowRequest: (req, callback) => {
      const allowed = originAllowed(allowedOrigins, req);
      if (!allowed) logger.warn({ origin: req.headers.origin }, 'socket connection from an origin that is not allowed');
      callback(allowed ? null : 'origin not allowed', allowed);
    },
  });
  // Open connections per address: one client cannot hold the server's sockets (and memory) hostage.
  const perIp = new Map<string, number>();
  io.on('connection', (socket) => {
    const ip = clientAddress(socket.request);
    socket.data.ip = ip;
    const open = (perIp.get(ip) ?? 0) + 1;
    if (open > socketsPerIp) {
      logger.warn({ socketsPerIp }, 'too many connections from one address; refused');
      socket.emit('system:error', { code: 'TOO_MANY_CONNECTIONS', message: 'Too many open chats from your network. Close another tab and try again.' });
      socket.disconnect(true);
      return;
    }
    perIp.set(ip, open);
    socket.on('disconnect', () => {
      const left = (perIp.get(ip) ?? 1) - 1;
      if (left > 0) perIp.set(ip, left);
      else perIp.delete(ip);
    });
    socket.data.connectedAt = Date.now();
    const log = logger.child({ socketId: socket.id });
    log.debug('socket connected');
    socket.emit('system:hello', { version: APP_VERSION, mode });
    socket.on('system:ping', (_payload, ack) => {
      if (typeof ack === 'function') ack({ ok: true, serverTime: new Date().toISOString() });
    });
    socket.on('disconnect', (reason) => log.debug({ reason }, 'socket disconnected'));
  });
  return io;
}
