/* riskgate UI - progressive enhancement only; every page works without it. */
(function () {
  'use strict';
  var doc = document;

  // (a) ECharts: <div class="chart" data-chart='{...option JSON...}'>
  function initCharts(root) {
    if (!window.echarts || !root.querySelectorAll) return;
    var sel = '.chart[data-chart]';
    var els = root.matches && root.matches(sel) ? [root] : root.querySelectorAll(sel);
    for (var i = 0; i < els.length; i++) {
      var el = els[i];
      if (window.echarts.getInstanceByDom(el) || el.dataset.drawn) continue; // already done
      try {
        var opt = JSON.parse(el.dataset.chart);
        if (isEmpty(opt)) { showEmpty(el); continue; }
        if (el.dataset.map) { drawMap(el, opt); continue; }
        window.echarts.init(el).setOption(opt);
      } catch (err) { if (window.console) console.error('chart init failed', el, err); }
    }
  }

  // A chart without data says so (data-empty: "暂无数据" / "No data")
  // instead of drawing empty axes.
  function isEmpty(opt) {
    var series = opt && opt.series;
    if (!series || !series.length) return true;
    for (var i = 0; i < series.length; i++) {
      var d = series[i].data || [];
      for (var j = 0; j < d.length; j++) {
        var v = d[j];
        if (v && typeof v === 'object' && !Array.isArray(v)) v = v.value;
        if (Array.isArray(v)) v = v[v.length - 1];
        if (typeof v === 'number' ? v !== 0 : v != null && v !== '') return false;
      }
    }
    return true;
  }
  function showEmpty(el) {
    el.dataset.drawn = '1';
    el.classList.add('is-empty');
    var p = doc.createElement('p');
    p.className = 'chart-empty';
    p.textContent = el.dataset.empty || '\u6682\u65e0\u6570\u636e';
    el.textContent = '';
    el.appendChild(p);
  }

  // Maps: the boundaries (GeoJSON) load once from data-map and register
  // under the series' map name before the chart is drawn.
  var maps = {};
  function drawMap(el, opt) {
    var name = opt.series[0].map, url = el.dataset.map;
    el.dataset.drawn = '1';
    var draw = function () { window.echarts.init(el).setOption(opt); };
    if (maps[name] === true) return draw();
    if (maps[name]) return maps[name].push(draw);
    maps[name] = [draw];
    fetch(url, { credentials: 'same-origin' }).then(function (r) { return r.json(); }).then(function (geo) {
      window.echarts.registerMap(name, geo);
      var q = maps[name];
      maps[name] = true;
      for (var i = 0; i < q.length; i++) q[i]();
    }).catch(function (err) { if (window.console) console.error('map load failed', url, err); });
  }
  var resizeTimer;
  window.addEventListener('resize', function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () {
      var els = window.echarts ? doc.querySelectorAll('.chart[data-chart]') : [];
      for (var i = 0; i < els.length; i++) {
        var c = window.echarts.getInstanceByDom(els[i]);
        if (c) c.resize();
      }
    }, 150);
  });

  // (c) <button|input data-confirm="...">: ask before the click submits/navigates.
  // Capture phase so a cancel also stops the upload handler and htmx.
  doc.addEventListener('click', function (e) {
    var el = e.target.closest && e.target.closest('[data-confirm]');
    if (el && el.tagName !== 'FORM' && !window.confirm(el.getAttribute('data-confirm') || '\u786e\u5b9a\u5417\uff1f / Are you sure?')) {
      e.preventDefault();
      e.stopImmediatePropagation();
    }
  }, true);

  // (b) <form data-upload-progress>: upload via XHR, report progress in the
  // form's <progress>, then show the server's response page.
  var canXHR = typeof XMLHttpRequest !== 'undefined' && typeof FormData !== 'undefined' &&
    'upload' in new XMLHttpRequest();
  doc.addEventListener('submit', function (e) {
    var form = e.target;
    if (e.defaultPrevented || !canXHR || !form.hasAttribute('data-upload-progress')) return;
    var bar = form.querySelector('progress');
    if (!bar || !form.querySelector('input[type="file"]')) return; // normal submit
    var sub = e.submitter;
    var method = ((sub && sub.getAttribute('formmethod')) || form.getAttribute('method') || 'get').toUpperCase();
    if (method !== 'POST') return;
    e.preventDefault();
    if (form.dataset.uploading) return; // ignore double submit
    form.dataset.uploading = '1';

    var url = (sub && sub.getAttribute('formaction')) || form.getAttribute('action') || location.href;
    var data = new FormData(form);
    if (sub && sub.name) data.append(sub.name, sub.value);
    var pct = form.querySelector('.pct');
    var buttons = form.querySelectorAll('button, input[type="submit"]');
    for (var i = 0; i < buttons.length; i++) buttons[i].disabled = true;
    bar.hidden = bar.parentNode.hidden = false; // reveal bar (and .progress-wrap)
    bar.max = 100;
    bar.removeAttribute('value'); // indeterminate until first event

    var xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.upload.onprogress = function (ev) {
      if (!ev.lengthComputable) return;
      var p = Math.floor(ev.loaded / ev.total * 100);
      bar.value = p;
      if (pct) pct.textContent = p + '%';
    };
    xhr.onload = function () {
      try { // keep the address bar right after a POST-redirect-GET
        var req = new URL(url, location.href).href;
        if (xhr.responseURL && xhr.responseURL !== req) history.replaceState(null, '', xhr.responseURL);
      } catch (ignore) { /* old browser: leave URL as is */ }
      doc.open();
      doc.write(xhr.responseText);
      doc.close();
    };
    xhr.onerror = function () { // network trouble: let the browser do a normal post
      delete form.dataset.uploading;
      for (var j = 0; j < buttons.length; j++) buttons[j].disabled = false;
      HTMLFormElement.prototype.submit.call(form);
    };
    xhr.send(data);
  });

  // (d) Menus: one drop-down open at a time; a click elsewhere or Escape
  // closes it. Without this script each <details> still opens and closes.
  function closeMenus(except) {
    var open = doc.querySelectorAll('nav.main details.menu[open]');
    for (var i = 0; i < open.length; i++) if (open[i] !== except) open[i].removeAttribute('open');
  }
  doc.addEventListener('toggle', function (e) {
    var d = e.target;
    if (d.matches && d.matches('nav.main details.menu') && d.open) closeMenus(d);
  }, true);
  doc.addEventListener('click', function (e) {
    if (!(e.target.closest && e.target.closest('nav.main details.menu'))) closeMenus(null);
  });
  doc.addEventListener('keydown', function (e) { if (e.key === 'Escape') closeMenus(null); });

  // Boot, and re-run for content swapped in by htmx.
  if (doc.readyState === 'loading') {
    doc.addEventListener('DOMContentLoaded', function () { initCharts(doc); });
  } else {
    initCharts(doc);
  }
  doc.addEventListener('htmx:load', function (e) { initCharts(e.target); });
})();
