/* The organiser's pin: a draggable marker that fills the form's latitude/longitude fields.
   Without JavaScript the form still works: the point then comes from the address. */
(function () {
  "use strict";
  var element = document.getElementById("pin-map");
  if (!element || !window.L) { return; }
  var latitude = document.getElementById("id_latitude");
  var longitude = document.getElementById("id_longitude");
  var hasPoint = element.dataset.lat !== "" && element.dataset.lon !== "";
  var start = hasPoint
    ? [parseFloat(element.dataset.lat.replace(",", ".")), parseFloat(element.dataset.lon.replace(",", "."))]
    : [46.6, 2.4];
  var map = L.map(element, { maxZoom: 18 }).setView(start, hasPoint ? 15 : 5);
  if (element.dataset.tiles) {
    L.tileLayer(element.dataset.tiles, { attribution: element.dataset.attribution, maxZoom: 18 }).addTo(map);
  }
  var marker = null;

  function store(latlng) {
    latitude.value = latlng.lat.toFixed(6);
    longitude.value = latlng.lng.toFixed(6);
  }

  function place(latlng) {
    if (marker) { marker.setLatLng(latlng); }
    else {
      marker = L.marker(latlng, { draggable: true, keyboard: true, title: element.getAttribute("aria-label") }).addTo(map);
      marker.on("dragend", function () { store(marker.getLatLng()); });
      // Arrow keys move the pin a few metres at a time for keyboard users.
      marker.on("keydown", function (event) {
        var step = 0.0005 * Math.pow(2, 15 - map.getZoom());
        var moves = { ArrowUp: [step, 0], ArrowDown: [-step, 0], ArrowLeft: [0, -step], ArrowRight: [0, step] };
        var move = moves[event.originalEvent.key];
        if (!move) { return; }
        event.originalEvent.preventDefault();
        var position = marker.getLatLng();
        var next = L.latLng(position.lat + move[0], position.lng + move[1]);
        marker.setLatLng(next);
        store(next);
      });
    }
  }

  if (hasPoint) { place(start); }
  map.on("click", function (event) { place(event.latlng); store(event.latlng); });
})();
