import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DASHBOARD_DIR, dashboardHeaders } from '../src/dashboard/dashboard-files.js';

describe('dashboard files', () => {
  it('has every file the page loads, under /dashboard/', () => {
    const page = readFileSync(join(DASHBOARD_DIR, 'index.html'), 'utf8');
    const loaded = [...page.matchAll(/(?:src|href)="\/dashboard\/([^"]+)"/g)].map((m) => m[1] as string);
    expect(loaded.sort()).toEqual(['app.css', 'app.js', 'chart.js', 'worklists.js']);
    for (const file of loaded) expect(existsSync(join(DASHBOARD_DIR, file))).toBe(true);
  });

  it('gives the page its CSP and every file its type, nosniff and no-cache', () => {
    const page = dashboardHeaders('/x/index.html');
    expect(Object.keys(page).sort()).toEqual([
      'Cache-Control',
      'Content-Security-Policy',
      'Content-Type',
      'X-Content-Type-Options',
    ]);
    expect(page['Content-Type']).toBe('text/html; charset=utf-8');
    expect(page['Content-Security-Policy']).toContain("default-src 'none'; script-src 'self'");
    expect(dashboardHeaders('/x/app.js')).toEqual({
      'Content-Type': 'text/javascript; charset=utf-8',
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-cache',
    });
    expect(dashboardHeaders('/x/app.css')['Content-Type']).toBe('text/css; charset=utf-8');
  });

  it('loads the scripts in order: the helpers app.js calls before app.js', () => {
    const page = readFileSync(join(DASHBOARD_DIR, 'index.html'), 'utf8');
    const order = [...page.matchAll(/<script src="\/dashboard\/([^"]+)"/g)].map((m) => m[1]);
    expect(order).toEqual(['chart.js', 'worklists.js', 'app.js']);
  });
});
