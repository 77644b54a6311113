/*
 * GET /dashboard/chart.js: the dashboard's charting, hand-written SVG (no library, nothing from
 * the internet). One function, `capscoreChart.scoreHistory(months, events, threshold, maxScore)`:
 * a score-over-time line per month, the threshold as a dashed line, qualified months as filled
 * dots, and each designation event as a marker at its instant (title = type and date).
 */
'use strict';
(function () {
  var NS = 'http://www.w3.org/2000/svg';
  var W = 560,
    H = 180,
    L = 34,
    R = 10,
    T = 10,
    B = 26;

  function el(tag, attrs, text) {
    var e = document.createElementNS(NS, tag);
    Object.keys(attrs || {}).forEach(function (k) {
      e.setAttribute(k, String(attrs[k]));
    });
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function monthIndex(key) {
    return Number(key.slice(0, 4)) * 12 + Number(key.slice(5, 7)) - 1;
  }
  function fractionalMonth(iso) {
    var d = new Date(iso);
    var start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    var end = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    return d.getUTCFullYear() * 12 + d.getUTCMonth() + (d.getTime() - start) / (end - start);
  }

  /** months: [{ month: 'YYYY-MM', score, qualified }], events: [{ type, at, score }]. */
  function scoreHistory(months, events, threshold, maxScore) {
    var svg = el('svg', { viewBox: '0 0 ' + W + ' ' + H, class: 'history-chart', role: 'img' });
    if (!months.length) return svg;
    var first = monthIndex(months[0].month);
    var last = monthIndex(months[months.length - 1].month) + 1;
    var top = Math.max(maxScore || 100, threshold);
    function x(m) {
      return L + ((W - L - R) * (m - first)) / Math.max(1, last - first);
    }
    function y(v) {
      return T + (H - T - B) * (1 - Math.min(v, top) / top);
    }
    [0, threshold, top].forEach(function (v) {
      svg.appendChild(el('text', { x: L - 4, y: y(v) + 4, class: 'axis', 'text-anchor': 'end' }, String(v)));
    });
    svg.appendChild(el('line', { x1: L, x2: W - R, y1: y(0), y2: y(0), class: 'axis-line' }));
    svg.appendChild(
      el('line', {
        x1: L,
        x2: W - R,
        y1: y(threshold),
        y2: y(threshold),
        class: 'threshold-line',
        'data-threshold': threshold,
      }),
    );
    // A month's value holds from its start to the next month's: a step line.
    var d = '';
    months.forEach(function (m, i) {
      var m0 = monthIndex(m.month);
      d +=
        (i === 0 ? 'M' : 'L') +
        x(m0).toFixed(1) +
        ' ' +
        y(m.score).toFixed(1) +
        ' L' +
        x(m0 + 1).toFixed(1) +
        ' ' +
        y(m.score).toFixed(1) +
        ' ';
    });
    svg.appendChild(el('path', { d: d.trim(), class: 'score-line' }));
    months.forEach(function (m) {
      var c = el('circle', {
        cx: x(monthIndex(m.month) + 0.5),
        cy: y(m.score),
        r: 3,
        class: 'month-dot' + (m.qualified ? ' qualified' : ''),
        'data-month': m.month,
        'data-score': m.score,
      });
      c.appendChild(el('title', {}, m.month + ': ' + m.score + (m.qualified ? ' (qualifies)' : '')));
      svg.appendChild(c);
    });
    events.forEach(function (e) {
      var at = Math.max(first, Math.min(last, fractionalMonth(e.at)));
      var type = e.type.replace('designation.', '');
      var g = el('g', { class: 'event-marker ' + type, 'data-type': e.type, 'data-at': e.at });
      g.appendChild(el('line', { x1: x(at), x2: x(at), y1: T, y2: H - B, class: 'event-line' }));
      g.appendChild(el('path', { d: 'M' + x(at) + ' ' + (T - 1) + ' l5 8 l-10 0 z', class: 'event-flag' }));
      g.appendChild(el('title', {}, type + ' ' + e.at.slice(0, 10) + ' (score ' + e.score + ')'));
      svg.appendChild(g);
    });
    svg.appendChild(el('text', { x: L, y: H - 6, class: 'axis' }, months[0].month));
    svg.appendChild(
      el(
        'text',
        { x: W - R, y: H - 6, class: 'axis', 'text-anchor': 'end' },
        months[months.length - 1].month,
      ),
    );
    return svg;
  }

  window.capscoreChart = { scoreHistory: scoreHistory };
})();
