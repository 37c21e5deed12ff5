// A "Copy" button next to a readonly field (the calendar feed URL, a new API token). Without
// JavaScript the button stays hidden and the field can be selected and copied by hand.
(function () {
  'use strict';
  function copy(input) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(input.value);
    input.focus();
    input.select();
    return new Promise(function (resolve, reject) {
      try {
        if (document.execCommand('copy')) resolve();
        else reject(new Error('copy refused'));
      } catch (e) {
        reject(e);
      }
    });
  }
  document.querySelectorAll('button[data-copy]').forEach(function (button) {
    var input = document.getElementById(button.getAttribute('data-copy'));
    var status = document.querySelector('[data-copy-status="' + button.getAttribute('data-copy') + '"]');
    if (!input) return;
    button.hidden = false;
    input.addEventListener('focus', function () {
      input.select();
    });
    button.addEventListener('click', function () {
      copy(input).then(
        function () {
          if (status) status.textContent = button.getAttribute('data-copied') || '';
        },
        function () {
          input.focus();
          input.select();
        },
      );
    });
  });
})();
