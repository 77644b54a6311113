import { Controller, Get, Header } from '@nestjs/common';
import { APP_JS } from './assets/app.js.js';
import { CHART_JS } from './assets/chart.js.js';
import { PAGE_HTML } from './assets/page.html.js';
import { STYLES_CSS } from './assets/styles.css.js';

/**
 * Same-origin only: the page loads nothing from elsewhere (the machine may have no internet), and
 * a CSP that says so keeps injected markup from running or phoning home.
 */
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** The dashboard: one static page, its stylesheet and its script. They carry no data. */
@Controller()
export class DashboardController {
  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', CSP)
  @Header('X-Content-Type-Options', 'nosniff')
  @Header('Cache-Control', 'no-cache')
  page(): string {
    return PAGE_HTML;
  }

  @Get('dashboard/app.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('X-Content-Type-Options', 'nosniff')
  @Header('Cache-Control', 'no-cache')
  script(): string {
    return APP_JS;
  }

  @Get('dashboard/chart.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('X-Content-Type-Options', 'nosniff')
  @Header('Cache-Control', 'no-cache')
  chart(): string {
    return CHART_JS;
  }

  @Get('dashboard/app.css')
  @Header('Content-Type', 'text/css; charset=utf-8')
  @Header('X-Content-Type-Options', 'nosniff')
  @Header('Cache-Control', 'no-cache')
  styles(): string {
    return STYLES_CSS;
  }
}
