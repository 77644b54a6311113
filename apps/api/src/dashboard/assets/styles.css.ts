/** GET /dashboard/app.css */
export const STYLES_CSS = `
:root {
  --bg: #f5f6f8; --panel: #fff; --ink: #1d232b; --muted: #68717d; --line: #e2e5ea;
  --performance: #3867d6; --skilling: #20a86b; --customerSuccess: #e58e26;
  --ok: #1f8f4e; --warn: #c77700; --bad: #c23b3b; --info: #3867d6;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif;
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink); }
h1 { font-size: 18px; margin: 0; letter-spacing: .02em; }
h2 { font-size: 15px; margin: 0 0 10px; }
h3 { font-size: 14px; margin: 0; }
button { font: inherit; padding: 4px 10px; border: 1px solid #c6ccd4; border-radius: 6px; background: #fff; cursor: pointer; }
button:hover { background: #eef1f5; }
input { font: inherit; padding: 4px 8px; border: 1px solid #c6ccd4; border-radius: 6px; }
a, .link { color: var(--info); cursor: pointer; text-decoration: none; background: none; border: 0; padding: 0; }
a:hover, .link:hover { text-decoration: underline; background: none; }
.muted { color: var(--muted); }
.small { font-size: 12px; }
.top { display: flex; align-items: center; gap: 16px; padding: 10px 18px; background: #1d232b; color: #fff; flex-wrap: wrap; }
.top .muted { color: #aab3bf; }
.key { margin-left: auto; display: flex; gap: 6px; align-items: center; }
.key input { width: 190px; }
.pill { border-radius: 999px; padding: 2px 10px; font-size: 12px; background: #5b6470; color: #fff; }
.pill[data-live="true"] { background: var(--ok); }
.pill[data-live="true"]::before { content: "\\25CF  "; }
.banner { margin: 10px 18px 0; padding: 8px 12px; border-radius: 6px; background: #fdecea; color: #8a1f1f; border: 1px solid #f3c4c0; }
main { display: grid; grid-template-columns: minmax(300px, 380px) 1fr; gap: 14px; padding: 14px 18px; align-items: start; }
.side { display: grid; gap: 14px; }
.panel { background: var(--panel); border: 1px solid var(--line); border-radius: 10px; padding: 14px; min-width: 0; }
.designations { list-style: none; margin: 0; padding: 0; }
.designations li { display: flex; justify-content: space-between; padding: 5px 0; border-bottom: 1px solid var(--line); }
.designations li:last-child { border-bottom: 0; }
.count { font-variant-numeric: tabular-nums; color: var(--muted); }
.holders { margin-top: 8px; font-size: 13px; }
.chips { display: flex; flex-wrap: wrap; gap: 4px; margin-top: 4px; }
.chip { border: 1px solid var(--line); border-radius: 999px; padding: 1px 8px; background: #f7f8fa; }
.feed { list-style: none; margin: 0; padding: 0; max-height: 420px; overflow: auto; }
.feed li { padding: 6px 0; border-bottom: 1px solid var(--line); display: grid; grid-template-columns: auto 1fr auto; gap: 2px 8px; align-items: baseline; }
.feed .when { grid-column: 1 / -1; font-size: 12px; color: var(--muted); }
.badge { font-size: 11px; font-weight: 600; border-radius: 4px; padding: 1px 6px; color: #fff; text-transform: uppercase; letter-spacing: .03em; white-space: nowrap; }
.badge.granted, .badge.qualified, .badge.held { background: var(--ok); }
.badge.renewed { background: var(--info); }
.badge.at-risk { background: var(--warn); }
.badge.lost, .badge.not-qualified { background: var(--bad); }
.badge.neutral { background: #8c95a1; }
.partner-form { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; margin-bottom: 12px; }
.quick { display: inline-flex; gap: 4px; }
.summary { display: flex; gap: 14px; flex-wrap: wrap; align-items: baseline; margin-bottom: 10px; }
.note { background: #fff7e6; border: 1px solid #f1d9a6; border-radius: 6px; padding: 6px 10px; margin-bottom: 10px; font-size: 13px; }
.designation { border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; margin-bottom: 10px; }
.designation header { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; margin-bottom: 6px; }
.designation .score { margin-left: auto; font-size: 18px; font-weight: 600; font-variant-numeric: tabular-nums; }
.bar { position: relative; height: 18px; border-radius: 5px; background: #e9ecf0; overflow: hidden; display: flex; }
.bar .seg { height: 100%; }
.seg.performance { background: var(--performance); }
.seg.skilling { background: var(--skilling); }
.seg.customerSuccess { background: var(--customerSuccess); }
.bar .threshold { position: absolute; top: -2px; bottom: -2px; width: 2px; background: #1d232b; }
.legend { display: flex; gap: 14px; flex-wrap: wrap; font-size: 12px; margin: 5px 0 4px; color: var(--muted); }
.legend .dot { display: inline-block; width: 9px; height: 9px; border-radius: 2px; margin-right: 4px; }
.dot.performance { background: var(--performance); }
.dot.skilling { background: var(--skilling); }
.dot.customerSuccess { background: var(--customerSuccess); }
details summary { cursor: pointer; font-size: 12px; color: var(--muted); margin-top: 4px; }
table.metrics { width: 100%; border-collapse: collapse; font-size: 12.5px; margin-top: 6px; }
table.metrics th { text-align: left; font-weight: 600; color: var(--muted); border-bottom: 1px solid var(--line); padding: 3px 6px; }
table.metrics td { border-bottom: 1px solid #f0f2f5; padding: 3px 6px; vertical-align: top; }
table.metrics td.num { font-variant-numeric: tabular-nums; white-space: nowrap; }
.mini { display: inline-block; width: 60px; height: 7px; border-radius: 3px; background: #e9ecf0; margin-right: 6px; vertical-align: middle; overflow: hidden; }
.mini span { display: block; height: 100%; }
.missing { color: #8a4b00; }
.full { color: var(--ok); }
.projected { margin: 0 0 10px; padding-left: 18px; font-size: 13px; }
@media (max-width: 900px) { main { grid-template-columns: 1fr; } }
.history figure { margin: 8px 0; }
.history figcaption { font-size: 12px; color: #555; }
.history-chart { width: 100%; max-width: 560px; height: auto; background: #fafafa; border: 1px solid #eee; }
.history-chart .axis { font-size: 10px; fill: #777; }
.history-chart .axis-line { stroke: #ccc; }
.history-chart .threshold-line { stroke: #c0392b; stroke-dasharray: 4 3; }
.history-chart .score-line { fill: none; stroke: #2c7be5; stroke-width: 2; }
.history-chart .month-dot { fill: #fff; stroke: #2c7be5; }
.history-chart .month-dot.qualified { fill: #2c7be5; }
.history-chart .event-line { stroke: #999; stroke-dasharray: 2 2; }
.history-chart .granted .event-flag, .history-chart .renewed .event-flag { fill: #27ae60; }
.history-chart .at-risk .event-flag { fill: #e67e22; }
.history-chart .lost .event-flag { fill: #c0392b; }
.worklist th button { font-weight: 600; }
.worklist { font-size: 12px; }
.worklist td { overflow-wrap: anywhere; }
`;
