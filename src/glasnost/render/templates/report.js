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

  var state = { hidden: {}, minScore: 0, selected: null, actor: null, pinned: false, relation: null, evidence: null };
  var segs = [];        // {el, ids, a, b}
  var plain = [];       // {el, a, b}: the text no finding covers
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
        if (!s[2].length) {
          var run = make('span', 'plain', piece);
          plain.push({ el: run, a: s[0], b: s[1] });
          node.appendChild(run);
          return;
        }
        var span = make('span', 'seg', piece);
        span.setAttribute('data-ids', s[2].join(' '));
        var seg = { el: span, ids: s[2], a: s[0], b: s[1] };
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

  function inEvidence(piece) {
    var ev = state.evidence;
    return !!ev && piece.a >= ev[0] && piece.b <= ev[1];
  }

  function paint() {
    segs.forEach(function (seg) {
      var cls = { seg: true };
      if (inEvidence(seg)) cls.evid = true;
      var techniques = 0;
      seg.ids.forEach(function (id) {
        var item = items[id];
        var mine = state.actor && (item.actor === state.actor || item.speaker === state.actor);
        if (mine && item.layer === 'actors') cls.focus = true;  // a chosen actor shows in any view
        if (!visible(item)) return;
        item.cls.split(' ').forEach(function (c) { cls[c] = true; });
        if (item.layer === 'techniques') techniques += 1;
        if (state.selected && item.group === state.selected) cls.sel = true;
        if (state.actor && (item.actor === state.actor || item.speaker === state.actor)) cls.focus = true;
      });
      if (techniques > 1) cls['multi-tech'] = true;
      seg.el.className = Object.keys(cls).join(' ');
    });
    plain.forEach(function (piece) { piece.el.classList.toggle('evid', inEvidence(piece)); });
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
    document.querySelectorAll('li[data-relation]').forEach(function (li) {
      li.classList.toggle('sel', Number(li.getAttribute('data-relation')) === state.relation);
    });
    paintCounts();
    graphPaint();
  }

  /* Each layer's count: its findings (a quote with its cue and speaker, an actor with its
     mentions, a sentence with its signal words count once), "shown of total" when the slider
     hides some; and under the slider, how many findings it hides. */
  function paintCounts() {
    var total = {}, shown = {};
    Object.keys(items).forEach(function (id) {
      var item = items[id];
      var key = item.layer + ' ' + item.unit;
      total[key] = item.layer;
      if (item.score === null || item.score === undefined || item.score >= state.minScore) shown[key] = item.layer;
    });
    var hidden = 0;
    document.querySelectorAll('.count[data-count]').forEach(function (node) {
      var layer = node.getAttribute('data-count');
      var all = Object.keys(total).filter(function (k) { return total[k] === layer; }).length;
      var now = Object.keys(shown).filter(function (k) { return shown[k] === layer; }).length;
      node.textContent = now === all ? String(all) : now + ' of ' + all;
      hidden += all - now;
    });
    var note = document.getElementById('slider-hidden');
    note.textContent = state.minScore > 0
      ? 'The slider hides ' + hidden + ' finding' + (hidden === 1 ? '' : 's') + ' scored under ' + state.minScore.toFixed(2) + '.'
      : '';
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
    var box = make('div', 'card relation-card');
    var head = make('div', 'card-head');
    head.appendChild(make('span', 'chip rel-chip rel-' + relation.kind, relation.name));
    head.appendChild(make('span', 'card-name', relation.sourceName + ' \u2194 ' + relation.targetName));
    head.appendChild(make('span', 'card-score', 'score ' + Number(relation.score).toFixed(2)));
    box.appendChild(head);
    var dl = make('dl');
    relation.details.forEach(function (row) {
      dl.appendChild(make('dt', null, row[0]));
      dl.appendChild(make('dd', null, row[1]));
    });
    box.appendChild(dl);
    relation.evidence.forEach(function (ev, i) {
      var item = make('div', 'evidence');
      item.appendChild(make('blockquote', 'card-text', ev[2]));
      var jump = make('button', 'jump', 'Show in text');
      jump.type = 'button';
      jump.setAttribute('data-evidence', String(i));
      jump.setAttribute('aria-pressed', 'false');
      jump.addEventListener('click', function () {
        box.querySelectorAll('.jump').forEach(function (other) { other.setAttribute('aria-pressed', String(other === jump)); });
        showEvidence(ev[0], ev[1]);
      });
      item.appendChild(jump);
      box.appendChild(item);
    });
    body.appendChild(box);
  }

  function selectRelation(n) {
    state.pinned = true;
    state.actor = null;
    state.selected = null;
    state.relation = n;
    state.evidence = null;
    paint();
    showRelation(n);
  }

  function showEvidence(a, b) {
    state.evidence = [a, b];
    paint();
    var first = segs.concat(plain).filter(function (p) { return inEvidence(p); })
      .sort(function (x, y) { return x.a - y.a; })[0];
    if (first) first.el.scrollIntoView({ block: 'center', behavior: 'smooth' });
  }

  function clearRelation() {
    state.relation = null;
    state.evidence = null;
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
    clearRelation();
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
      clearRelation();
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

    var boxes = Array.prototype.slice.call(document.querySelectorAll('input[data-layer]'));
    function readBoxes() {
      boxes.forEach(function (box) { state.hidden[box.getAttribute('data-layer')] = !box.checked; });
      var reader = boxes.every(function (box) { return box.checked === (box.getAttribute('data-reader') === 'true'); });
      var everything = boxes.every(function (box) { return box.checked; });
      document.getElementById('view-reader').setAttribute('aria-pressed', String(reader));
      document.getElementById('view-all').setAttribute('aria-pressed', String(everything));
    }
    boxes.forEach(function (box) {
      box.addEventListener('change', function () { readBoxes(); paint(); });
    });
    function showView(all) {
      boxes.forEach(function (box) { box.checked = all || box.getAttribute('data-reader') === 'true'; });
      readBoxes();
      paint();
    }
    document.getElementById('view-reader').addEventListener('click', function () { showView(false); });
    document.getElementById('view-all').addEventListener('click', function () { showView(true); });
    readBoxes();

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
        clearRelation();
        showItems([id]);
        select(id, true);
      });
    });
    document.querySelectorAll('li[data-relation]').forEach(function (li) {
      var n = Number(li.getAttribute('data-relation'));
      li.addEventListener('click', function () { selectRelation(n); });
      li.addEventListener('keydown', function (event) {
        if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); selectRelation(n); }
      });
    });
    var all = document.getElementById('show-all-co-mentions');
    if (all) {
      all.checked = false;
      all.addEventListener('change', function () { showAllCoMentions(all.checked); });
    }
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
    clearRelation();
    paint();
    showActor(key);
    var first = segs.filter(function (seg) { return seg.el.classList.contains('focus'); })[0];
    if (first) first.el.scrollIntoView({ block: 'center', behavior: 'smooth' });
  }

  /* ---- Relation graph: a force layout in plain SVG, run to rest before the first paint -------
     Python marks the relations drawn by default (`key`: every conflict and support, the strongest
     co-mentions); a node shows while one of its lines does, or when its actor is salient. Each
     node's footprint is a box around its mark and the label under it; the layout keeps those
     boxes apart and inside the picture, so labels never overlap. A seeded generator makes the
     layout the same on every load. */

  var GRAPH_SEED = 1989;
  var LABEL_MAX = 30;     // characters of a label; the full name is in the node's tooltip
  var GAP = 6;            // least room between two nodes' boxes
  var CHARGE = 8;         // how hard nodes push each other away, per unit of footprint
  var graphState = null;

  function random(seed) {  // mulberry32
    return function () {
      seed = (seed + 0x6D2B79F5) | 0;
      var t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  function svgEl(tag, attrs) {
    var el = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (name) { el.setAttribute(name, String(attrs[name])); });
    return el;
  }

  /* The mark of an actor: a circle for a person, a square for an organisation, a diamond for a
     place, a triangle for a group; `reach` is how far it extends from the centre. */
  function mark(nd) {
    var r = nd.r, el;
    if (nd.type === 'organization') {
      var h = r * 0.9;
      el = svgEl('rect', { x: -h, y: -h, width: 2 * h, height: 2 * h, rx: 2 });
      nd.reach = h;
    } else if (nd.type === 'place') {
      var d = r * 1.2;
      el = svgEl('polygon', { points: [0, -d, d, 0, 0, d, -d, 0].map(function (v) { return v.toFixed(1); }).join(' ') });
      nd.reach = d;
    } else if (nd.type === 'group') {
      var R = r * 1.25;
      el = svgEl('polygon', { points: [0, -R, 0.87 * R, 0.5 * R, -0.87 * R, 0.5 * R].map(function (v) { return v.toFixed(1); }).join(' ') });
      nd.reach = R;
    } else {
      el = svgEl('circle', { r: r.toFixed(1) });
      nd.reach = r;
    }
    el.setAttribute('class', 'mark');
    return el;
  }

  function clampNode(nd, W, H) {
    nd.x = Math.max(nd.hw + 2, Math.min(W - nd.hw - 2, nd.x));
    nd.y = Math.max(2 - nd.top, Math.min(H - nd.bottom - 2, nd.y));
  }

  /* Push overlapping boxes apart along the axis they overlap least on; true if any overlapped. */
  function collide(list, strength) {
    var any = false;
    for (var i = 0; i < list.length; i++) {
      var a = list[i];
      for (var j = i + 1; j < list.length; j++) {
        var b = list[j];
        var ox = Math.min(a.x + a.hw, b.x + b.hw) - Math.max(a.x - a.hw, b.x - b.hw) + GAP;
        if (ox <= 0) continue;
        var oy = Math.min(a.y + a.bottom, b.y + b.bottom) - Math.max(a.y + a.top, b.y + b.top) + GAP;
        if (oy <= 0) continue;
        any = true;
        if (ox <= oy) {
          var sx = (a.x < b.x || (a.x === b.x && a.order < b.order) ? -1 : 1) * ox * strength / 2;
          a.x += sx; b.x -= sx;
        } else {
          var ca = a.y + (a.top + a.bottom) / 2, cb = b.y + (b.top + b.bottom) / 2;
          var sy = (ca < cb || (ca === cb && a.order < b.order) ? -1 : 1) * oy * strength / 2;
          a.y += sy; b.y -= sy;
        }
      }
    }
    return any;
  }

  function simulate(active, links, W, H, alpha, rand) {
    var cx = W / 2, cy = H / 2;
    var gx = 0.03, gy = Math.min(0.15, 0.03 * W / H);
    var alphaMin = 0.001, decay = 1 - Math.pow(alphaMin, 1 / 300);
    active.forEach(function (nd) { nd.deg = 0; });
    links.forEach(function (e) { e.s.deg += 1; e.t.deg += 1; });
    while (alpha > alphaMin) {
      alpha += (0 - alpha) * decay;
      links.forEach(function (e) {
        var s = e.s, t = e.t;
        var dx = t.x + t.vx - s.x - s.vx, dy = t.y + t.vy - s.y - s.vy;
        if (!dx && !dy) { dx = (rand() - 0.5) * 1e-3; dy = (rand() - 0.5) * 1e-3; }
        var l = Math.sqrt(dx * dx + dy * dy);
        var want = 40 + (s.hw + t.hw) * 0.7;
        var k = (e.r.kind === 'co-mention' ? 0.3 + 0.7 * e.r.score : 1) / Math.min(s.deg, t.deg);
        l = ((l - want) / l) * alpha * k;
        dx *= l; dy *= l;
        var bias = s.deg / (s.deg + t.deg);
        t.vx -= dx * bias; t.vy -= dy * bias;
        s.vx += dx * (1 - bias); s.vy += dy * (1 - bias);
      });
      for (var i = 0; i < active.length; i++) {
        var a = active[i];
        for (var j = i + 1; j < active.length; j++) {
          var b = active[j];
          var dx2 = b.x - a.x, dy2 = b.y - a.y;
          if (!dx2 && !dy2) { dx2 = (rand() - 0.5) * 1e-3; dy2 = (rand() - 0.5) * 1e-3; }
          var l2 = Math.max(dx2 * dx2 + dy2 * dy2, 25);
          var w = (-CHARGE * (a.hw + b.hw + 60)) * alpha / l2;
          a.vx += dx2 * w; a.vy += dy2 * w;
          b.vx -= dx2 * w; b.vy -= dy2 * w;
        }
      }
      active.forEach(function (nd) {
        nd.vx += (cx - nd.x) * gx * alpha;
        nd.vy += (cy - nd.y) * gy * alpha;
        nd.vx *= 0.6; nd.vy *= 0.6;
        nd.x += nd.vx; nd.y += nd.vy;
        clampNode(nd, W, H);
      });
      collide(active, 0.5);
      active.forEach(function (nd) { clampNode(nd, W, H); });
    }
    for (var pass = 0; pass < 600; pass++) {  // then nothing but room for every label
      var any = collide(active, 1);
      active.forEach(function (nd) { clampNode(nd, W, H); });
      if (!any) break;
    }
    active.forEach(function (nd) { nd.vx = 0; nd.vy = 0; });
  }

  function drawEdge(e) {
    [e.hit, e.line].forEach(function (line) {
      line.setAttribute('x1', e.s.x.toFixed(1)); line.setAttribute('y1', e.s.y.toFixed(1));
      line.setAttribute('x2', e.t.x.toFixed(1)); line.setAttribute('y2', e.t.y.toFixed(1));
    });
  }

  function placeNode(nd) {
    nd.g.setAttribute('transform', 'translate(' + nd.x.toFixed(1) + ',' + nd.y.toFixed(1) + ')');
    nd.edges.forEach(function (e) { if (e.s.placed && e.t.placed) drawEdge(e); });
  }

  /* Lay out the nodes the current view shows: a fresh layout the first time, then (after the
     toggle) from where the nodes stand, new ones next to a neighbour. */
  function layoutGraph() {
    var gs = graphState;
    gs.edges.forEach(function (e) { e.shown = e.r.key || gs.showAll; });
    var active = gs.nodes.filter(function (nd) {
      nd.shown = nd.salient || nd.edges.some(function (e) { return e.shown; });
      return nd.shown;
    });
    var links = gs.edges.filter(function (e) { return e.shown && e.s !== e.t; });
    var area = 0;
    active.forEach(function (nd) { area += (2 * nd.hw + 2 * GAP) * (nd.bottom - nd.top + 2 * GAP); });
    var W = gs.W, H = Math.round(Math.min(1000, Math.max(200, (3.2 * area) / W + 100 + 4 * links.length)));
    var old = gs.H || H;
    gs.H = H;
    var placed = active.filter(function (nd) { return nd.placed; });
    placed.forEach(function (nd) { nd.y = nd.y * H / old; });
    var fresh = active.filter(function (nd) { return !nd.placed; })
      .sort(function (a, b) { return b.salience - a.salience || a.order - b.order; });
    fresh.forEach(function (nd, i) {
      var near = null;
      nd.edges.forEach(function (e) {
        var other = e.s === nd ? e.t : e.s;
        if (!near && e.shown && other.placed) near = other;
      });
      if (near) {
        var angle = rand2PI(gs.rand);
        nd.x = near.x + 60 * Math.cos(angle);
        nd.y = near.y + 40 * Math.sin(angle);
      } else {  // a spiral out from the centre, most salient first
        var k = i + placed.length;
        var radius = 30 * Math.sqrt(k + 0.5), turn = k * Math.PI * (3 - Math.sqrt(5));
        nd.x = W / 2 + 1.8 * radius * Math.cos(turn) + (gs.rand() - 0.5);
        nd.y = H / 2 + radius * Math.sin(turn) + (gs.rand() - 0.5);
      }
      nd.vx = 0; nd.vy = 0;
      nd.placed = true;
    });
    simulate(active, links, W, H, placed.length ? 0.4 : 1, gs.rand);
    gs.svg.setAttribute('viewBox', '0 0 ' + W + ' ' + H);
    active.forEach(placeNode);
  }

  function rand2PI(rand) { return rand() * 2 * Math.PI; }

  function graphPaint() {
    var gs = graphState;
    if (!gs) return;
    var ends = {};
    gs.edges.forEach(function (e) {
      e.visible = e.shown && e.r.score >= state.minScore;
      e.g.classList.toggle('off', !e.shown);
      e.g.classList.toggle('sel', e.n === state.relation);
      if (e.n === state.relation) { ends[e.s.order] = true; ends[e.t.order] = true; }
    });
    gs.nodes.forEach(function (nd) {
      var on = nd.shown && (nd.salient || nd.edges.some(function (e) { return e.visible; }));
      nd.g.classList.toggle('off', !on);
      nd.g.classList.toggle('focus', !!nd.key && nd.key === state.actor);
      nd.g.classList.toggle('end', !!ends[nd.order]);
    });
  }

  function showAllCoMentions(on) {
    if (!graphState) return;
    graphState.showAll = on;
    layoutGraph();
    paint();
    var status = document.getElementById('graph-status');
    if (status) status.textContent = status.getAttribute(on ? 'data-all' : 'data-default');
  }

  function lightUp(nd) {
    var gs = graphState;
    gs.svg.classList.toggle('lit', !!nd);
    gs.nodes.forEach(function (o) { o.g.classList.remove('near'); });
    gs.edges.forEach(function (e) { e.g.classList.remove('near'); });
    if (!nd) return;
    nd.g.classList.add('near');
    nd.edges.forEach(function (e) {
      if (!e.visible) return;
      e.g.classList.add('near');
      e.s.g.classList.add('near');
      e.t.g.classList.add('near');
    });
  }

  function wireNode(nd) {
    var gs = graphState, g = nd.g;
    g.addEventListener('pointerdown', function (event) {
      if (event.button !== 0) return;
      var ctm = gs.svg.getScreenCTM();
      if (!ctm) return;
      var inverse = ctm.inverse();
      var at = function (ev) {
        var p = gs.svg.createSVGPoint();
        p.x = ev.clientX; p.y = ev.clientY;
        return p.matrixTransform(inverse);
      };
      var start = at(event), dx = nd.x - start.x, dy = nd.y - start.y, moved = false;
      nd.dragged = false;
      try { g.setPointerCapture(event.pointerId); } catch (err) { /* not a live pointer */ }
      var move = function (ev) {
        var p = at(ev);
        if (!moved && Math.abs(p.x - start.x) + Math.abs(p.y - start.y) < 4) return;
        moved = true;
        nd.dragged = true;
        gs.svg.classList.add('dragging');
        nd.x = p.x + dx; nd.y = p.y + dy;
        clampNode(nd, gs.W, gs.H);
        placeNode(nd);
      };
      var up = function () {
        g.removeEventListener('pointermove', move);
        g.removeEventListener('pointerup', up);
        g.removeEventListener('pointercancel', up);
        gs.svg.classList.remove('dragging');
      };
      g.addEventListener('pointermove', move);
      g.addEventListener('pointerup', up);
      g.addEventListener('pointercancel', up);
    });
    g.addEventListener('click', function () {
      if (nd.dragged) { nd.dragged = false; return; }
      if (nd.key) focusActor(nd.key);
    });
    g.addEventListener('keydown', function (event) {
      if ((event.key === 'Enter' || event.key === ' ') && nd.key) { event.preventDefault(); focusActor(nd.key); }
    });
    g.addEventListener('mouseenter', function () { lightUp(nd); });
    g.addEventListener('mouseleave', function () { lightUp(null); });
  }

  function graph() {
    var host = document.getElementById('relation-graph');
    if (!host || !view.relations.length) return;
    var W = Math.round(Math.min(1100, Math.max(480, host.clientWidth || 880)));
    var svg = svgEl('svg', { 'aria-label': 'Graph of relations between actors', role: 'group' });
    svg.style.maxWidth = W + 'px';
    var edgeLayer = svgEl('g', { 'class': 'edges' });
    var nodeLayer = svgEl('g', { 'class': 'nodes' });
    svg.appendChild(edgeLayer);
    svg.appendChild(nodeLayer);
    host.appendChild(svg);

    var nodes = [], index = {};
    function node(key, name) {
      var id = key || ('?' + name);
      if (!(id in index)) {
        var actor = view.actors[key] || { name: name, salience: 0.2, type: 'unknown', typeName: 'Actor', salient: false };
        index[id] = nodes.length;
        nodes.push({ key: key, name: actor.name, type: actor.type, typeName: actor.typeName,
                     salience: Math.max(0, Math.min(1, actor.salience || 0)), salient: !!actor.salient,
                     edges: [], order: nodes.length, x: 0, y: 0, vx: 0, vy: 0, placed: false });
      }
      return nodes[index[id]];
    }
    var edges = view.relations.map(function (r, n) {
      var e = { n: n, r: r, s: node(r.source, r.sourceName), t: node(r.target, r.targetName) };
      e.s.edges.push(e);
      if (e.t !== e.s) e.t.edges.push(e);
      return e;
    });
    graphState = { host: host, svg: svg, nodes: nodes, edges: edges, W: W, H: 0, showAll: false, rand: random(GRAPH_SEED) };

    // co-mentions underneath, the strongest lines on top
    edges.slice().sort(function (a, b) {
      return (a.r.kind === 'co-mention' ? 0 : 1) - (b.r.kind === 'co-mention' ? 0 : 1) || a.r.score - b.r.score || a.n - b.n;
    }).forEach(function (e) {
      var label = e.r.sourceName + ' \u2014 ' + e.r.name.toLowerCase() + ' \u2014 ' + e.r.targetName;
      var g = svgEl('g', { 'class': 'edge rel-' + e.r.kind, 'data-relation': e.n, tabindex: 0, role: 'button', 'aria-label': label });
      e.hit = svgEl('line', { 'class': 'hit', stroke: 'transparent', 'stroke-width': 14 });
      e.line = svgEl('line', { 'class': 'line', 'stroke-width': (1.2 + 3 * e.r.score).toFixed(2) });
      if (e.r.kind === 'co-mention') e.line.setAttribute('stroke-dasharray', '5 4');
      var title = svgEl('title');
      title.textContent = label + ' (' + Number(e.r.score).toFixed(2) + ')';
      g.appendChild(title);
      g.appendChild(e.hit);
      g.appendChild(e.line);
      g.addEventListener('click', function () { selectRelation(e.n); });
      g.addEventListener('keydown', function (event) {
        if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); selectRelation(e.n); }
      });
      e.g = g;
      edgeLayer.appendChild(g);
    });

    nodes.forEach(function (nd) {
      nd.r = 5 + 11 * Math.sqrt(nd.salience);
      var g = svgEl('g', { 'class': 'node type-' + nd.type + (nd.salient ? ' salient' : ''), tabindex: 0, role: 'button',
                           'aria-label': nd.name + ' (' + String(nd.typeName).toLowerCase() + ')' });
      if (nd.key) g.setAttribute('data-actor', nd.key);
      var shape = mark(nd);
      var label = svgEl('text', { 'class': 'label', 'text-anchor': 'middle', y: (nd.reach + 13).toFixed(1) });
      label.textContent = nd.name.length > LABEL_MAX ? nd.name.slice(0, LABEL_MAX - 1) + '\u2026' : nd.name;
      var title = svgEl('title');
      title.textContent = nd.name + ' \u00b7 ' + nd.typeName + ' \u00b7 salience ' + nd.salience.toFixed(2);
      nd.plate = svgEl('rect', { 'class': 'plate', rx: 3 });
      g.appendChild(title);
      g.appendChild(shape);
      g.appendChild(nd.plate);
      g.appendChild(label);
      nodeLayer.appendChild(g);
      nd.g = g;
      nd.label = label;
    });
    nodes.forEach(function (nd) {  // the footprint: the mark and the label under it
      var width = 0;
      try { width = nd.label.getComputedTextLength(); } catch (err) { width = 0; }
      if (!width) width = nd.label.textContent.length * 7;
      var plate = { x: -width / 2 - 2, y: nd.reach + 2, width: width + 4, height: 15 };
      Object.keys(plate).forEach(function (name) { nd.plate.setAttribute(name, plate[name].toFixed(1)); });
      nd.hw = Math.max(nd.reach, width / 2) + 3;
      nd.top = -nd.reach - 2;
      nd.bottom = nd.reach + 18;
    });
    nodes.forEach(wireNode);
    layoutGraph();
    host.setAttribute('data-ready', 'true');
  }

  buildArticle();
  wire();
  graph();
  paint();
  document.getElementById('report').setAttribute('data-ready', 'true');
})();
