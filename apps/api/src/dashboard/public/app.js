/*
 * GET /dashboard/app.js: the dashboard's script (plain ES2020 for the browser, no framework).
 * Everything it shows comes from the documented api: /v1/designations, /v1/partners (prefix
 * search), /v1/partners/{id}/scores and /history, /v1/worklists/*, /v1/admin/clock and the SSE
 * stream /v1/events/designations; charts come from chart.js, the worklist panel from
 * worklists.js (both loaded before this file). Text is set with textContent only (partner ids
 * come from upstream events), never innerHTML.
 */
'use strict';
(function () {
  var KEY_STORAGE = 'capscore.apiKey';
  var CATEGORY_NAMES = {
    performance: 'Performance',
    skilling: 'Skilling',
    customerSuccess: 'Customer success',
  };
  var CATEGORIES = ['performance', 'skilling', 'customerSuccess'];
  var state = {
    key: localStorage.getItem(KEY_STORAGE) || '',
    names: {},
    threshold: 70,
    now: null,
    source: null,
    feedCount: 0,
  };

  function $(id) {
    return document.getElementById(id);
  }
  function h(tag, attrs) {
    var el = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        var v = attrs[k];
        if (v === undefined || v === null || v === false) return;
        if (k === 'text') el.textContent = String(v);
        else if (k === 'className') el.className = v;
        else if (k === 'onclick') el.addEventListener('click', v);
        else if (k === 'width') el.style.width = v;
        else if (k === 'left') el.style.left = v;
        else el.setAttribute(k, String(v));
      });
    }
    for (var i = 2; i < arguments.length; i++) {
      var c = arguments[i];
      if (c === null || c === undefined || c === false) continue;
      el.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
    }
    return el;
  }
  function clear(el) {
    while (el.firstChild) el.removeChild(el.firstChild);
    return el;
  }
  function fmt(n) {
    return (Math.round(n * 100) / 100).toString();
  }
  function day(iso) {
    return iso ? iso.slice(0, 10) : '—';
  }
  function when(iso) {
    return iso ? iso.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC') : '—';
  }
  function shortType(type) {
    return type.replace('designation.', '');
  }
  function nameOf(id) {
    return state.names[id] || id;
  }

  function banner(text) {
    var b = $('banner');
    b.textContent = text || '';
    b.hidden = !text;
  }

  function api(path, accept) {
    var headers = { accept: accept || 'application/json' };
    if (state.key) headers['x-api-key'] = state.key;
    return fetch(path, { headers: headers }).then(function (res) {
      var read =
        accept === 'text/csv' && res.ok
          ? res.text()
          : res.json().catch(function () {
              return {};
            });
      return read.then(function (body) {
        if (res.status === 401) banner('The api needs an API key: enter it at the top right.');
        if (!res.ok) {
          var err = new Error(body && body.detail ? body.detail : 'HTTP ' + res.status);
          err.status = res.status;
          throw err;
        }
        return body;
      });
    });
  }

  // ---- designations overview -------------------------------------------------------------
  function loadDesignations() {
    return api('/v1/designations').then(function (body) {
      state.threshold = body.threshold;
      $('program').textContent =
        body.programId + ' ' + body.programVersion + ' · threshold ' + body.threshold;
      var list = clear($('designations'));
      body.designations.forEach(function (d) {
        state.names[d.designationId] = d.name;
        list.appendChild(
          h(
            'li',
            { 'data-designation': d.designationId },
            h('button', {
              className: 'link',
              type: 'button',
              text: d.name,
              onclick: function () {
                showHolders(d.designationId);
              },
            }),
            h('span', { className: 'count', text: d.holders + (d.holders === 1 ? ' holder' : ' holders') }),
          ),
        );
      });
    });
  }

  function showHolders(designationId) {
    api('/v1/designations/' + encodeURIComponent(designationId) + '/partners?limit=100')
      .then(function (body) {
        var box = clear($('holders'));
        box.appendChild(
          h('div', {
            className: 'muted',
            text:
              nameOf(designationId) +
              ': ' +
              body.total +
              ' holder(s)' +
              (body.total > body.partners.length ? ', first ' + body.partners.length : ''),
          }),
        );
        var chips = h('div', { className: 'chips' });
        body.partners.forEach(function (p) {
          chips.appendChild(
            h('button', {
              className: 'chip link',
              type: 'button',
              text: p.partnerId,
              onclick: function () {
                openPartner(p.partnerId, null);
              },
            }),
          );
        });
        box.appendChild(chips);
      })
      .catch(function (e) {
        banner(e.message);
      });
  }

  // Suggestions by id prefix over every partner (the api's prefix index), as the user types.
  var searchTimer = null;
  function searchPartners(prefix) {
    clearTimeout(searchTimer);
    if (!/^[A-Za-z0-9._:-]{1,64}$/.test(prefix)) return;
    searchTimer = setTimeout(function () {
      api('/v1/partners?limit=20&prefix=' + encodeURIComponent(prefix))
        .then(function (body) {
          var list = clear($('partner-ids'));
          body.partners.forEach(function (p) {
            list.appendChild(h('option', { value: p.partnerId }));
          });
        })
        .catch(function () {});
    }, 150);
  }

  function loadClock() {
    return api('/v1/admin/clock').then(function (body) {
      state.now = body.now;
      $('clock').textContent = 'now ' + when(body.now) + (body.fixed ? ' (fixed clock)' : '');
    });
  }

  // ---- partner view ----------------------------------------------------------------------
  function openPartner(partnerId, asOfDay) {
    $('partner-id').value = partnerId;
    $('as-of').value = asOfDay || '';
    var hash = '#partner=' + encodeURIComponent(partnerId) + (asOfDay ? '&asOf=' + asOfDay : '');
    if (location.hash !== hash) history.replaceState(null, '', hash);
    showPartner(partnerId, asOfDay);
  }

  function showPartner(partnerId, asOfDay) {
    var box = clear($('partner'));
    box.setAttribute('data-state', 'loading');
    box.appendChild(h('p', { className: 'muted', text: 'Loading ' + partnerId + '…' }));
    var q = asOfDay ? '?asOf=' + encodeURIComponent(asOfDay + 'T00:00:00Z') : '';
    api('/v1/partners/' + encodeURIComponent(partnerId) + '/scores' + q)
      .then(function (body) {
        renderPartner(body);
        return loadHistory(partnerId, body.threshold);
      })
      .catch(function (e) {
        clear(box).setAttribute('data-state', 'error');
        box.appendChild(
          h('p', {
            className: 'banner',
            text: e.status === 404 ? 'No events for partner ' + partnerId + ' yet.' : e.message,
          }),
        );
      });
  }

  function categoryPoints(metrics) {
    var sums = {};
    CATEGORIES.forEach(function (c) {
      sums[c] = { points: 0, max: 0 };
    });
    metrics.forEach(function (m) {
      var s = sums[m.category] || (sums[m.category] = { points: 0, max: 0 });
      s.points += m.points;
      s.max += m.maxPoints;
    });
    return sums;
  }

  function designationCard(d, threshold) {
    var total =
      d.metrics.reduce(function (a, m) {
        return a + m.maxPoints;
      }, 0) || 100;
    var sums = categoryPoints(d.metrics);
    var bar = h('div', {
      className: 'bar',
      role: 'img',
      'aria-label':
        nameOf(d.designationId) + ' ' + fmt(d.score) + ' of ' + total + ', threshold ' + threshold,
    });
    CATEGORIES.forEach(function (c) {
      if (sums[c].max === 0) return;
      bar.appendChild(
        h('div', {
          className: 'seg ' + c,
          width: (100 * sums[c].points) / total + '%',
          title: CATEGORY_NAMES[c] + ' ' + fmt(sums[c].points) + '/' + fmt(sums[c].max),
        }),
      );
    });
    bar.appendChild(
      h('div', {
        className: 'threshold',
        left: (100 * threshold) / total + '%',
        title: 'threshold ' + threshold,
      }),
    );
    var legend = h('div', { className: 'legend' });
    CATEGORIES.forEach(function (c) {
      if (sums[c].max === 0) return;
      legend.appendChild(
        h(
          'span',
          null,
          h('span', { className: 'dot ' + c }),
          CATEGORY_NAMES[c] + ' ' + fmt(sums[c].points) + ' / ' + fmt(sums[c].max),
        ),
      );
    });
    var l = d.lifecycle;
    var badges = [
      h('span', {
        className: 'badge ' + (d.qualified ? 'qualified' : 'not-qualified'),
        text: d.qualified ? 'qualifies' : 'does not qualify',
      }),
      l.held ? h('span', { className: 'badge held', text: 'held' }) : null,
      l.atRisk ? h('span', { className: 'badge at-risk', text: 'at risk' }) : null,
    ];
    var rows = d.metrics.map(function (m) {
      var pct = m.maxPoints > 0 ? (100 * m.points) / m.maxPoints : 0;
      return h(
        'tr',
        { 'data-metric': m.id },
        h('td', null, m.id),
        h(
          'td',
          null,
          h('span', { className: 'dot ' + m.category }),
          CATEGORY_NAMES[m.category] || m.category,
        ),
        h(
          'td',
          { className: 'num' },
          h('span', { className: 'mini' }, h('span', { className: 'seg ' + m.category, width: pct + '%' })),
          fmt(m.points) + ' / ' + fmt(m.maxPoints),
        ),
        h('td', { className: 'num', text: fmt(m.value) }),
        h('td', {
          className: m.missing.length ? 'missing' : 'full',
          text: m.missing.length ? m.missing.join('; ') : 'full points',
        }),
      );
    });
    var table = h(
      'table',
      { className: 'metrics' },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', { text: 'metric' }),
          h('th', { text: 'category' }),
          h('th', { text: 'points' }),
          h('th', { text: 'value' }),
          h('th', { text: 'missing for full points' }),
        ),
      ),
      h('tbody'),
    );
    rows.forEach(function (r) {
      table.tBodies[0].appendChild(r);
    });
    var details = h(
      'details',
      { open: d.qualified || l.held || d.score > 0 ? 'open' : false },
      h('summary', { text: 'metrics of the ' + d.track + ' track' }),
      table,
    );
    return h(
      'article',
      { className: 'designation', 'data-designation': d.designationId, 'data-score': d.score },
      h(
        'header',
        null,
        h('h3', { text: nameOf(d.designationId) }),
        h('span', { className: 'muted small', text: d.track + ' track' }),
        badges[0],
        badges[1],
        badges[2],
        h('span', { className: 'score', text: fmt(d.score) }),
      ),
      bar,
      legend,
      h('div', {
        className: 'muted small',
        text: l.held ? 'granted ' + day(l.grantedAt) + ' · anniversary ' + day(l.anniversary) : 'not held',
      }),
      details,
    );
  }

  function renderPartner(body) {
    var box = clear($('partner'));
    box.setAttribute('data-state', 'loaded');
    box.setAttribute('data-partner', body.partnerId);
    box.appendChild(
      h(
        'div',
        { className: 'summary' },
        h('h3', { text: body.partnerId }),
        h('span', { className: 'muted', text: 'as of ' + when(body.asOf) }),
        h('span', { className: 'muted small', text: body.programId + ' ' + body.programVersion }),
      ),
    );
    if (body.partialHistory) {
      box.appendChild(
        h('div', {
          className: 'note',
          text: 'Scored on the retained months only: the year-ago windows of this date reach before the kept history.',
        }),
      );
    }
    if (body.projectedTransitions.length) {
      box.appendChild(
        h('div', { className: 'muted small', text: 'Projected by this date without further events:' }),
      );
      var ul = h('ul', { className: 'projected' });
      body.projectedTransitions.forEach(function (t) {
        ul.appendChild(
          h(
            'li',
            null,
            h('span', { className: 'badge ' + shortType(t.type), text: shortType(t.type) }),
            ' ' + nameOf(t.designationId) + ' on ' + day(t.at) + ' (' + t.cause + ')',
          ),
        );
      });
      box.appendChild(ul);
    }
    var sorted = body.designations.slice().sort(function (a, b) {
      return Number(b.lifecycle.held) - Number(a.lifecycle.held) || b.score - a.score;
    });
    sorted.forEach(function (d) {
      box.appendChild(designationCard(d, body.threshold));
    });
  }

  // ---- history ---------------------------------------------------------------------------
  function loadHistory(partnerId, threshold) {
    return api('/v1/partners/' + encodeURIComponent(partnerId) + '/history')
      .then(function (body) {
        var section = h(
          'section',
          { className: 'history', id: 'history' },
          h('h3', { text: 'Score history (monthly, last 24 months)' }),
        );
        var shown = 0;
        body.designations.forEach(function (d) {
          if (!d.months.length && !d.events.length) return;
          shown++;
          var chart = window.capscoreChart.scoreHistory(d.months, d.events, threshold, 100);
          chart.setAttribute('data-history', d.designationId);
          chart.setAttribute(
            'aria-label',
            nameOf(d.designationId) + ' score by month, threshold ' + threshold,
          );
          section.appendChild(
            h(
              'figure',
              { 'data-designation': d.designationId },
              h('figcaption', { text: nameOf(d.designationId) + ' · ' + d.events.length + ' event(s)' }),
              chart,
            ),
          );
        });
        if (!shown) section.appendChild(h('p', { className: 'muted', text: 'No score recorded yet.' }));
        var box = $('partner');
        var old = $('history');
        if (old) old.remove();
        // Above the designation cards: the trend first, the detail of today below it.
        if (box.getAttribute('data-partner') === partnerId) {
          box.insertBefore(section, box.querySelector('article.designation'));
        }
      })
      .catch(function () {});
  }

  // ---- worklists (worklists.js) ----------------------------------------------------------
  var worklists = window.capscoreWorklists({
    $: $,
    h: h,
    api: api,
    banner: banner,
    state: state,
    openPartner: openPartner,
    day: day,
    fmt: fmt,
    clear: clear,
  });

  // ---- live feed -------------------------------------------------------------------------
  function setLive(live, text) {
    var s = $('feed-status');
    s.setAttribute('data-live', live ? 'true' : 'false');
    s.textContent = text;
  }

  function addFeedItem(e) {
    var feed = $('feed');
    if (feed.querySelector('[data-event-id="' + CSS.escape(e.eventId) + '"]')) return;
    $('feed-empty').hidden = true;
    var t = shortType(e.type);
    var li = h(
      'li',
      {
        'data-event-id': e.eventId,
        'data-partner': e.partnerId,
        'data-type': e.type,
        'data-designation': e.designationId,
      },
      h('span', { className: 'badge ' + t, text: t }),
      h(
        'span',
        null,
        h('button', {
          className: 'link',
          type: 'button',
          text: e.partnerId,
          onclick: function () {
            openPartner(e.partnerId, null);
          },
        }),
        ' · ' + nameOf(e.designationId),
      ),
      h('span', { className: 'muted small', text: 'score ' + fmt(e.data.score) }),
      h('span', {
        className: 'when',
        text:
          when(e.occurredAt) +
          ' · cause ' +
          e.data.cause.kind +
          (e.data.anniversary ? ' · anniversary ' + day(e.data.anniversary) : ''),
      }),
    );
    feed.insertBefore(li, feed.firstChild);
    while (feed.children.length > 200) feed.removeChild(feed.lastChild);
    if (e.type === 'designation.granted' || e.type === 'designation.lost') {
      loadDesignations().catch(function () {});
    }
  }

  function connectFeed() {
    if (state.source) state.source.close();
    setLive(false, 'connecting');
    var url = '/v1/events/designations' + (state.key ? '?key=' + encodeURIComponent(state.key) : '');
    var source = new EventSource(url);
    state.source = source;
    source.addEventListener('status', function (m) {
      var s = JSON.parse(m.data);
      setLive(s.live, s.live ? 'live' : 'feed starting');
    });
    source.addEventListener('designation', function (m) {
      addFeedItem(JSON.parse(m.data));
    });
    source.onerror = function () {
      // EventSource reconnects by itself (sending Last-Event-ID); a 401 closes it for good.
      setLive(false, source.readyState === EventSource.CLOSED ? 'offline' : 'reconnecting');
    };
  }

  // ---- wiring ----------------------------------------------------------------------------
  function addMonths(iso, n) {
    var d = new Date(iso);
    d.setUTCMonth(d.getUTCMonth() + n);
    return d.toISOString().slice(0, 10);
  }

  function fromHash() {
    var params = new URLSearchParams(location.hash.slice(1));
    var p = params.get('partner');
    if (p) openPartner(p, params.get('asOf'));
  }

  function loadAll() {
    banner('');
    return Promise.all([loadDesignations(), loadClock()])
      .then(worklists.load)
      .catch(function (e) {
        banner(e.message);
      });
  }

  document.addEventListener('DOMContentLoaded', function () {
    $('api-key').value = state.key;
    $('key-form').addEventListener('submit', function (ev) {
      ev.preventDefault();
      state.key = $('api-key').value.trim();
      if (state.key) localStorage.setItem(KEY_STORAGE, state.key);
      else localStorage.removeItem(KEY_STORAGE);
      loadAll();
      connectFeed();
      fromHash();
    });
    $('partner-id').addEventListener('input', function () {
      searchPartners($('partner-id').value.trim());
    });
    $('worklist-form').addEventListener('change', worklists.load);
    $('worklist-csv').addEventListener('click', worklists.exportCsv);
    $('partner-form').addEventListener('submit', function (ev) {
      ev.preventDefault();
      openPartner($('partner-id').value.trim(), $('as-of').value || null);
    });
    Array.prototype.forEach.call(document.querySelectorAll('[data-shift]'), function (b) {
      b.addEventListener('click', function () {
        var id = $('partner-id').value.trim();
        var n = Number(b.getAttribute('data-shift'));
        if (!id) return;
        loadClock()
          .catch(function () {})
          .then(function () {
            openPartner(id, n === 0 ? null : addMonths(state.now || new Date().toISOString(), n));
          });
      });
    });
    window.addEventListener('hashchange', fromHash);
    loadAll().then(fromHash);
    connectFeed();
  });
})();
