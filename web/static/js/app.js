// ideashelf: a small progressive enhancement. Every form works without this
// script (it posts and the server redirects). Forms marked
// data-enhance="<region>" are posted in place instead: the page the server
// answers with is fetched as usual, and only that region (and the flash
// message) is swapped in, so supporting and commenting keep your place.
(function () {
  'use strict';
  if (!window.fetch || !window.DOMParser || !window.URLSearchParams) return;

  function region(doc, name) {
    return doc.querySelector('[data-region="' + name + '"]');
  }

  function swap(doc, name) {
    var fresh = region(doc, name);
    var current = region(document, name);
    if (!fresh || !current) return null;
    var node = document.importNode(fresh, true);
    current.replaceWith(node);
    return node;
  }

  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.dataset.enhance) return;
    var name = form.dataset.enhance;
    event.preventDefault();
    var data;
    try {
      data = new FormData(form, event.submitter || undefined);
    } catch (e) {
      data = new FormData(form);
    }
    var buttons = form.querySelectorAll('button');
    buttons.forEach(function (b) { b.disabled = true; });
    fetch(form.action, {
      method: 'POST',
      body: new URLSearchParams(data),
      credentials: 'same-origin',
      headers: { 'Accept': 'text/html' }
    })
      .then(function (res) {
        return res.text().then(function (html) { return { res: res, html: html }; });
      })
      .then(function (r) {
        var doc = new DOMParser().parseFromString(r.html, 'text/html');
        var node = swap(doc, name);
        if (!node) {
          // Not the page we were on (signed out meanwhile, an error page): show it.
          window.location.assign(r.res.url);
          return;
        }
        swap(doc, 'flash');
        // Keep keyboard and screen-reader users where they were.
        var target = node.querySelector('[aria-invalid="true"]') ||
          node.querySelector('[data-testid="support-button"], [data-testid="withdraw-button"]') ||
          node.querySelector('h2[tabindex]');
        if (target) target.focus();
        document.documentElement.dataset.enhanced = String(Number(document.documentElement.dataset.enhanced || 0) + 1);
      })
      .catch(function () {
        buttons.forEach(function (b) { b.disabled = false; });
        form.submit();
      });
  });
})();
