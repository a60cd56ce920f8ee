// Glasnost workbench: the little the pages need from JavaScript. Everything works without it;
// it only remembers the access token for this tab and shows that an analysis is under way.
(function () {
  'use strict';
  var KEY = 'glasnost-token';

  function remember(form) {
    var field = form.querySelector('input[data-token]');
    if (!field) { return; }
    if (!field.value) {
      try { field.value = window.sessionStorage.getItem(KEY) || ''; } catch (e) { /* storage off */ }
    }
    form.addEventListener('submit', function () {
      try { window.sessionStorage.setItem(KEY, field.value); } catch (e) { /* storage off */ }
    });
  }

  function busy(form) {
    form.addEventListener('submit', function () {
      var note = document.getElementById('busy');
      if (note) { note.hidden = false; }
      Array.prototype.forEach.call(document.querySelectorAll('form[data-busy] button'), function (button) {
        button.disabled = true;
      });
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    Array.prototype.forEach.call(document.querySelectorAll('form'), function (form) {
      remember(form);
      if (form.hasAttribute('data-busy')) { busy(form); }
    });
    document.body.setAttribute('data-ready', 'true');
  });
}());
