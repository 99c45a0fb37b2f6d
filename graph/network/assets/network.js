// Kamergraaf network page: draws the precomputed layout (physics off) and filters nodes in the vis DataSet.
// Every text from the graph goes into the page through textContent, never innerHTML.
(function () {
  "use strict";
  var started = performance.now();
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var KINDS = data.kinds;
  var DOCUMENT = "document";

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  function safeUrl(url) {
    return typeof url === "string" && /^https?:\/\//i.test(url) ? url : null;
  }

  function describe(n) {
    var parts = [KINDS[n.kind].label];
    if (n.docType) parts.push(n.docType);
    if (n.date) parts.push(n.date);
    if (n.papers) parts.push(n.papers + (n.papers === 1 ? " paper" : " papers"));
    return parts.join(" · ");
  }

  function tooltip(n) {
    var box = el("div");
    box.appendChild(el("strong", n.name));
    box.appendChild(el("span", describe(n)));
    if (safeUrl(n.url)) box.appendChild(el("span", n.url));
    return box;
  }

  // --- adjacency, used by the filters --------------------------------------------------------------------------
  var byId = {};
  var neighbours = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; neighbours[n.id] = []; });
  data.edges.forEach(function (e) { neighbours[e.from].push(e.to); neighbours[e.to].push(e.from); });
  var hasDocuments = data.nodes.some(function (n) { return n.kind === DOCUMENT; });

  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    var style = KINDS[n.kind];
    return {
      id: n.id, label: n.label, x: n.x, y: n.y, size: n.size, shape: style.shape,
      color: { background: style.color, border: style.border, highlight: { background: style.color, border: "#000" } },
      borderWidth: n.id === data.focus ? 4 : 1, title: tooltip(n), hidden: false
    };
  }));
  var edges = new vis.DataSet(data.edges.map(function (e) {
    return { id: e.id, from: e.from, to: e.to, width: e.width, title: e.title };
  }));

  var container = document.getElementById("kg-network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  window.kgNetwork = { network: network, nodes: nodes, edges: edges, drawnAt: null, started: started };
  network.once("afterDrawing", function () {
    window.kgNetwork.drawnAt = performance.now();
    document.body.setAttribute("data-drawn", "true");
  });

  // --- details panel ------------------------------------------------------------------------------------------
  var details = document.getElementById("kg-details");
  network.on("selectNode", function (params) {
    var n = byId[params.nodes[0]];
    details.textContent = "";
    details.appendChild(el("h2", n.name));
    details.appendChild(el("p", describe(n)));
    var url = safeUrl(n.url);
    if (url) {
      var a = el("a", "Official page");
      a.href = url;
      a.rel = "noopener noreferrer";
      details.appendChild(el("p")).appendChild(a);
    }
    if (data.resourceLink) {
      var r = el("a", "Resource page");
      r.href = data.resourceLink.replace("{iri}", encodeURIComponent(n.id));
      r.target = "_top";  // the server shows this page in an iframe: open the resource as the whole page
      details.appendChild(el("p")).appendChild(r);
    }
    details.appendChild(el("p", n.id, "kg-iri"));
    details.hidden = false;
  });
  network.on("deselectNode", function () { details.hidden = true; });

  // --- filters -------------------------------------------------------------------------------------------------
  var form = document.getElementById("kg-filters");
  var status = document.getElementById("kg-status");
  var dossierSelect = form.elements.dossier, actorSelect = form.elements.actor;
  var since = form.elements.since, until = form.elements.until;

  function fill(select, kinds) {
    data.nodes
      .filter(function (n) { return kinds.indexOf(n.kind) >= 0; })
      .sort(function (a, b) { return a.label < b.label ? -1 : a.label > b.label ? 1 : 0; })
      .forEach(function (n) {
        var option = el("option", n.kind === "dossier" && n.name !== n.label ? n.label + " " + n.name : n.label);
        option.value = n.id;
        select.appendChild(option);
      });
  }
  fill(dossierSelect, ["dossier"]);
  fill(actorSelect, ["person", "post", "organisation"]);
  if (!hasDocuments) document.getElementById("kg-period").hidden = true;

  function adjacentTo(id, other) { return neighbours[id].indexOf(other) >= 0; }

  function visibleSet() {
    var dossier = dossierSelect.value, actor = actorSelect.value, low = since.value, high = until.value;
    if (!dossier && !actor && !low && !high) return null;
    var visible = {};
    if (hasDocuments) {
      data.nodes.forEach(function (n) {
        if (n.kind !== DOCUMENT) return;
        if (dossier && !adjacentTo(n.id, dossier)) return;
        if (actor && !adjacentTo(n.id, actor)) return;
        if ((low || high) && (!n.date || (low && n.date < low) || (high && n.date.slice(0, 10) > high))) return;
        visible[n.id] = true;
        neighbours[n.id].forEach(function (m) { visible[m] = true; });
      });
    } else {  // aggregated view: keep the actor-dossier links that match
      data.edges.forEach(function (e) {
        var ends = [e.from, e.to];
        if (dossier && ends.indexOf(dossier) < 0) return;
        if (actor && ends.indexOf(actor) < 0) return;
        visible[e.from] = visible[e.to] = true;
      });
    }
    return visible;
  }

  function apply(event) {
    var visible = visibleSet(), changes = [], ids = [];
    nodes.forEach(function (n) {
      var hide = visible !== null && !visible[n.id];
      if (!hide) ids.push(n.id);
      if (hide !== n.hidden) changes.push({ id: n.id, hidden: hide });
    });
    nodes.update(changes);
    if (event && ids.length) network.fit({ nodes: ids, animation: false });  // zoom to what the filter left
    var shown = ids.length;
    status.textContent = shown + " of " + data.nodes.length + " nodes shown" +
      (data.truncated ? " (the nearest of " + data.truncated + ")" : "");
  }
  form.addEventListener("change", apply);
  form.addEventListener("reset", function (event) { setTimeout(function () { apply(event); }, 0); });
  form.addEventListener("submit", function (event) { event.preventDefault(); apply(event); });
  apply();
})();
