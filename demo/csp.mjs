// The Content-Security-Policy `npm start` sends with every demo page (and the tests use): no inline
// script or style, no eval, frames and fetches only to the CCP origins. Everything the demo and
// <region-aware-ccp> need is listed here and nothing else.

/**
 * @param {string[]} ccpOrigins the origins of the CCPs (here: the simulator's two regions)
 * @param {{ trustedTypes?: boolean }} [o] also require Trusted Types for DOM XSS sinks (Lit's `lit-html` policy is the only one allowed)
 * @returns {string}
 */
export function demoCsp(ccpOrigins, { trustedTypes = true } = {}) {
  const ccp = ccpOrigins.join(' ');
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    // The CCP iframes (Streams) and the login URL (a popup: not governed by CSP).
    `frame-src ${ccp}`,
    // The demo's control panel talks to the simulator's control API (fetch + EventSource).
    `connect-src ${ccp}`,
    "img-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(trustedTypes ? ["require-trusted-types-for 'script'", 'trusted-types lit-html'] : []),
  ].join('; ');
}
