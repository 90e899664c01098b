// Taleweaver cache dashboard. Plain browser JavaScript, no build step and no third-party code: the page must run
// offline and under a Content-Security-Policy that allows same-origin scripts only.
'use strict';

(() => {
  const STATS_URL = '/admin/cache/stats';
  const ANALYTICS_URL = '/admin/cache/analytics';
  const HOT_KEYS_SHOWN = 10;
  const POLL_MS = 3000;
  const WINDOW_MS = 5 * 60 * 1000;
  const HIT_RATE_TARGET = 0.8; // the spec's target for heroes; a miss rate under 20 % generally
  const SAVED_TARGET_MS = 50; // the spec's "> 50 ms savings" per hit
  const POOL_WARN = 0.8; // the spec: connection pool usage < 80 %
  const ENTITIES = ['hero', 'child', 'story'];

  const $ = (id) => document.getElementById(id);

  // The token lives only in this closure: not in storage, not in the URL, not in the DOM after connecting.
  let token = null;
  let session = 0; // bumped on every Connect so a slow answer from an old session is ignored
  let timer = null;
  const samples = []; // {t, rates: {hero: number|null, ...}} over the last WINDOW_MS

  function setStatus(text, kind) {
    const status = $('status');
    status.textContent = text;
    status.className = 'status status-' + kind;
  }

  function connect(event) {
    event.preventDefault();
    const input = $('token');
    const value = input.value.trim();
    if (!value) {
      setStatus('Enter the admin token first.', 'error');
      input.focus();
      return;
    }
    token = value;
    input.value = '';
    session += 1;
    clearTimeout(timer);
    samples.length = 0;
    drawChart();
    setStatus('Connecting…', 'idle');
    poll(session);
  }

  async function poll(mySession) {
    let response;
    try {
      response = await fetch(STATS_URL, {
        headers: {Authorization: 'Bearer ' + token, Accept: 'application/json'},
        cache: 'no-store',
        credentials: 'omit',
      });
    } catch (networkError) {
      if (mySession !== session) return;
      setStatus('Cannot reach the server (network error). Retrying every 3 s…', 'error');
      timer = setTimeout(() => poll(mySession), POLL_MS);
      return;
    }
    if (mySession !== session) return;
    if (response.status === 401) {
      token = null;
      setStatus('Wrong admin token (401 Unauthorized): the server refused it. Enter the right token and press Connect.',
        'error');
      return;
    }
    if (response.status === 404) {
      token = null;
      setStatus('Admin endpoints are disabled on this server (404): start it with ADMIN_TOKEN set.', 'error');
      return;
    }
    if (response.ok) {
      pollAnalytics(mySession); // not awaited: the figures above never wait for the analytics
      try {
        render(await response.json());
        setStatus('Connected · refreshing every 3 s', 'ok');
      } catch (badBody) {
        setStatus('The server sent statistics this page cannot read. Retrying every 3 s…', 'warn');
      }
    } else {
      setStatus('The server answered ' + response.status + '. Retrying every 3 s…', 'warn');
    }
    timer = setTimeout(() => poll(mySession), POLL_MS);
  }

  async function pollAnalytics(mySession) {
    try {
      const response = await fetch(ANALYTICS_URL, {
        headers: {Authorization: 'Bearer ' + token, Accept: 'application/json'},
        cache: 'no-store',
        credentials: 'omit',
      });
      if (mySession !== session) return;
      if (!response.ok) {
        $('analytics-status').textContent = 'Analytics unavailable (' + response.status + ')';
        return;
      }
      renderAnalytics(await response.json());
    } catch (failure) {
      // the statistics poll reports a lost server; the last analytics stay on screen
    }
  }

  // ---- rendering ----------------------------------------------------------------------------------------------

  function render(report) {
    const badge = $('circuit-state');
    const state = String(report.circuit_state || 'UNKNOWN');
    badge.textContent = state.replace('_', ' ');
    badge.className = 'badge badge-' + state.toLowerCase();
    $('cache-enabled').textContent = report.enabled ? 'Cache enabled' : 'Cache disabled (REDIS_ENABLED=false)';

    const server = report.server || {};
    $('used-memory').textContent = bytes(server.used_memory_bytes);
    $('evicted-keys').textContent = count(server.evicted_keys);
    renderPool(server);

    let keys = 0;
    const rates = {};
    for (const type of ENTITIES) {
      const stats = (report.entities || {})[type];
      rates[type] = stats ? windowRate(stats.last_minute) : null;
      if (stats) keys += Math.max(0, stats.key_count);
      renderEntity(type, stats);
    }
    $('keys-total').textContent = count(keys);

    const now = Date.now();
    samples.push({t: now, rates});
    while (samples.length && samples[0].t < now - WINDOW_MS) samples.shift();
    drawChart();
    $('updated').textContent = new Date(now).toLocaleTimeString();
  }

  function renderEntity(type, stats) {
    if (!stats) {
      for (const id of ['hit-rate', 'hit-rate-last-minute', 'reads', 'mean-hit', 'mean-miss', 'saved', 'keys']) {
        $(id + '-' + type).textContent = '–';
      }
      return;
    }
    rated($('hit-rate-' + type), stats.since_start);
    rated($('hit-rate-last-minute-' + type), stats.last_minute);
    $('reads-' + type).textContent = count(stats.since_start.hits) + ' / ' + count(stats.since_start.misses);
    $('mean-hit-' + type).textContent = millis(stats.mean_hit_millis);
    $('mean-miss-' + type).textContent = millis(stats.mean_miss_millis);
    const saved = $('saved-' + type);
    saved.textContent = millis(stats.latency_saved_per_hit_millis);
    saved.className = stats.latency_saved_per_hit_millis <= 0 ? ''
      : stats.latency_saved_per_hit_millis >= SAVED_TARGET_MS ? 'good' : 'below';
    $('keys-' + type).textContent = count(stats.key_count);
  }

  function renderAnalytics(report) {
    if (!report.enabled) {
      $('analytics-status').textContent = 'Analytics off (CACHE_ANALYTICS=false, or the cache is disabled)';
    } else {
      $('analytics-status').textContent = 'Since start: ' + report.minutes.toFixed(1) + ' min · one read in '
        + report.sample_every + ' sampled';
    }
    const entities = {};
    for (const entity of report.entities || []) entities[entity.entity_type] = entity;
    for (const type of ENTITIES) renderAdvice(type, entities[type]);
    const list = $('hot-keys');
    list.replaceChildren();
    const hot = (report.hot_keys || []).slice(0, HOT_KEYS_SHOWN);
    for (const key of hot) {
      const item = document.createElement('li');
      const name = document.createElement('code');
      name.textContent = key.key; // text, never markup: a key comes from the cache
      item.append(name, ' · ' + count(key.estimated_reads) + ' reads');
      list.append(item);
    }
    if (!hot.length) {
      const none = document.createElement('li');
      none.className = 'hint';
      none.textContent = 'none yet';
      list.append(none);
    }
  }

  const VERDICTS = {KEEP: 'keep', SHORTEN: '↓ shorten', LENGTHEN: '↑ lengthen', NOT_ENOUGH_DATA: 'not enough data'};

  function renderAdvice(type, entity) {
    const cells = ['ttl-now', 'ttl-advice', 'ttl-hit-rate', 'ttl-memory', 'expired-unread', 'lifetime'];
    if (!entity) {
      for (const id of cells) $(id + '-' + type).textContent = '–';
      return;
    }
    const advice = entity.ttl_advice;
    $('ttl-now-' + type).textContent = seconds(advice.current_ttl_seconds);
    const cell = $('ttl-advice-' + type);
    cell.textContent = seconds(advice.advised_ttl_seconds) + ' · ' + (VERDICTS[advice.verdict] || advice.verdict);
    cell.title = advice.reasoning;
    cell.className = advice.verdict === 'SHORTEN' || advice.verdict === 'LENGTHEN' ? 'below' : '';
    $('ttl-hit-rate-' + type).textContent = advice.verdict === 'NOT_ENOUGH_DATA' ? '–'
      : percent(advice.advised_hit_rate) + ' (' + percent(advice.best_hit_rate) + ')';
    $('ttl-memory-' + type).textContent = advice.verdict === 'NOT_ENOUGH_DATA' ? '–'
      : (advice.relative_memory * 100).toFixed(0) + ' %';
    const unread = $('expired-unread-' + type);
    unread.textContent = entity.expired > 0 ? percent(entity.expired_unread_share) : 'none expired';
    unread.className = entity.expired > 0 && entity.expired_unread_share >= 0.5 ? 'below' : '';
    $('lifetime-' + type).textContent = entity.lifetime_seconds.count > 0
      ? seconds(Math.round(entity.lifetime_seconds.p50)) : '–';
  }

  function seconds(value) {
    if (value >= 3600 && value % 3600 === 0) return value / 3600 + ' h';
    if (value >= 60 && value % 60 === 0) return value / 60 + ' min';
    return value + ' s';
  }

  /** A hit-rate cell, coloured against the target once there were reads. */
  function rated(cell, window) {
    const rate = windowRate(window);
    cell.textContent = rate === null ? 'no reads' : percent(rate);
    cell.className = rate === null ? '' : rate >= HIT_RATE_TARGET ? 'good' : 'below';
  }

  /**
   * Redisson's pool, and the single-key reads' own pool when they have one (REDIS_READ_CLIENT=jedis); with reads on
   * Redisson the read-pool figures repeat the main pool's and are not shown twice. The bar is the fuller pool's
   * share, as taleweaver_redis_pool_usage is.
   */
  function renderPool(server) {
    const main = poolShare(server.pool_in_use, server.pool_size);
    const reads = poolShare(server.read_pool_in_use, server.read_pool_size);
    const separate = reads !== null
        && !(server.read_pool_in_use === server.pool_in_use && server.read_pool_size === server.pool_size);
    $('pool-usage').textContent = main === null ? 'unknown' : server.pool_in_use + ' / ' + server.pool_size;
    $('read-pool').hidden = !separate;
    $('read-pool-usage').textContent = separate ? server.read_pool_in_use + ' / ' + server.read_pool_size : '–';
    const shares = [main, separate ? reads : null].filter(share => share !== null);
    const bar = $('pool-bar');
    if (shares.length === 0) {
      bar.style.width = '0';
      bar.className = 'bar-fill';
      return;
    }
    const share = Math.max(...shares);
    bar.style.width = (share * 100).toFixed(1) + '%';
    bar.className = 'bar-fill' + (share >= 1 ? ' bar-full' : share >= POOL_WARN ? ' bar-high' : '');
  }

  /** in use / size, at most 1; null when either is unknown (absent, negative, or a size of 0). */
  function poolShare(inUse, size) {
    if (!(size > 0) || !(inUse >= 0)) return null;
    return Math.min(1, inUse / size);
  }

  /** hits / reads, or null without reads (0 % would claim the cache missed everything). */
  function windowRate(window) {
    if (!window || window.hits + window.misses === 0) return null;
    return window.hit_rate;
  }

  function percent(rate) {
    return (rate * 100).toFixed(1) + ' %';
  }

  function millis(value) {
    return typeof value === 'number' && value > 0 ? value.toFixed(1) + ' ms' : '–';
  }

  function count(value) {
    return typeof value === 'number' && value >= 0 ? value.toLocaleString('en-US') : 'unknown';
  }

  function bytes(value) {
    if (typeof value !== 'number' || value < 0) return 'unknown';
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let n = value;
    let unit = 0;
    while (n >= 1024 && unit < units.length - 1) {
      n /= 1024;
      unit += 1;
    }
    return (unit === 0 ? n : n.toFixed(1)) + ' ' + units[unit];
  }

  // ---- chart: drawn on a canvas, no library ------------------------------------------------------------------

  // The time axis grows with the data, from half a minute up to the full window, so a fresh connection is not a
  // speck at the right edge.
  const MIN_SPAN_MS = 30 * 1000;
  const TICK_STEPS_MS = [5000, 10000, 15000, 30000, 60000];

  function chartSpan(now) {
    const collected = samples.length ? now - samples[0].t : 0;
    return Math.min(WINDOW_MS, Math.max(MIN_SPAN_MS, collected));
  }

  function duration(ms) {
    return ms % 60000 === 0 ? ms / 60000 + ' min' : ms / 1000 + ' s';
  }

  function drawChart() {
    const canvas = $('hit-rate-chart');
    const ratio = window.devicePixelRatio || 1;
    const width = canvas.clientWidth;
    const height = canvas.clientHeight;
    if (width === 0 || height === 0) return;
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    canvas.dataset.samples = String(samples.length);
    const g = canvas.getContext('2d');
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, width, height);

    const css = getComputedStyle(document.documentElement);
    const colour = (name) => css.getPropertyValue(name).trim();
    const pad = {left: 48, right: 16, top: 12, bottom: 28};
    const plotW = width - pad.left - pad.right;
    const plotH = height - pad.top - pad.bottom;
    const now = samples.length ? samples[samples.length - 1].t : Date.now();
    const span = chartSpan(now);
    const x = (t) => pad.left + plotW * (1 - (now - t) / span);
    const y = (rate) => pad.top + plotH * (1 - rate);

    g.font = '12px system-ui, sans-serif';
    g.fillStyle = colour('--muted');
    g.strokeStyle = colour('--line');
    g.lineWidth = 1;
    g.textAlign = 'right';
    g.textBaseline = 'middle';
    for (const rate of [0, 0.25, 0.5, 0.75, 1]) {
      g.beginPath();
      g.moveTo(pad.left, Math.round(y(rate)) + 0.5);
      g.lineTo(width - pad.right, Math.round(y(rate)) + 0.5);
      g.stroke();
      g.fillText(rate * 100 + ' %', pad.left - 8, y(rate));
    }
    g.textAlign = 'center';
    g.textBaseline = 'top';
    const step = TICK_STEPS_MS.find((candidate) => span / candidate <= 6);
    for (let ago = Math.floor(span / step) * step; ago >= 0; ago -= step) {
      g.fillText(ago === 0 ? 'now' : '−' + duration(ago), x(now - ago), height - pad.bottom + 8);
    }

    g.save();
    g.setLineDash([6, 5]);
    g.strokeStyle = colour('--c-target');
    g.beginPath();
    g.moveTo(pad.left, y(HIT_RATE_TARGET));
    g.lineTo(width - pad.right, y(HIT_RATE_TARGET));
    g.stroke();
    g.restore();

    if (!samples.length) {
      g.fillStyle = colour('--muted');
      g.textBaseline = 'middle';
      g.fillText('Connect to start sampling', pad.left + plotW / 2, pad.top + plotH / 2);
      return;
    }
    g.lineWidth = 2.5;
    g.lineJoin = 'round';
    for (const type of ENTITIES) {
      const stroke = colour('--c-' + type);
      g.strokeStyle = stroke;
      g.fillStyle = stroke;
      g.beginPath();
      let drawing = false;
      for (const sample of samples) {
        const rate = sample.rates[type];
        if (rate === null || rate === undefined) {
          drawing = false; // a gap: no reads in that minute
          continue;
        }
        if (drawing) g.lineTo(x(sample.t), y(rate));
        else g.moveTo(x(sample.t), y(rate));
        drawing = true;
      }
      g.stroke();
      const last = samples[samples.length - 1].rates[type];
      if (last !== null && last !== undefined) {
        g.beginPath();
        g.arc(x(now), y(last), 3.5, 0, 2 * Math.PI);
        g.fill();
      }
    }
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('connect-form').addEventListener('submit', connect);
    window.addEventListener('resize', drawChart);
    drawChart();
  });
})();
