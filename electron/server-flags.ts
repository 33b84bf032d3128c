// The options of the `node` that runs the server: Electron's utilityProcess passes them, `npm run
// serve` writes the same in package.json (a test checks it), and `npm run bench` reads them there
// to start the server as users do.

/**
 * V8's heap, sized for a server that keeps little between requests (some 50 MB live) but makes a
 * lot of short-lived garbage under load. By default V8 lets the heap grow to about four times what
 * survives before it collects, and gives the young generation 2 × 16 MB: at 50 connections the
 * server's resident memory climbed to 280–330 MB. Smaller young spaces (4 MB), a first limit of
 * 32 MB for the old space and a growth of 50 % over what survives keep it under 200 MB at the same
 * speed (`npm run bench`). Nothing is capped: a billing run that needs more memory gets it.
 */
export const SERVER_NODE_FLAGS = [
  '--max-semi-space-size=4',
  '--initial-old-space-size=32',
  '--heap-growing-percent=50',
] as const
