import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { ClientToServerEvents, InterServerEvents, ServerToClientEvents, SocketData } from '../contracts/socket-events.js';
import { originAllowed } from '../http/security-headers.js';
import type { Logger } from '../logger.js';
import { APP_VERSION } from '../version.js';

export type AisleSocketServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** Socket.IO on the same HTTP server as Express; each feature registers its own handlers. */
export function createSocketServer({ httpServer, logger, mode, allowedOrigins = [] }: { httpServer: HttpServer; logger: Logger; mode: 'llm' | 'offline'; allowedOrigins?: readonly string[] }): AisleSocketServer {
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
  io.on('connection', (socket) => {
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
