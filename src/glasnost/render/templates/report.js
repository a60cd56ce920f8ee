/* Glasnost report: draws the article from the embedded JSON and wires the controls.
   Article-derived strings only ever reach the page through textContent, createTextNode and
   SVG text nodes; class names come from the view model's generated tokens. */
(function () {
  'use strict';

  var SVG = 'http://www.w3.org/2000/svg';
  var analysis = JSON.parse(document.getElementById('glasnost-analysis').textContent);
  var view = JSON.parse(document.getElementById('glasnost-view').textContent);
  var text = analysis.article.text;
  var items = view.items;
  var ORDER = Object.keys(view.layers);

  var state = { hidden: {}, minScore: 0, selected: null, actor: null, pinned: false };
  var segs = [];        // {el, ids}
  var byGroup = {};     // group id -> [seg]

  function make(tag, cls, content) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (content !== undefined && content !== null) node.textContent = String(content);
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function visible(item) {
    return !state.hidden[item.layer] && (item.score === null || item.score === undefined || item.score >= state.minScore);
  }

  /* ---- The article ---------------------------------------------------------------------- */

  var TAGS = { title: ['h2', 'a-title'], byline: ['p', 'a-byline'], heading: ['h3', 'a-heading'], paragraph: ['p', 'a-para'] };

  function buildArticle() {
    var root = document.getElementById('article');
    clear(root);
    view.blocks.forEach(function (block) {
      var tag = TAGS[block.kind] || TAGS.paragraph;
      var node = make(tag[0], tag[1]);
      block.segments.forEach(function (s) {
        var piece = text.slice(s[0], s[1]);
        if (!s[2].length) { node.appendChild(document.createTextNode(piece)); return; }
        var span = make('span', 'seg', piece);
        span.setAttribute('data-ids', s[2].join(' '));
        var seg = { el: span, ids: s[2] };
        span._seg = seg;
        segs.push(seg);
        s[2].forEach(function (id) {
          var group = items[id].group;
          (byGroup[group] = byGroup[group] || []).push(seg);
        });
        node.appendChild(span);
      });
      root.appendChild(node);
    });
  }

  function paint() {
    segs.forEach(function (seg) {
      var cls = { seg: true };
      var techniques = 0;
      seg.ids.forEach(function (id) {
        var item = items[id];
        if (!visible(item)) return;
        item.cls.split(' ').forEach(function (c) { cls[c] = true; });
        if (item.layer === 'techniques') techniques += 1;
        if (state.selected && item.group === state.selected) cls.sel = true;
        if (state.actor && (item.actor === state.actor || item.speaker === state.actor)) cls.focus = true;
      });
      if (techniques > 1) cls['multi-tech'] = true;
      seg.el.className = Object.keys(cls).join(' ');
    });
    document.querySelectorAll('.claim[data-item]').forEach(function (button) {
      var item = items[button.getAttribute('data-item')];
      button.parentNode.classList.toggle('below', !!item && !visible(item));
    });
    view.relations.forEach(function (relation, n) {
      var low = relation.score < state.minScore;
      document.querySelectorAll('[data-relation="' + n + '"]').forEach(function (node) {
        node.classList.toggle(node.tagName.toLowerCase() === 'li' ? 'below' : 'below-hidden', low);
      });
    });
    document.querySelectorAll('.actor[data-actor]').forEach(function (button) {
      button.setAttribute('aria-pressed', String(button.getAttribute('data-actor') === state.actor));
    });
    document.querySelectorAll('.graph .node').forEach(function (node) {
      node.classList.toggle('focus', node.getAttribute('data-actor') === state.actor);
    });
  }

  /* ---- The details panel ---------------------------------------------------------------- */

  var body = document.getElementById('details-body');

  function card(layer, name, score, quoted, details) {
    var box = make('div', 'card');
    var head = make('div', 'card-head');
    head.appendChild(make('span', 'chip chip-' + layer, view.layers[layer] || layer));
    head.appendChild(make('span', 'card-name', name));
    if (score !== null && score !== undefined) head.appendChild(make('span', 'card-score', 'score ' + Number(score).toFixed(2)));
    box.appendChild(head);
    if (quoted) box.appendChild(make('blockquote', 'card-text', quoted));
    if (details && details.length) {
      var dl = make('dl');
      details.forEach(function (row) {
        dl.appendChild(make('dt', null, row[0]));
        dl.appendChild(make('dd', null, row[1]));
      });
      box.appendChild(dl);
    }
    return box;
  }

  function showItems(ids) {
    var seen = {};
    var shown = [];
    ids.forEach(function (id) {
      var item = items[id];
      if (!item || !visible(item) || seen[item.group]) return;
      seen[item.group] = true;
      shown.push(items[item.group] || item);  // a quote's verb and speaker show the quote
    });
    shown.sort(function (a, b) { return ORDER.indexOf(a.layer) - ORDER.indexOf(b.layer); });
    clear(body);
    if (!shown.length) { body.appendChild(make('p', 'hint', 'Nothing visible here at this confidence.')); return; }
    shown.forEach(function (item) {
      body.appendChild(card(item.layer, item.name, item.score, item.layer === 'actors' ? null : item.text, item.details));
    });
  }

  function showActor(key) {
    var actor = view.actors[key];
    clear(body);
    if (!actor) return;
    body.appendChild(card('actors', actor.name, null, null, actor.details));
    Object.keys(items).forEach(function (id) {
      var item = items[id];
      if (item.layer === 'quotes' && item.group === id && item.speaker === key) {
        body.appendChild(card('quotes', item.name, item.score, item.text, []));
      }
    });
  }

  function showRelation(n) {
    var relation = view.relations[n];
    clear(body);
    body.appendChild(card('actors', relation.sourceName + ' \u2194 ' + relation.targetName, relation.score, null,
      [['Kind', relation.name]].concat(relation.details)));
  }

  function primary(ids) {
    var best = null;
    ids.forEach(function (id) {
      var item = items[id];
      if (!visible(item)) return;
      var rank = (item.layer === 'sentences' ? 1e9 : 0) + item.text.length;
      if (!best || rank < best.rank) best = { id: id, rank: rank };
    });
    return best ? items[best.id].group : null;
  }

  function select(group, scroll) {
    state.selected = group;
    paint();
    var first = (byGroup[group] || []).filter(function (seg) { return seg.el.classList.contains('sel'); })[0];
    if (scroll && first) first.el.scrollIntoView({ block: 'center', behavior: 'smooth' });
  }

  function unpin() {
    state.pinned = false;
    state.selected = null;
    state.actor = null;
    paint();
    clear(body);
    body.appendChild(make('p', 'hint', 'Point at or click a highlighted passage, an actor or a claim to see what Glasnost found there.'));
  }

  /* ---- Wiring --------------------------------------------------------------------------- */

  function wire() {
    var article = document.getElementById('article');
    article.addEventListener('click', function (event) {
      var el = event.target.closest ? event.target.closest('.seg') : null;
      if (!el || !el._seg) return;
      state.pinned = true;
      state.actor = null;
      showItems(el._seg.ids);
      select(primary(el._seg.ids), false);
    });
    article.addEventListener('mouseover', function (event) {
      if (state.pinned) return;
      var el = event.target.closest ? event.target.closest('.seg') : null;
      if (el && el._seg) showItems(el._seg.ids);
    });
    document.getElementById('details-close').addEventListener('click', unpin);
    document.addEventListener('keydown', function (event) { if (event.key === 'Escape') unpin(); });

    document.querySelectorAll('input[data-layer]').forEach(function (box) {
      box.addEventListener('change', function () {
        state.hidden[box.getAttribute('data-layer')] = !box.checked;
        paint();
      });
    });

    var slider = document.getElementById('min-score');
    var output = document.getElementById('min-score-value');
    function slide() {
      state.minScore = parseFloat(slider.value) || 0;
      output.textContent = state.minScore.toFixed(2);
      paint();
    }
    slider.addEventListener('input', slide);
    slider.addEventListener('change', slide);

    document.querySelectorAll('.actor[data-actor]').forEach(function (button) {
      button.addEventListener('click', function () { focusActor(button.getAttribute('data-actor')); });
    });
    document.querySelectorAll('.claim[data-item]').forEach(function (button) {
      button.addEventListener('click', function () {
        var id = button.getAttribute('data-item');
        state.pinned = true;
        state.actor = null;
        showItems([id]);
        select(id, true);
      });
    });
    document.querySelectorAll('li[data-relation]').forEach(function (li) {
      li.addEventListener('click', function () { state.pinned = true; showRelation(Number(li.getAttribute('data-relation'))); });
    });
    document.querySelectorAll('.sentiment-bar[data-value]').forEach(function (bar) {
      var value = Math.max(-1, Math.min(1, parseFloat(bar.getAttribute('data-value')) || 0));
      bar.classList.add(value < 0 ? 'neg' : 'pos');
      bar.style.width = (Math.abs(value) * 50) + '%';
    });
  }

  function focusActor(key) {
    if (state.actor === key) { unpin(); return; }
    state.pinned = true;
    state.selected = null;
    state.actor = key;
    paint();
    showActor(key);
    var first = segs.filter(function (seg) { return seg.el.classList.contains('focus'); })[0];
    if (first) first.el.scrollIntoView({ block: 'center', behavior: 'smooth' });
  }

  /* ---- Relation graph: a small force layout in plain SVG -------------------------------- */

  function graph() {
    var host = document.getElementById('relation-graph');
    if (!host || !view.relations.length) return;
    var W = 800, H = 340, nodes = [], index = {};
    function node(key, name) {
      var id = key || ('?' + name);
      if (!(id in index)) {
        var actor = view.actors[key] || { name: name, salience: 0.2 };
        index[id] = nodes.length;
        nodes.push({ key: key, name: actor.name, salience: actor.salience, x: 0, y: 0, dx: 0, dy: 0 });
      }
      return index[id];
    }
    var edges = view.relations.map(function (r, n) {
      return { s: node(r.source, r.sourceName), t: node(r.target, r.targetName), r: r, n: n };
    });
    var count = nodes.length, k = Math.sqrt((W * H) / Math.max(count, 1)) * 0.55, heat = W / 8;
    nodes.forEach(function (nd, i) {
      var a = (2 * Math.PI * i) / count;
      nd.x = W / 2 + (W / 3) * Math.cos(a);
      nd.y = H / 2 + (H / 3) * Math.sin(a);
    });
    for (var step = 0; step < 300; step++) {
      nodes.forEach(function (nd) { nd.dx = (W / 2 - nd.x) * 0.02; nd.dy = (H / 2 - nd.y) * 0.02; });
      for (var i = 0; i < count; i++) {
        for (var j = i + 1; j < count; j++) {
          var dx = nodes[i].x - nodes[j].x, dy = nodes[i].y - nodes[j].y;
          var d = Math.max(Math.sqrt(dx * dx + dy * dy), 0.01), f = (k * k) / d;
          nodes[i].dx += (dx / d) * f; nodes[i].dy += (dy / d) * f;
          nodes[j].dx -= (dx / d) * f; nodes[j].dy -= (dy / d) * f;
        }
      }
      edges.forEach(function (e) {
        var a = nodes[e.s], b = nodes[e.t];
        if (a === b) return;
        var dx = a.x - b.x, dy = a.y - b.y, d = Math.max(Math.sqrt(dx * dx + dy * dy), 0.01), f = (d * d) / k;
        a.dx -= (dx / d) * f; a.dy -= (dy / d) * f;
        b.dx += (dx / d) * f; b.dy += (dy / d) * f;
      });
      nodes.forEach(function (nd) {
        var len = Math.max(Math.sqrt(nd.dx * nd.dx + nd.dy * nd.dy), 0.01);
        nd.x = Math.min(W - 60, Math.max(60, nd.x + (nd.dx / len) * Math.min(len, heat)));
        nd.y = Math.min(H - 30, Math.max(30, nd.y + (nd.dy / len) * Math.min(len, heat)));
      });
      heat *= 0.97;
    }
    var svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('viewBox', '0 0 ' + W + ' ' + H);
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', 'Graph of relations between actors');
    var COLORS = { conflict: '#c2410c', support: '#15803d', 'co-mention': '#94a3b8' };
    edges.forEach(function (e) {
      var a = nodes[e.s], b = nodes[e.t];
      var g = document.createElementNS(SVG, 'g');
      g.setAttribute('class', 'edge');
      g.setAttribute('data-relation', String(e.n));
      [['hit', 'transparent', 14], ['line', COLORS[e.r.kind] || '#94a3b8', 1.5 + 3 * e.r.score]].forEach(function (spec) {
        var line = document.createElementNS(SVG, 'line');
        line.setAttribute('class', spec[0]);
        line.setAttribute('x1', a.x); line.setAttribute('y1', a.y);
        line.setAttribute('x2', b.x); line.setAttribute('y2', b.y);
        line.setAttribute('stroke', spec[1]);
        line.setAttribute('stroke-width', String(spec[2]));
        if (spec[0] === 'line' && e.r.kind === 'co-mention') line.setAttribute('stroke-dasharray', '5 4');
        g.appendChild(line);
      });
      var title = document.createElementNS(SVG, 'title');
      title.textContent = e.r.sourceName + ' \u2014 ' + e.r.name + ' \u2014 ' + e.r.targetName;
      g.appendChild(title);
      g.addEventListener('click', function () { state.pinned = true; showRelation(e.n); });
      svg.appendChild(g);
    });
    nodes.forEach(function (nd) {
      var g = document.createElementNS(SVG, 'g');
      g.setAttribute('class', 'node');
      if (nd.key) g.setAttribute('data-actor', nd.key);
      g.setAttribute('transform', 'translate(' + nd.x + ',' + nd.y + ')');
      var circle = document.createElementNS(SVG, 'circle');
      circle.setAttribute('r', String(6 + 12 * (nd.salience || 0)));
      circle.setAttribute('fill', '#1f4e79');
      var label = document.createElementNS(SVG, 'text');
      label.setAttribute('y', String(-10 - 12 * (nd.salience || 0)));
      label.setAttribute('text-anchor', 'middle');
      label.textContent = nd.name;
      g.appendChild(circle);
      g.appendChild(label);
      if (nd.key) g.addEventListener('click', function () { focusActor(nd.key); });
      svg.appendChild(g);
    });
    host.appendChild(svg);
    host.setAttribute('data-ready', 'true');
  }

  buildArticle();
  wire();
  graph();
  paint();
  document.getElementById('report').setAttribute('data-ready', 'true');
})();
