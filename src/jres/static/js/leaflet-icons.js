/* Point Leaflet's default marker at the collected (hashed) image files. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!window.L || !script) { return; }
  L.Icon.Default.mergeOptions({
    iconUrl: script.dataset.icon,
    iconRetinaUrl: script.dataset.iconRetina,
    shadowUrl: script.dataset.shadow
  });
  // An empty path stops Leaflet guessing one from its stylesheet and prefixing the URLs above.
  L.Icon.Default.imagePath = "";
})();
