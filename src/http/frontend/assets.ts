import express, { type RequestHandler } from 'express';

/**
 * The built front-end under `/frontend/assets/`: every file name carries its content's hash, so
 * a file never changes and browsers may keep it for a year without asking again
 * (`Cache-Control: public, max-age=31536000, immutable`). Source maps are served too (they hold
 * only the front-end's own source, which the bundle already reveals).
 */
export function frontendAssets(dir: string): RequestHandler {
  return express.static(dir, { immutable: true, maxAge: '1y', index: false, fallthrough: true, dotfiles: 'ignore' });
}
