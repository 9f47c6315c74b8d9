import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * Helmet with a strict Content-Security-Policy for every page Aisle serves (the demo store, the
 * widget, the staff pages): scripts and styles only from this origin, no inline code, no
 * plugins, no framing. Product images may come from any https host (imported catalogs).
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'https:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    // The widget script and product images are loaded by store pages on other origins.
    crossOriginResourcePolicy: { policy: 'same-site' },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
  });
}

/** Paths a store on another origin embeds: the widget and the product images it shows. */
export const EMBEDDABLE_PATHS = /^\/(widget\.js|images\/)/;

export const allowEmbedding: RequestHandler = (req, res, next) => {
  if (EMBEDDABLE_PATHS.test(req.path)) res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
  next();
};

/**
 * Which browser origins may talk to Aisle across origins (the widget on a store's pages, over
 * socket.io): this server's own origin and WIDGET_ALLOWED_ORIGINS. Requests without an Origin
 * header (server-to-server, curl) are not browser requests and are let through.
 */
export function originAllowed(allowed: readonly string[], req: Pick<IncomingMessage, 'headers'>): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  if (allowed.includes(origin)) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}
