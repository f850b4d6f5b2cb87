// Mamori console — the few things pages do in the browser. Every page works without it; it adds
// keyboard shortcuts, "select all" boxes and confirmations. No inline scripts (the console's
// content security policy allows only this file).
(function () {
  'use strict';

  function typing(target) {
    var tag = target && target.tagName;
    return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || (target && target.isContentEditable);
  }

  // Shortcuts: an element with data-shortcut="a" is clicked (or focused, for fields) when the key is pressed
  // outside a field. Shift-? lists them.
  document.addEventListener('keydown', function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) {
      return;
    }
    var key = event.key;
    var wanted = document.querySelector('[data-shortcut="' + (key === '"' ? '' : key) + '"]');
    if (!wanted) {
      return;
    }
    event.preventDefault();
    if (wanted.tagName === 'INPUT' || wanted.tagName === 'TEXTAREA' || wanted.tagName === 'SELECT') {
      wanted.focus();
    } else {
      wanted.click();
    }
  });

  // Rows: j/k move the current row (data-row), x ticks its box.
  var rows = Array.prototype.slice.call(document.querySelectorAll('tr[data-row]'));
  var current = -1;
  function select(index) {
    if (rows.length === 0) {
      return;
    }
    if (current >= 0) {
      rows[current].classList.remove('selected');
    }
    current = Math.max(0, Math.min(rows.length - 1, index));
    rows[current].classList.add('selected');
    rows[current].scrollIntoView({block: 'nearest'});
  }
  document.addEventListener('keydown', function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target) || rows.length === 0) {
      return;
    }
    if (event.key === 'j') {
      select(current + 1);
    } else if (event.key === 'k') {
      select(current - 1);
    } else if (event.key === 'x' && current >= 0) {
      var box = rows[current].querySelector('input[type=checkbox]');
      if (box) {
        box.checked = !box.checked;
        box.dispatchEvent(new Event('change', {bubbles: true}));
      }
    } else if (event.key === 'Enter' && current >= 0) {
      var link = rows[current].querySelector('a[href]');
      if (link) {
        link.click();
      }
    } else {
      return;
    }
    event.preventDefault();
  });

  // "Select all": a box with data-select-all="name" ticks every box named so.
  document.querySelectorAll('input[data-select-all]').forEach(function (all) {
    all.addEventListener('change', function () {
      document.querySelectorAll('input[type=checkbox][name="' + all.dataset.selectAll + '"]').forEach(function (box) {
        box.checked = all.checked;
      });
    });
  });

  // Forms and buttons with data-confirm ask first.
  document.addEventListener('submit', function (event) {
    var submitter = event.submitter;
    var question = (submitter && submitter.dataset.confirm) || event.target.dataset.confirm;
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });
})();
