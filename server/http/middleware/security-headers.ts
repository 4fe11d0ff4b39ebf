import type { RequestHandler } from 'express';
import { isLoopbackHost } from '../../config';

/** Where the BigCommerce control panel frames the app from (its docs publish no list; BigCommerce's own app,
 *  github.com/bigcommerce/ai-app-foundation src/middleware.ts, allows *.mybigcommerce.com). */
export const BIGCOMMERCE_FRAME_ANCESTORS = ['https://*.mybigcommerce.com', 'https://*.bigcommerce.com'];

/**
 * The frame-ancestors list: BigCommerce's control panel, plus the sandbox control panel when the app
 * talks to a loopback BigCommerce (the demo and tests).
 */
export function frameAncestors(bcLoginUrl: string): string[] {
  const login = new URL(bcLoginUrl);
  return isLoopbackHost(login.hostname)
    ? [...BIGCOMMERCE_FRAME_ANCESTORS, login.origin]
    : BIGCOMMERCE_FRAME_ANCESTORS;
}

/**
 * Security headers that keep the app embeddable in the control panel and nowhere else. No
 * X-Frame-Options (it would forbid the iframe); CSP frame-ancestors does that job precisely.
 */
export function securityHeaders(opts: { frameAncestors: string[]; https: boolean }): RequestHandler {
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${opts.frameAncestors.join(' ')}`,
  ].join('; ');
  return (_req, res, next) => {
    res.setHeader('Content-Security-Policy', csp);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()');
    if (opts.https) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    next();
  };
}
