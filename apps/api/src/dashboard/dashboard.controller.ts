import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyDecorators, Controller, Get, Header } from '@nestjs/common';
import { DASHBOARD_DIR, dashboardHeaders } from './dashboard-files.js';

/** The headers dashboard-files.ts gives every file, here for the page. */
const PageHeaders = () =>
  applyDecorators(
    ...Object.entries(dashboardHeaders('index.html')).map(([name, value]) => Header(name, value)),
  );

/**
 * GET / : the dashboard's page (public/index.html, read once). Its scripts and stylesheet are
 * served as static files under /dashboard/ (dashboard-files.ts) with the same headers.
 */
@Controller()
export class DashboardController {
  private readonly page = readFileSync(join(DASHBOARD_DIR, 'index.html'), 'utf8');

  @Get()
  @PageHeaders()
  index(): string {
    return this.page;
  }
}
