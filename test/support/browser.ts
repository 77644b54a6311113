import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

const ROOT = join(import.meta.dirname, '..', '..');
export const CHROMIUM = '/usr/bin/chromium';

/** Installs Debian's chromium when missing (scripts/install-browser.sh; apt-get, idempotent). */
export function ensureChromium(): void {
  execFileSync('sh', [join(ROOT, 'scripts', 'install-browser.sh')], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Uncaught exceptions and console errors of the page. */
  errors: string[];
  close(): Promise<void>;
}

/** A headless chromium with a fresh profile (no state shared between runs). */
export async function launchBrowser(viewport = { width: 1440, height: 1000 }): Promise<Browser> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'capscore-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  return {
    context,
    page,
    errors,
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
