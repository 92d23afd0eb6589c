/* The partners' map, drawn with Leaflet over the directory's GeoJSON.
   The list is the primary content and works without JavaScript: the map only adds a way
   to look. Markers are focusable; Enter opens the popup, whose link then takes the focus. */
(function () {
  "use strict";
  var element = document.getElementById("partners-map");
  if (!window.L || !element) { return; }

  var section = element.closest("[data-map-section]");
  if (section) { section.hidden = false; }
  var status = document.querySelector("[data-map-status]");
  var map = L.map(element, { maxZoom: 14, minZoom: 2, scrollWheelZoom: false }).setView([46.6, 2.4], 5);
  if (element.dataset.tiles) {
    L.tileLayer(element.dataset.tiles, { attribution: element.dataset.attribution, maxZoom: 18 }).addTo(map);
  }

  function popupContent(properties) {
    var box = document.createElement("div");
    box.className = "map-popup";
    var link = document.createElement("a");
    link.href = properties.url;
    link.className = "map-popup__title";
    link.textContent = properties.name;
    box.appendChild(link);
    var kind = document.createElement("p");
    kind.textContent = properties.kind;
    box.appendChild(kind);
    return box;
  }

  function draw(collection) {
    var markers = collection.features.map(function (feature) {
      var coordinates = feature.geometry.coordinates;
      var marker = L.marker([coordinates[1], coordinates[0]], {
        title: feature.properties.name, alt: feature.properties.name, keyboard: true
      });
      marker.bindPopup(popupContent(feature.properties));
      marker.on("popupopen", function (event) {
        var link = event.popup.getElement().querySelector("a.map-popup__title");
        if (link) { link.focus(); }
      });
      return marker.addTo(map);
    });
    // Overseas authorities are far from mainland France: show every marker.
    if (markers.length > 1) { map.fitBounds(L.featureGroup(markers).getBounds().pad(0.1)); }
    else if (markers.length === 1) { map.setView(markers[0].getLatLng(), 9); }
  }

  fetch(element.dataset.url, { headers: { Accept: "application/geo+json" } })
    .then(function (response) {
      if (!response.ok) { throw new Error(response.status); }
      return response.json();
    })
    .then(draw)
    .catch(function () { if (status) { status.textContent = element.dataset.labelError; } });
})();
