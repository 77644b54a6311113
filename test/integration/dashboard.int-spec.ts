import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DesignationEvent } from '@app/contracts';
import { ensureChromium, launchBrowser, type Browser } from '../support/browser.js';
import { beginnerPartnerRecords, qualifyingPartnerRecords } from '../support/browser-fixtures.js';
import { createNamespace } from '../support/infra.js';
import { dropNamespace, type TestNamespace } from '../support/infra.js';
import { produce } from '../support/kafka-io.js';
import { Stack } from '../support/stack.js';

const T0 = '2026-06-20T00:00:00Z';
const API_KEY = 'dashboard-key-0123456789';
const SCREENSHOT = join(import.meta.dirname, '..', '..', 'docs', 'images', 'dashboard.png');
/** Waits for the pipeline (Kafka → scorer → Redis/Kafka → api → SSE → page), not a timing assertion. */
const PIPELINE_MS = 120_000;

/** 401s before the key is entered are the point of the first step; anything else is a bug. */
const unexpected = (errors: string[]) => errors.filter((e) => !/status of 401|EventSource/.test(e));

describe('dashboard in headless chromium (API key set)', () => {
  let ns: TestNamespace;
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    ensureChromium();
    ns = await createNamespace();
    stack = new Stack(ns, { CAPSCORE_CLOCK: T0, API_KEY });
    await Promise.all([stack.startScorer(), stack.startApi()]);
    // A partner that qualifies for nothing, so the designation list and partner picker have data.
    await produce(beginnerPartnerRecords(ns, 'contoso'));
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    if (ns) await dropNamespace(ns);
  });

  it('loads, asks for the API key, then lists the designations and connects the live feed', async () => {
    const { page } = browser;
    await page.goto(stack.apiUrl);
    expect(await page.title()).toBe('capscore dashboard');
    await page.waitForSelector('#banner:not([hidden])');
    expect(await page.textContent('#banner')).toContain('API key');

    await page.fill('#api-key', API_KEY);
    await page.click('#key-form button[type=submit]');
    await page.waitForSelector('#designations li[data-designation="modern-work"]');
    expect(await page.locator('#designations li').count()).toBe(6);
    expect(await page.isHidden('#banner')).toBe(true);
    expect(await page.textContent('#program')).toContain('threshold 70');
    // The clock is fetched beside the designations, not after them: wait for it rather than race it.
    await page.waitForSelector('#clock:has-text("fixed clock")');
    expect(await page.textContent('#clock')).toContain('2026-06-20 00:00 UTC (fixed clock)');
    await page.waitForSelector('#feed-status[data-live="true"]', { timeout: PIPELINE_MS });
  });

  it('shows a designation event caused by events produced to Kafka in the live feed', async () => {
    const { page } = browser;
    // The api's feed group starts at the latest offset once assigned; a record on the topic that
    // reaches the page proves the group is positioned, so nothing produced after it can be missed.
    const probe: DesignationEvent = {
      eventId: 'feed-probe-1',
      type: 'designation.granted',
      partnerId: 'feed-probe',
      designationId: 'security',
      occurredAt: '2026-06-20T00:00:00.000Z',
      programId: 'mcpp',
      programVersion: 'probe',
      data: {
        score: 0,
        threshold: 70,
        track: 'smb',
        qualified: false,
        anniversary: null,
        metrics: [],
        cause: { kind: 'event' },
      },
    };
    await produce([{ topic: ns.topics.designations, key: probe.partnerId, value: JSON.stringify(probe) }]);
    await page.waitForSelector('#feed li[data-partner="feed-probe"]', { timeout: PIPELINE_MS });

    await produce(qualifyingPartnerRecords(ns, 'northwind'));
    const item = page.locator('#feed li[data-partner="northwind"][data-type="designation.granted"]');
    await item.waitFor({ timeout: PIPELINE_MS });
    const text = await item.textContent();
    expect(text).toContain('Modern Work');
    expect(text).toContain('score 100');
    expect(text).toContain('anniversary 2027-06-20');
    // The designation list refreshes on a grant: Modern Work now has a holder, listed on click.
    await page.waitForSelector('#designations li[data-designation="modern-work"] >> text=1 holder');
    await page.click('#designations li[data-designation="modern-work"] button');
    await page.waitForSelector('#holders button.chip >> text=northwind');
  });

  it('opens the partner from the feed: progress bars, per-metric explanation and an as-of date', async () => {
    const { page } = browser;
    await page.click('#feed li[data-partner="northwind"] button.link');
    await page.waitForSelector('#partner[data-state="loaded"][data-partner="northwind"]');
    expect(page.url()).toContain('#partner=northwind');

    const modernWork = page.locator('#partner article[data-designation="modern-work"]');
    expect(await modernWork.getAttribute('data-score')).toBe('100');
    const header = await modernWork.locator('header').textContent();
    expect(header).toContain('qualifies');
    expect(header).toContain('held');
    // One bar segment per category, and per-category points under it.
    expect(await modernWork.locator('.bar .seg').count()).toBe(3);
    const legend = await modernWork.locator('.legend').textContent();
    expect(legend).toMatch(/Performance \d+ \/ \d+/);
    expect(legend).toMatch(/Skilling \d+ \/ \d+/);
    expect(legend).toMatch(/Customer success \d+ \/ \d+/);
    const metricRows = modernWork.locator('tr[data-metric]');
    expect(await metricRows.count()).toBeGreaterThanOrEqual(5);
    expect(await modernWork.locator('td.missing').count()).toBe(0);
    // A designation it lacks explains what is missing.
    const security = page.locator('#partner article[data-designation="security"]');
    expect(await security.locator('header').textContent()).toContain('does not qualify');
    expect(await security.locator('td.missing').count()).toBeGreaterThan(0);

    mkdirSync(join(SCREENSHOT, '..'), { recursive: true });
    // The probe record is test plumbing, not something to show in the documentation image.
    await page.evaluate('document.querySelector(\'#feed li[data-partner="feed-probe"]\')?.remove()');
    await page.screenshot({ path: SCREENSHOT, fullPage: true });

    // As of 2026-10-01 the two advanced certifications have expired (2026-09-10).
    await page.fill('#as-of', '2026-10-01');
    await page.click('#partner-form button[type=submit]');
    await page.waitForSelector('#partner[data-state="loaded"] >> text=as of 2026-10-01 00:00 UTC');
    const projected = await page.locator('#partner .projected').textContent();
    expect(projected).toContain('at-risk');
    expect(projected).toContain('Modern Work on 2026-09-10 (expiry)');
    const later = page.locator('#partner article[data-designation="modern-work"]');
    expect(Number(await later.getAttribute('data-score'))).toBeLessThan(100);
    expect(await later.locator('header').textContent()).toContain('at risk');
    expect(await later.locator('tr[data-metric="advanced-certifications"] td.missing').count()).toBe(1);

    expect(unexpected(browser.errors)).toEqual([]);
  });
  it('draws the score history with the threshold and transition markers, and lists at-risk holders in a sortable worklist', async () => {
    const { page } = browser;
    await page.fill('#as-of', '');
    await page.click('#partner-form button[type=submit]');
    const chart = page.locator('#history svg[data-history="modern-work"]');
    await chart.waitFor();
    expect(await chart.locator('.threshold-line').getAttribute('data-threshold')).toBe('70');
    expect(await chart.locator('circle.month-dot').count()).toBe(1);
    expect(await chart.locator('.event-marker').getAttribute('data-type')).toBe('designation.granted');

    // Past the expiry of the two advanced certifications: northwind is at risk (85 points, a metric at 0).
    const moved = await fetch(`${stack.apiUrl}/v1/admin/clock`, {
      method: 'POST',
      headers: { 'x-api-key': API_KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ now: '2026-09-15T00:00:00Z' }),
    });
    expect(moved.status).toBe(200);
    await moved.body?.cancel();
    await page.waitForSelector('#feed li[data-partner="northwind"][data-type="designation.at-risk"]', {
      timeout: PIPELINE_MS,
    });
    await page.selectOption('#worklist-list', 'at-risk');
    await page.selectOption('#worklist-designation', 'modern-work');
    const row = page.locator('#worklist table[data-list="at-risk"] tr[data-partner="northwind"]');
    await row.waitFor({ timeout: PIPELINE_MS });
    expect(await row.textContent()).toContain('2027-06-20');
    expect(await row.textContent()).toContain('278');
    await page.click('#worklist th button[data-sort-key="daysLeft"]');
    await page.waitForSelector('#worklist table[data-sort="daysLeft"]');
    // Its remaining certifications run to 2029: nothing expires within 30 days.
    await page.selectOption('#worklist-list', 'expiring-certifications');
    await page.waitForSelector('#worklist table[data-list="expiring-certifications"]');
    expect(await page.locator('#worklist table[data-list="expiring-certifications"] tbody tr').count()).toBe(
      0,
    );
    await page.selectOption('#worklist-list', 'near-miss');
    const near = page.locator('#worklist table[data-list="near-miss"] tr[data-partner="northwind"]');
    await near.waitFor({ timeout: PIPELINE_MS });
    expect(await near.textContent()).toContain('advanced-certifications');

    // From the worklist to the partner: its chart now has four months and the at-risk marker.
    await near.locator('button.link').click();
    await page.waitForSelector(
      '#history svg[data-history="modern-work"] .event-marker[data-type="designation.at-risk"]',
    );
    expect(await page.locator('#history svg[data-history="modern-work"] circle.month-dot').count()).toBe(4);
    expect(
      await page
        .locator('#history svg[data-history="modern-work"] circle.month-dot[data-month="2026-09"]')
        .getAttribute('data-score'),
    ).toBe('85');
    await page.evaluate('document.querySelector(\'#feed li[data-partner="feed-probe"]\')?.remove()');
    await page.screenshot({ path: join(SCREENSHOT, '..', 'dashboard-history.png'), fullPage: true });
    expect(unexpected(browser.errors)).toEqual([]);
  });
});
