/* Small enhancements of the events pages; each works as a plain link or form without it.
   - the filter form: "near me" from the browser's position, empty fields left out of the URL;
   - the event page: a button that copies the event's link. */
(function () {
  "use strict";

  function submit(form) {
    if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
  }

  /* ---------- Filters ---------- */
  var form = document.getElementById("event-filters");
  if (form) {
    var near = form.querySelector("[data-near-me]");
    if (near && "geolocation" in navigator) {
      near.hidden = false;
      var latitude = near.querySelector("[data-near-latitude]");
      var longitude = near.querySelector("[data-near-longitude]");
      var locate = near.querySelector("[data-near-locate]");
      var clear = near.querySelector("[data-near-clear]");
      var status = near.querySelector("[data-near-status]");
      locate.hidden = false;

      locate.addEventListener("click", function () {
        status.textContent = near.dataset.labelSearching;
        locate.disabled = true;
        navigator.geolocation.getCurrentPosition(function (position) {
          // Two decimals (about a kilometre): enough to find events, too coarse to find a home
          // in a link someone shares.
          latitude.value = position.coords.latitude.toFixed(2);
          longitude.value = position.coords.longitude.toFixed(2);
          locate.disabled = false;
          clear.hidden = false;
          status.textContent = near.dataset.labelFound;
          submit(form);
        }, function (error) {
          locate.disabled = false;
          status.textContent = error.code === 1 ? near.dataset.labelDenied : near.dataset.labelUnavailable;
        }, { enableHighAccuracy: false, timeout: 15000, maximumAge: 600000 });
      });

      clear.addEventListener("click", function (event) {
        event.preventDefault();
        latitude.value = "";
        longitude.value = "";
        clear.hidden = true;
        status.textContent = "";
        submit(form);
      });
    }

    // Shorter, shareable addresses: only the filters in use go into the URL htmx pushes.
    document.body.addEventListener("htmx:configRequest", function (event) {
      var data = event.detail.formData;
      if (event.detail.elt !== form || !data) { return; }
      Array.from(new Set(Array.from(data.keys()))).forEach(function (key) {
        var values = data.getAll(key).filter(function (value) { return value !== ""; });
        data.delete(key);
        values.forEach(function (value) { data.append(key, value); });
      });
      if (!data.get("lat") || !data.get("lon")) { data.delete("rayon"); }
    });
  }

  /* ---------- Copy the event's link ---------- */
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var input = document.getElementById(button.dataset.copy);
    var status = button.closest(".share__copy").querySelector("[data-copy-status]");
    if (!input) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      function done(ok) { status.textContent = ok ? button.dataset.labelCopied : button.dataset.labelFailed; }
      function fallback() {
        input.select();
        var copied = false;
        try { copied = document.execCommand("copy"); } catch (error) { copied = false; }
        done(copied);
      }
      input.select();
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(input.value).then(function () { done(true); }, fallback);
      } else {
        fallback();
      }
    });
  });
})();
