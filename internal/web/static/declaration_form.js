/* The screening form: add and remove goods lines in place, and show the
   register's name of a USCC as it is typed. Progressive enhancement only:
   without this script the same buttons do the same on the server. */
(function () {
  'use strict';
  var form = document.getElementById('declaration-form');
  if (!form || !form.querySelector) return;
  var lines = document.getElementById('lines');
  var count = document.getElementById('line_count');
  var en = document.documentElement.lang === 'en';
  var maxLines = 200;

  // renumber gives each line's inputs, labels and buttons its index.
  function renumber() {
    var sets = lines.querySelectorAll('fieldset.line');
    for (var i = 0; i < sets.length; i++) {
      var fs = sets[i];
      fs.setAttribute('data-line', String(i));
      var no = fs.querySelector('.line-no');
      if (no) no.textContent = String(i + 1);
      var els = fs.querySelectorAll('[name], [id], label[for]');
      for (var j = 0; j < els.length; j++) {
        var el = els[j];
        ['name', 'id', 'for'].forEach(function (a) {
          var v = el.getAttribute(a);
          if (v) el.setAttribute(a, v.replace(/^lines\[\d+\]/, 'lines[' + i + ']'));
        });
      }
      var rm = fs.querySelector('.remove-line');
      if (rm) rm.value = 'remove:' + i;
    }
    count.value = String(sets.length);
  }

  form.addEventListener('click', function (e) {
    var btn = e.target.closest && e.target.closest('button');
    if (!btn) return;
    if (btn.id === 'add-line') {
      e.preventDefault();
      var sets = lines.querySelectorAll('fieldset.line');
      if (sets.length >= maxLines || sets.length === 0) return;
      var copy = sets[sets.length - 1].cloneNode(true);
      var inputs = copy.querySelectorAll('input, select');
      for (var i = 0; i < inputs.length; i++) {
        if (inputs[i].tagName === 'SELECT') inputs[i].selectedIndex = 0; else inputs[i].value = '';
      }
      var marks = copy.querySelectorAll('.msg');
      for (var k = 0; k < marks.length; k++) marks[k].parentNode.removeChild(marks[k]);
      var bad = copy.querySelectorAll('.error');
      for (var m = 0; m < bad.length; m++) bad[m].classList.remove('error');
      var names = copy.querySelectorAll('.party-name');
      for (var n = 0; n < names.length; n++) names[n].textContent = '';
      lines.appendChild(copy);
      renumber();
      var first = copy.querySelector('input');
      if (first) first.focus();
    } else if (btn.classList.contains('remove-line')) {
      e.preventDefault();
      var all = lines.querySelectorAll('fieldset.line');
      var fs = btn.closest('fieldset.line');
      if (all.length <= 1) { // keep one line: clear it instead
        var ins = fs.querySelectorAll('input, select');
        for (var q = 0; q < ins.length; q++) {
          if (ins[q].tagName === 'SELECT') ins[q].selectedIndex = 0; else ins[q].value = '';
        }
        return;
      }
      fs.parentNode.removeChild(fs);
      renumber();
    }
  });

  // The register's name of a USCC, once 18 characters are typed.
  var pending = {};
  function lookup(input) {
    var out = input.parentNode.querySelector('.party-name');
    if (!out) return;
    var v = input.value.trim().toUpperCase();
    if (v.length !== 18) { out.textContent = ''; return; }
    if (pending[input.id] === v) return;
    pending[input.id] = v;
    fetch('/api/v1/enterprises?limit=1&q=' + encodeURIComponent(v), { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : { items: [] }; })
      .then(function (body) {
        if (pending[input.id] !== v) return;
        var hit = (body.items || []).filter(function (x) { return x.uscc === v; })[0];
        out.textContent = hit ? ((en && hit.name_en) || hit.name_zh)
          : (en ? 'Not in the enterprise register.' : '未在企业名录中。');
      })
      .catch(function () { delete pending[input.id]; });
  }
  form.addEventListener('input', function (e) {
    if (e.target.hasAttribute && e.target.hasAttribute('data-uscc')) lookup(e.target);
  });
  var typed = form.querySelectorAll('[data-uscc]');
  for (var i = 0; i < typed.length; i++) if (typed[i].value && !typed[i].parentNode.querySelector('.party-name').textContent) lookup(typed[i]);
})();
