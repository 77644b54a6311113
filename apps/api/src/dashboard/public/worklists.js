/*
 * GET /dashboard/worklists.js: the dashboard's worklist panel (at-risk, near-miss, expiring
 * certifications): sortable columns, partner links and the CSV export of /v1/worklists/*.
 * Loaded before app.js, which calls capscoreWorklists(ui) with its helpers ($, h, api, banner,
 * state, openPartner, day, fmt, clear) and gets back { load, exportCsv }.
 */
'use strict';
(function () {
  window.capscoreWorklists = function (ui) {
    var $ = ui.$,
      h = ui.h,
      api = ui.api,
      banner = ui.banner,
      state = ui.state,
      openPartner = ui.openPartner,
      day = ui.day,
      fmt = ui.fmt,
      clear = ui.clear;
    var COLUMNS = {
      'at-risk': [
        ['partnerId', 'partner'],
        ['score', 'score'],
        ['anniversary', 'anniversary'],
        ['daysLeft', 'days left'],
      ],
      'near-miss': [
        ['partnerId', 'partner'],
        ['score', 'score'],
        ['pointsShort', 'points short'],
        ['track', 'track'],
        ['zeroMetrics', 'metrics at 0'],
      ],
      'expiring-certifications': [
        ['partnerId', 'partner'],
        ['nextExpiry', 'next expiry'],
        ['pointsLost', 'points lost'],
        ['scoreAfter', 'score after'],
        ['losesQualification', 'loses qualification'],
      ],
    };
    var worklist = { rows: [], sort: null, desc: false };

    function worklistPath(format) {
      var list = $('worklist-list').value;
      var limit = list === 'expiring-certifications' ? '100&within=30d' : '500';
      return (
        '/v1/worklists/' +
        list +
        '?limit=' +
        limit +
        '&designation=' +
        encodeURIComponent($('worklist-designation').value) +
        (format ? '&format=' + format : '')
      );
    }

    function loadWorklist() {
      var select = $('worklist-designation');
      if (!select.options.length) {
        Object.keys(state.names).forEach(function (id) {
          select.appendChild(h('option', { value: id, text: state.names[id] }));
        });
      }
      if (!select.value) return;
      api(worklistPath())
        .then(function (body) {
          // The expiring list has a row per partner and designation: flatten to the one designation asked for.
          worklist.rows =
            $('worklist-list').value !== 'expiring-certifications'
              ? body.partners
              : body.partners.map(function (p) {
                  var d = p.designations[0];
                  return {
                    partnerId: p.partnerId,
                    nextExpiry: p.nextExpiry,
                    pointsLost: d.pointsLost,
                    scoreAfter: d.scoreAfter,
                    losesQualification: d.qualifiedNow && !d.qualifiedAfter ? 'yes' : 'no',
                  };
                });
          worklist.sort = null;
          renderWorklist();
        })
        .catch(function (e) {
          banner(e.message);
        });
    }

    function cellText(row, key) {
      var v = row[key];
      if (key === 'anniversary' || key === 'nextExpiry') return day(v);
      if (Array.isArray(v)) return v.join(', ') || '—';
      return typeof v === 'number' ? fmt(v) : String(v);
    }

    function renderWorklist() {
      var list = $('worklist-list').value;
      var cols = COLUMNS[list];
      var rows = worklist.rows.slice();
      if (worklist.sort) {
        var k = worklist.sort;
        rows.sort(function (a, b) {
          var x = a[k],
            y = b[k];
          var c = typeof x === 'number' ? x - y : String(x).localeCompare(String(y));
          return worklist.desc ? -c : c;
        });
      }
      var table = h('table', {
        className: 'metrics worklist',
        'data-list': list,
        'data-sort': worklist.sort || '',
      });
      var head = h('tr');
      cols.forEach(function (c) {
        var mark = worklist.sort === c[0] ? (worklist.desc ? ' ▼' : ' ▲') : '';
        head.appendChild(
          h(
            'th',
            null,
            h('button', {
              className: 'link',
              type: 'button',
              'data-sort-key': c[0],
              text: c[1] + mark,
              onclick: function () {
                worklist.desc = worklist.sort === c[0] ? !worklist.desc : false;
                worklist.sort = c[0];
                renderWorklist();
              },
            }),
          ),
        );
      });
      table.appendChild(h('thead', null, head));
      var body = h('tbody');
      rows.forEach(function (r) {
        var tr = h('tr', { 'data-partner': r.partnerId });
        cols.forEach(function (c) {
          tr.appendChild(
            h(
              'td',
              { className: c[0] === 'partnerId' ? '' : 'num' },
              c[0] === 'partnerId'
                ? h('button', {
                    className: 'link',
                    type: 'button',
                    text: r.partnerId,
                    onclick: function () {
                      openPartner(r.partnerId, null);
                    },
                  })
                : cellText(r, c[0]),
            ),
          );
        });
        body.appendChild(tr);
      });
      table.appendChild(body);
      var box = clear($('worklist'));
      box.appendChild(h('div', { className: 'muted small', text: rows.length + ' partner(s)' }));
      box.appendChild(table);
    }

    function exportWorklist() {
      api(worklistPath(), 'text/csv')
        .then(function (text) {
          var a = h('a', {
            href: URL.createObjectURL(new Blob([text], { type: 'text/csv' })),
            download: $('worklist-list').value + '-' + $('worklist-designation').value + '.csv',
          });
          document.body.appendChild(a);
          a.click();
          a.remove();
        })
        .catch(function (e) {
          banner(e.message);
        });
    }

    return { load: loadWorklist, exportCsv: exportWorklist };
  };
})();
