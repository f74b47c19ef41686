// ideashelf: a small progressive enhancement. Every form works without this
// script (it posts and the server redirects). Forms marked
// data-enhance="<region>" are posted in place instead: the page the server
// answers with is fetched as usual, and only that region (and the flash
// message) is swapped in, so supporting and commenting keep your place.
(function () {
  'use strict';
  // The header's menu on phones opens without this script (a checkbox and
  // its label); with it, Escape closes the menu and leaves the focus on it.
  document.addEventListener('keydown', function (event) {
    var toggle = document.getElementById('menu-toggle');
    if (event.key !== 'Escape' || !toggle || !toggle.checked) return;
    toggle.checked = false;
    toggle.focus();
  });

  // Pictures in a form: with this script, each chosen file gets a preview and its own alt field (the form
  // works without it: one field describes the new pictures).
  document.querySelectorAll('[data-picture-input]').forEach(function (input) {
    var fieldset = input.closest('.pictures');
    var previews = fieldset && fieldset.querySelector('[data-picture-previews]');
    var single = fieldset && fieldset.querySelector('[data-picture-new-alt]');
    if (!previews || !window.URL || !URL.createObjectURL) return;
    var label = single ? single.querySelector('label').textContent : '';
    input.addEventListener('change', function () {
      previews.textContent = '';
      var files = Array.prototype.slice.call(input.files || []);
      if (single) single.hidden = files.length > 0;
      if (single) single.querySelector('input').disabled = files.length > 0;
      files.forEach(function (file, i) {
        var row = document.createElement('div');
        row.className = 'picture-preview';
        var img = document.createElement('img');
        img.alt = '';
        img.src = URL.createObjectURL(file);
        row.appendChild(img);
        if (single) {
          var box = document.createElement('div');
          var id = 'picture-new-alt-' + i;
          var l = document.createElement('label');
          l.htmlFor = id;
          l.textContent = label + ' (' + file.name + ')';
          var alt = document.createElement('input');
          alt.id = id;
          alt.name = 'image_new_alt';
          alt.type = 'text';
          alt.maxLength = 300;
          alt.setAttribute('data-testid', 'picture-new-alt');
          box.appendChild(l);
          box.appendChild(alt);
          row.appendChild(box);
        }
        previews.appendChild(row);
      });
    });
  });

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

  // The submit form: while the member types a title, up to five existing
  // ideas with a similar one (GET /api/v1/ideas/similar). Without this
  // script the region simply stays hidden.
  var similar = document.querySelector('[data-similar-for]');
  var titleInput = similar && document.getElementById(similar.getAttribute('data-similar-for'));
  var similarList = similar && similar.querySelector('ul');
  if (titleInput && similarList) {
    var timer = null;
    var asked = '';
    var seq = 0;
    var show = function (items) {
      similarList.textContent = '';
      items.slice(0, 5).forEach(function (item) {
        var li = document.createElement('li');
        var a = document.createElement('a');
        a.href = '/ideas/' + encodeURIComponent(item.id);
        a.textContent = item.title;
        // A new tab keeps what the member has typed so far.
        a.target = '_blank';
        a.rel = 'noopener';
        li.appendChild(a);
        var label = similar.getAttribute('data-status-' + item.status);
        if (label) {
          var badge = document.createElement('span');
          badge.className = 'similar-status';
          badge.textContent = label;
          li.appendChild(document.createTextNode(' '));
          li.appendChild(badge);
        }
        similarList.appendChild(li);
      });
      similar.hidden = similarList.children.length === 0;
    };
    var lookup = function () {
      var title = titleInput.value.trim();
      if (title === asked) return;
      asked = title;
      var mine = ++seq;
      if (title.length < 3) {
        show([]);
        return;
      }
      fetch('/api/v1/ideas/similar?title=' + encodeURIComponent(title), {
        credentials: 'same-origin',
        headers: { 'Accept': 'application/json' }
      })
        .then(function (res) { return res.ok ? res.json() : { items: [] }; })
        .then(function (body) { if (mine === seq) show(body.items || []); })
        .catch(function () { /* suggestions are a nicety */ });
    };
    titleInput.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(lookup, 300);
    });
    if (titleInput.value) lookup();
  }
})();
