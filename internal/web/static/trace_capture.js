/* The EPCIS upload page: sends the form with XMLHttpRequest to show the
   upload's progress, then shows the page the server answers. Without
   scripts the form posts as usual. */
(function () {
  'use strict';
  var form = document.getElementById('capture-form');
  if (!form || !window.XMLHttpRequest || !window.FormData || !window.DOMParser) return;
  var box = document.getElementById('capture-progress');
  var bar = box.querySelector('progress');
  var out = box.querySelector('output');
  var label = out.textContent.replace(/\s*\d+%$/, '');
  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    var xhr = new XMLHttpRequest();
    xhr.open('POST', form.action);
    xhr.setRequestHeader('Accept', 'text/html');
    xhr.upload.addEventListener('progress', function (e) {
      if (!e.lengthComputable) return;
      var pct = Math.floor(100 * e.loaded / e.total);
      bar.value = pct;
      out.textContent = label + ' ' + pct + '%';
    });
    xhr.addEventListener('load', function () {
      var page = new DOMParser().parseFromString(xhr.responseText, 'text/html');
      var main = page.querySelector('main');
      var here = document.querySelector('main');
      if (main && here) {
        here.innerHTML = main.innerHTML;
        window.location.hash = '';
      } else {
        form.submit();
      }
    });
    xhr.addEventListener('error', function () { form.submit(); });
    box.hidden = false;
    xhr.send(new FormData(form));
  });
})();
