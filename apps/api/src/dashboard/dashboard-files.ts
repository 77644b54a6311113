import { extname, join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';

/**
 * The dashboard's files (index.html, app.js, chart.js, worklists.js, app.css): real files beside
 * this module, linted as browser code and copied next to the build by scripts/build.mjs.
 */
export const DASHBOARD_DIR = join(import.meta.dirname, 'public');

/**
 * Same-origin only: the page loads nothing from elsewhere (the machine may have no internet), and
 * a CSP that says so keeps injected markup from running or phoning home.
 */
const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** The headers of one dashboard file: its type, nosniff, revalidated on every load, and the CSP on the page. */
export function dashboardHeaders(file: string): Record<string, string> {
  const type = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
  return {
    'Content-Type': type,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-cache',
    ...(type.startsWith('text/html') ? { 'Content-Security-Policy': CSP } : {}),
  };
}

/** GET /dashboard/<file>: the scripts and the stylesheet, open to all (they carry no data). */
export function serveDashboardFiles(app: NestExpressApplication): void {
  app.useStaticAssets(DASHBOARD_DIR, {
    prefix: '/dashboard/',
    index: false,
    dotfiles: 'ignore',
    setHeaders: (res: { setHeader(name: string, value: string): unknown }, path: string) => {
      for (const [name, value] of Object.entries(dashboardHeaders(path))) res.setHeader(name, value);
    },
  });
}
