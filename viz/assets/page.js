/* kg viz page script. Document text is data: it reaches the page only through textContent and canvas
   labels, never innerHTML, and nodes carry no vis `title` (tooltips would be HTML-capable). */
(function () {
  "use strict";

  var T = {
    nodesLinks: function (n, m) { return n + " nút, " + m + " liên kết (nodes, links)"; },
    omitted: function (n, m) {
      return "Lược bớt " + n + " nút, " + m + " liên kết vì đồ thị quá lớn (left out: graph too large)";
    },
    laying: "Đang bố trí đồ thị… (laying out)",
    done: "Đã bố trí xong (layout done)",
    noMatch: "Không tìm thấy (no match)",
    more: function (n) { return "… và " + n + " mục khác (more)"; },
    yes: "Có (yes)",
    fields: [
      ["symbol", "Số ký hiệu (symbol)"], ["doc_kind", "Loại văn bản (document kind)"],
      ["title", "Trích yếu (title)"], ["date", "Ngày (date)"], ["year", "Năm (year)"],
      ["issuer", "Cơ quan ban hành (issuer)"], ["lead", "Cơ quan chủ trì (lead agency)"],
      ["cooperating", "Cơ quan phối hợp (cooperating)"], ["deadline", "Thời hạn (deadline)"],
      ["source", "Nguồn (source)"], ["iri", "IRI"]
    ],
    kind: "Loại (kind)", inferred: "Suy luận (inferred)", relation: "Quan hệ (relation)",
    from: "Từ (from)", to: "Đến (to)", predicate: "Vị từ (predicate)", label: "Nhãn (label)",
    links: "Liên kết (links)", evidence: "Bằng chứng trích dẫn (quoted evidence)",
    noEvidence: "Không có trích dẫn (no quoted evidence)", file: "Tệp (file)", span: "ký tự (chars)"
  };

  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var timing = { start: performance.now() };
  var state = { ready: false, readyBy: null, timing: timing, lastFocus: null };
  var kinds = {};
  data.kinds.forEach(function (k) { kinds[k.kind] = k; });

  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var hiddenKinds = {};
  var nodeView = new vis.DataView(nodes, { filter: function (n) { return !hiddenKinds[n.group]; } });
  var container = document.getElementById("kg-network");
  var network = new vis.Network(container, { nodes: nodeView, edges: edges }, data.options);
  timing.created = performance.now();

  var statusEl = document.getElementById("kg-status");
  function markReady(how) {
    if (state.ready) { return; }
    state.ready = true;
    state.readyBy = how;
    timing.ready = performance.now();
    statusEl.textContent = T.done;
    document.body.setAttribute("data-state", "ready");
    document.dispatchEvent(new CustomEvent("kg:ready", { detail: { by: how } }));
  }
  network.on("stabilizationProgress", function (p) {
    statusEl.textContent = T.laying + " " + Math.round(100 * p.iterations / p.total) + "%";
  });
  network.once("stabilizationIterationsDone", function () {
    timing.stabilized = performance.now();
    network.setOptions({ physics: { enabled: false } });
    markReady("stabilizationIterationsDone");
  });
  if (!data.options.physics || !data.options.physics.enabled) {
    network.once("afterDrawing", function () { markReady("afterDrawing"); });
  }
  /* Level of detail, set from the zoom before vis draws (on "zoom", on ready, when a view change ends).
     Canvas dashes cost per dash, even off screen: inferred edges are dashed only when a dash is about a
     pixel or more (dash_scale) and the dashes of all inferred edges together stay within dash_budget (a wide
     hierarchy has edges hundreds of thousands of units long). Otherwise they stay solid and translucent.
     Large pages draw arrowheads only when zoomed in. */
  var inferredIds = data.edges.filter(function (e) { return e.inferred; }).map(function (e) { return e.id; });
  var inferredLength = null;
  var detail = { dashes: false, arrows: !data.large };
  function measureInferred() {
    var positions = network.getPositions(), total = 0;
    inferredIds.forEach(function (id) {
      var e = data.edges[id], a = positions[e.from], b = positions[e.to];
      if (a && b) { total += Math.sqrt((a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y)); }
    });
    return total;
  }
  function updateDetail(params) {
    var scale = params && typeof params.scale === "number" ? params.scale : network.getScale();
    if (inferredIds.length && inferredLength === null && state.ready) { inferredLength = measureInferred(); }
    var dashes = inferredLength !== null && scale >= data.dash_scale &&
      scale * inferredLength / data.dash_period <= data.dash_budget;
    if (dashes !== detail.dashes && inferredIds.length) {
      edges.update(inferredIds.map(function (id) { return { id: id, dashes: dashes }; }));
    }
    detail.dashes = dashes;
    var arrows = !data.large || scale >= data.arrow_scale;
    if (arrows !== detail.arrows) {
      network.setOptions({ edges: { arrows: { to: { enabled: arrows } } } });
    }
    detail.arrows = arrows;
  }
  network.on("zoom", updateDetail);
  document.addEventListener("kg:ready", function () { updateDetail(); });

  /* A focus ends with the first drawing after the view reached its target; "kg:focused" says so. */
  var focusing = null;
  network.on("animationFinished", function () {
    updateDetail();
    if (focusing) { focusing.moving = false; network.redraw(); }
  });
  network.on("afterDrawing", function () {
    if (focusing && !focusing.moving) {
      focusing.end = performance.now();
      focusing = null;
      document.dispatchEvent(new CustomEvent("kg:focused"));
    }
  });

  /* ---- small DOM helpers: text only ---- */
  function el(tag, text, className) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (className) { e.className = className; }
    return e;
  }
  function show(value) {
    if (Array.isArray(value)) { return value.map(show).join("; "); }
    if (value !== null && typeof value === "object") { return JSON.stringify(value); }
    return String(value);
  }
  function kindName(kind) { var k = kinds[kind]; return k ? k.vi + " (" + k.en + ")" : kind; }

  /* ---- header counts and legend with kind filters ---- */
  var counts = data.counts;
  var countsEl = document.getElementById("kg-counts");
  countsEl.textContent = T.nodesLinks(counts.nodes, counts.edges);
  if (counts.omitted_nodes > 0 || counts.omitted_edges > 0) {
    var warn = el("p", T.omitted(counts.omitted_nodes, counts.omitted_edges), "kg-status kg-warning");
    document.getElementById("kg-legend").appendChild(warn);
  }
  var kindList = document.getElementById("kg-kinds");
  var checkboxes = {};
  data.kinds.forEach(function (k) {
    if (!k.count) { return; }
    var li = el("li"), label = el("label"), box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.value = k.kind;
    box.setAttribute("data-kind", k.kind);
    box.addEventListener("change", function () { setKindVisible(k.kind, box.checked); });
    checkboxes[k.kind] = box;
    var swatch = el("span", null, "kg-swatch kg-shape-" + k.shape);
    swatch.style.background = k.background;
    swatch.style.borderColor = k.border;
    label.appendChild(box);
    label.appendChild(swatch);
    label.appendChild(document.createTextNode(k.vi + " (" + k.en + ")"));
    li.appendChild(label);
    li.appendChild(el("span", k.count, "kg-count"));
    kindList.appendChild(li);
  });
  var relList = document.getElementById("kg-relations");
  data.relations.forEach(function (r) {
    var li = el("li"), line = el("span", null, "kg-line");
    line.style.borderTopColor = r.color;
    li.appendChild(line);
    li.appendChild(document.createTextNode(r.vi === r.en ? r.vi : r.vi + " (" + r.en + ")"));
    relList.appendChild(li);
  });
  function setKindVisible(kind, visible) {
    if (visible) { delete hiddenKinds[kind]; } else { hiddenKinds[kind] = true; }
    if (checkboxes[kind]) { checkboxes[kind].checked = visible; }
    nodeView.refresh();
  }

  /* ---- side panel ---- */
  var panelBody = document.getElementById("kg-panel-body");
  var panelHint = panelBody.firstElementChild;

  function openPanel(heading) {
    panelBody.replaceChildren();
    panelBody.appendChild(el("h2", heading));
    return panelBody;
  }
  function addRow(dl, name, value) {
    if (value === undefined || value === null || value === "") { return; }
    dl.appendChild(el("dt", name));
    var dd = el("dd");
    if (value instanceof Node) { dd.appendChild(value); } else { dd.textContent = show(value); }
    dl.appendChild(dd);
  }
  function nodeLink(id) {
    var b = el("button", data.node_details[id].label);
    b.type = "button";
    b.addEventListener("click", function () { focusNode(id); });
    return b;
  }
  function showNode(id) {
    var d = data.node_details[id];
    var body = openPanel(d.label);
    var dl = el("dl");
    addRow(dl, T.kind, kindName(d.kind) + (d.kind_name ? " — " + d.kind_name : ""));
    T.fields.forEach(function (f) { addRow(dl, f[1], d[f[0]]); });
    if (d.inferred) { addRow(dl, T.inferred, T.yes); }
    body.appendChild(dl);
    var connected = network.getConnectedEdges(id);
    if (connected.length) {
      body.appendChild(el("h3", T.links + ": " + connected.length));
      var ul = el("ul");
      connected.slice(0, 40).forEach(function (edgeId) {
        var e = data.edge_details[edgeId], li = el("li");
        var out = e.from === id;
        var b = el("button", (out ? "→ " : "← ") + e.relation + " · " +
          data.node_details[out ? e.to : e.from].label);
        b.type = "button";
        b.addEventListener("click", function () { network.selectEdges([edgeId]); showEdge(edgeId); });
        li.appendChild(b);
        if (e.inferred) { li.appendChild(el("span", T.inferred, "kg-badge")); }
        ul.appendChild(li);
      });
      if (connected.length > 40) { ul.appendChild(el("li", T.more(connected.length - 40))); }
      body.appendChild(ul);
    }
  }
  function showEdge(id) {
    var e = data.edge_details[id];
    var body = openPanel(e.relation);
    if (e.inferred) { body.firstChild.appendChild(el("span", T.inferred, "kg-badge")); }
    var dl = el("dl");
    addRow(dl, T.from, nodeLink(e.from));
    addRow(dl, T.to, nodeLink(e.to));
    addRow(dl, T.predicate, e.predicate);
    addRow(dl, T.label, e.label);
    if (e.inferred) { addRow(dl, T.inferred, T.yes); }
    body.appendChild(dl);
    body.appendChild(el("h3", T.evidence));
    if (!e.evidence || !e.evidence.length) { body.appendChild(el("p", T.noEvidence, "kg-cite")); return; }
    e.evidence.forEach(function (ev) {
      if (ev.quote !== undefined && ev.quote !== null) { body.appendChild(el("blockquote", show(ev.quote))); }
      var cite = [];
      if (ev.source !== undefined && ev.source !== null) { cite.push(T.file + ": " + show(ev.source)); }
      if (ev.start !== undefined || ev.end !== undefined) {
        cite.push(T.span + " " + show(ev.start === undefined ? "?" : ev.start) + "–" +
          show(ev.end === undefined ? "?" : ev.end));
      }
      Object.keys(ev).sort().forEach(function (key) {
        if (["quote", "source", "start", "end"].indexOf(key) < 0) { cite.push(key + ": " + show(ev[key])); }
      });
      body.appendChild(el("p", cite.join(" · "), "kg-cite"));
    });
  }
  network.on("click", function (params) {
    if (params.nodes.length) { showNode(params.nodes[0]); } else if (params.edges.length) {
      showEdge(params.edges[0]);
    } else { panelBody.replaceChildren(panelHint); }
  });

  /* ---- search: symbol, label or title, without diacritics ---- */
  function fold(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d")
      .toLowerCase().replace(/\s+/g, " ").trim();
  }
  var index = data.node_details.map(function (d, id) {
    return { id: id, symbol: fold(d.symbol || ""), text: fold([d.label, d.title || "", d.key].join(" ")) };
  });
  function search(query) {
    var q = fold(query);
    if (!q) { return []; }
    var hits = [];
    index.forEach(function (entry) {
      var rank = entry.symbol === q ? 0 : entry.symbol.indexOf(q) === 0 ? 1 : entry.symbol.indexOf(q) >= 0 ? 2 :
        entry.text.indexOf(q) >= 0 ? 3 : -1;
      if (rank >= 0) { hits.push([rank, entry.id]); }
    });
    hits.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    return hits.map(function (h) { return h[1]; });
  }
  function focusNode(id) {
    var kind = data.nodes[id].group;
    if (hiddenKinds[kind]) { setKindVisible(kind, true); }
    /* vis animations advance per frame, not per millisecond: a large page jumps instead of gliding. */
    var animate = !data.large;
    focusing = state.lastFocus = { id: id, start: performance.now(), end: null, moving: animate };
    network.selectNodes([id]);
    var scale = Math.max(network.getScale(), 1.0);
    network.focus(id, { scale: scale,
      animation: animate ? { duration: 300, easingFunction: "easeInOutQuad" } : false });
    if (!animate) { updateDetail({ scale: scale }); }
    showNode(id);
  }
  var form = document.getElementById("kg-search");
  var input = document.getElementById("kg-search-input");
  var results = document.getElementById("kg-results");
  function listResults() {
    var hits = search(input.value);
    results.replaceChildren();
    if (!input.value.trim()) { results.hidden = true; return hits; }
    if (!hits.length) { results.appendChild(el("li", T.noMatch, "kg-hint")); }
    hits.slice(0, 20).forEach(function (id) {
      var d = data.node_details[id], li = el("li"), b = el("button", d.label);
      b.type = "button";
      b.appendChild(el("small", kindName(d.kind) + (d.title && d.title !== d.label ? " · " + d.title : "")));
      b.addEventListener("click", function () { results.hidden = true; focusNode(id); });
      li.appendChild(b);
      results.appendChild(li);
    });
    if (hits.length > 20) { results.appendChild(el("li", T.more(hits.length - 20), "kg-hint")); }
    results.hidden = false;
    return hits;
  }
  input.addEventListener("input", listResults);
  input.addEventListener("keydown", function (ev) { if (ev.key === "Escape") { results.hidden = true; } });
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var hits = listResults();
    if (hits.length) { results.hidden = true; focusNode(hits[0]); }
  });

  window.kgViz = { network: network, detail: detail, nodes: nodes, edges: edges, data: data, state: state,
    search: search, focusNode: focusNode, setKindVisible: setKindVisible };
}());
