/** GET / : the dashboard's page. Static: the script fills it from the api (no build step, no CDN). */
export const PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>capscore dashboard</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/dashboard/app.css">
<script src="/dashboard/chart.js" defer></script>
<script src="/dashboard/app.js" defer></script>
</head>
<body>
<header class="top">
  <h1>capscore</h1>
  <span id="program" class="muted"></span>
  <span id="clock" class="muted" title="the pipeline's now"></span>
  <form id="key-form" class="key" autocomplete="off">
    <label for="api-key">API key</label>
    <input id="api-key" type="password" placeholder="only when API_KEY is set" size="22">
    <button type="submit">Use</button>
  </form>
  <span id="feed-status" class="pill" data-live="false">connecting</span>
</header>
<div id="banner" class="banner" hidden></div>
<main>
  <div class="side">
    <section class="panel" id="designations-panel">
      <h2>Designations</h2>
      <ul id="designations" class="designations"></ul>
      <div id="holders" class="holders"></div>
    </section>
    <section class="panel" id="worklist-panel">
      <h2>Worklists</h2>
      <form id="worklist-form" class="partner-form" autocomplete="off">
        <select id="worklist-list" aria-label="worklist">
          <option value="at-risk">at risk</option>
          <option value="near-miss">near miss</option>
          <option value="expiring-certifications">certifications expiring in 30 days</option>
        </select>
        <select id="worklist-designation" aria-label="designation"></select>
        <button type="button" id="worklist-csv">Export CSV</button>
      </form>
      <div id="worklist" class="holders"></div>
    </section>
    <section class="panel" id="feed-panel">
      <h2>Live designation events</h2>
      <p class="muted small" id="feed-empty">Waiting for events on the designations topic…</p>
      <ol id="feed" class="feed"></ol>
    </section>
  </div>
  <section class="panel wide" id="partner-panel">
    <h2>Partner</h2>
    <form id="partner-form" class="partner-form" autocomplete="off">
      <label for="partner-id">Partner id</label>
      <input id="partner-id" list="partner-ids" required maxlength="64" placeholder="e.g. contoso">
      <datalist id="partner-ids"></datalist>
      <label for="as-of">as of</label>
      <input id="as-of" type="date">
      <button type="submit">Show scores</button>
      <span class="quick">
        <button type="button" data-shift="0">now</button>
        <button type="button" data-shift="1">+1 mo</button>
        <button type="button" data-shift="3">+3 mo</button>
        <button type="button" data-shift="6">+6 mo</button>
      </span>
    </form>
    <div id="partner"><p class="muted">Pick a partner (type an id, or click one in the feed or a holder list) to see its scores, what each metric is missing, and what a later date would bring.</p></div>
  </section>
</main>
</body>
</html>
`;
