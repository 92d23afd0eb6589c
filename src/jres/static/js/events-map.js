/* Maps of events, drawn with Leaflet over the server's GeoJSON.
   The list beside the map is the primary content and works without JavaScript: the map
   only adds a way to look. Markers are focusable and open with Enter. */
(function () {
  "use strict";
  if (!window.L) { return; }

  var FRANCE = [46.6, 2.4];
  var FRANCE_ZOOM = 5;

  function addTiles(map, element) {
    if (element.dataset.tiles) {
      L.tileLayer(element.dataset.tiles, { attribution: element.dataset.attribution, maxZoom: 18 }).addTo(map);
    }
  }

  function parseCenter(value) {
    if (!value) { return null; }
    var parts = value.split(",").map(parseFloat);
    return parts.length === 2 && isFinite(parts[0]) && isFinite(parts[1]) ? parts : null;
  }

  /* ---------- The event page: one point ---------- */
  function eventMap(element) {
    var point = [parseFloat(element.dataset.lat), parseFloat(element.dataset.lon)];
    if (!isFinite(point[0]) || !isFinite(point[1])) { return; }
    element.hidden = false;
    var map = L.map(element, { maxZoom: 18, scrollWheelZoom: false }).setView(point, 15);
    addTiles(map, element);
    L.marker(point, { title: element.dataset.title, alt: element.dataset.title, keyboard: false }).addTo(map);
  }

  /* ---------- The list page: clusters and points for the current view ---------- */
  function listMap(element) {
    var section = element.closest("[data-map-section]");
    if (section) { section.hidden = false; }
    var form = document.getElementById("event-filters");
    var status = document.querySelector("[data-map-status]");
    var labels = element.dataset;
    var language = document.documentElement.lang || "fr";
    var dateFormat = new Intl.DateTimeFormat(language, { weekday: "long", day: "numeric", month: "long", hour: "2-digit", minute: "2-digit" });

    var map = L.map(element, { maxZoom: 18, minZoom: 2, worldCopyJump: true });
    addTiles(map, element);
    var clusters = L.layerGroup().addTo(map);
    // Several events at one place (a town's schools, say) open up like a fan when clicked.
    var points = (L.markerClusterGroup
      ? L.markerClusterGroup({ maxClusterRadius: 20, showCoverageOnHover: false, spiderfyOnMaxZoom: true })
      : L.layerGroup()).addTo(map);
    var area = L.layerGroup().addTo(map);
    var controller = null;
    var lastCenter = null;

    function filterQuery() {
      // A widget has no form: its selection is fixed in data-query.
      var params = new URLSearchParams(form ? "" : element.dataset.query || "");
      if (form) {
        new FormData(form).forEach(function (value, key) {
          if (value !== "") { params.append(key, value); }
        });
      }
      if (!params.get("lat") || !params.get("lon")) { params.delete("rayon"); }
      return params;
    }

    function label(template, count) { return (template || "%(count)s").replace("%(count)s", count); }

    function clusterMarker(latlng, count) {
      var size = count < 10 ? "small" : count < 100 ? "medium" : "large";
      var number = Number(count).toLocaleString(language);
      // The accessible name starts with the visible number, written the same way.
      var text = label(labels.labelCluster, number);
      var marker = L.marker(latlng, {
        icon: L.divIcon({
          html: "<span>" + number + "</span>",
          className: "map-cluster map-cluster--" + size,
          iconSize: size === "small" ? [34, 34] : size === "medium" ? [42, 42] : [52, 52]
        }),
        title: text,
        keyboard: true
      });
      marker.on("add", function () {
        var icon = marker.getElement();
        if (icon) { icon.setAttribute("aria-label", text); }
      });
      function zoomIn() { map.setView(latlng, Math.min(map.getZoom() + 2, 18)); }
      marker.on("click", zoomIn);
      // A focused cluster is a button: Enter or Space zooms in too.
      marker.on("keydown", function (event) {
        var key = event.originalEvent.key;
        if (key === "Enter" || key === " ") { event.originalEvent.preventDefault(); zoomIn(); }
      });
      return marker;
    }

    function popupContent(properties) {
      var box = document.createElement("div");
      box.className = "map-popup";
      var title = document.createElement("a");
      title.href = properties.url;
      if (labels.linkTarget) { title.target = labels.linkTarget; }
      title.className = "map-popup__title";
      title.textContent = properties.title;
      box.appendChild(title);
      var when = document.createElement("p");
      var date = new Date(properties.date);
      when.textContent = (isNaN(date) ? properties.date : dateFormat.format(date)) + " · " + properties.city;
      box.appendChild(when);
      if (properties.school) {
        var school = document.createElement("p");
        school.textContent = labels.labelSchool;
        box.appendChild(school);
      }
      if (properties.cancelled) {
        var cancelled = document.createElement("p");
        cancelled.className = "map-popup__cancelled";
        cancelled.textContent = labels.labelCancelled;
        box.appendChild(cancelled);
      }
      return box;
    }

    function pointMarker(latlng, properties) {
      var marker = L.marker(latlng, { title: properties.title, alt: properties.title, keyboard: true });
      marker.bindPopup(popupContent(properties));
      // Keyboard users land on the popup's link, ready to open the event.
      marker.on("popupopen", function (event) {
        var link = event.popup.getElement().querySelector("a.map-popup__title");
        if (link) { link.focus(); }
      });
      return marker;
    }

    /* Markers are kept from one answer to the next when unchanged: an open popup stays open
       when the map pans to show it, and focus stays on a marker still there. */
    var shown = {};

    function draw(collection) {
      var next = {};
      var added = { clusters: [], points: [] };
      collection.features.forEach(function (feature) {
        var coordinates = feature.geometry.coordinates;
        var properties = feature.properties;
        var key = properties.count
          ? "c" + properties.count + "@" + coordinates.join(",")
          : "p" + properties.id;
        if (shown[key]) { next[key] = shown[key]; return; }
        var latlng = L.latLng(coordinates[1], coordinates[0]);
        if (properties.count) {
          next[key] = { layer: clusters, marker: clusterMarker(latlng, properties.count) };
          added.clusters.push(next[key].marker);
        } else {
          next[key] = { layer: points, marker: pointMarker(latlng, properties) };
          added.points.push(next[key].marker);
        }
      });
      var gone = [];
      Object.keys(shown).forEach(function (key) {
        if (next[key]) { return; }
        if (shown[key].layer === points) { gone.push(shown[key].marker); }
        else { clusters.removeLayer(shown[key].marker); }
      });
      if (points.removeLayers) { points.removeLayers(gone); points.addLayers(added.points); }
      else {
        gone.forEach(function (marker) { points.removeLayer(marker); });
        added.points.forEach(function (marker) { points.addLayer(marker); });
      }
      added.clusters.forEach(function (marker) { clusters.addLayer(marker); });
      shown = next;
      if (status) { status.textContent = ""; }
    }

    function load() {
      var params = filterQuery();
      var bounds = map.getBounds();
      params.set("zoom", map.getZoom());
      params.set("bbox", [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()]
        .map(function (number) { return number.toFixed(3); }).join(","));
      if (controller) { controller.abort(); }
      controller = window.AbortController ? new AbortController() : null;
      fetch(element.dataset.url + "?" + params.toString(), {
        headers: { Accept: "application/geo+json" },
        signal: controller ? controller.signal : undefined
      })
        .then(function (response) {
          if (!response.ok) { throw new Error(response.status); }
          return response.json();
        })
        .then(draw)
        .catch(function (error) {
          if (error.name !== "AbortError" && status) { status.textContent = labels.labelError; }
        });
    }

    function drawArea() {
      area.clearLayers();
      var params = filterQuery();
      var latitude = parseFloat(params.get("lat"));
      var longitude = parseFloat(params.get("lon"));
      var radius = parseFloat(params.get("rayon"));
      if (isFinite(latitude) && isFinite(longitude) && isFinite(radius)) {
        area.addLayer(L.circle([latitude, longitude], { radius: radius * 1000, weight: 2, fill: false, interactive: false }));
      }
    }

    /* Results swapped in: follow their suggested view (near me, a commune, a department),
       otherwise stay where the reader is and redraw with the new filters. */
    function follow(results, first) {
      // The list page's results say where to look; a widget says it on the map itself.
      var meta = results ? results.querySelector("[data-event-results]") : element;
      var centerValue = meta ? meta.dataset.center || "" : "";
      var center = parseCenter(centerValue);
      drawArea();
      if (center && centerValue !== lastCenter) {
        map.setView(center, parseInt(meta.dataset.zoom, 10) || 10);
      } else if (first) {
        map.setView(FRANCE, FRANCE_ZOOM);
      }
      lastCenter = centerValue;
      // A view that did not move fires no moveend: load in any case (a newer load aborts an older one).
      load();
    }

    var results = document.getElementById("event-results");
    follow(results, true);
    map.on("moveend", load);
    document.body.addEventListener("htmx:afterSettle", function (event) {
      if (event.detail && event.detail.target === results) { follow(results, false); }
    });
  }

  var single = document.getElementById("event-map");
  if (single) { eventMap(single); }
  var list = document.getElementById("events-map");
  if (list) { listMap(list); }
})();
