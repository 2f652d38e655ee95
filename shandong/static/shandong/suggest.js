/* Shandong Records: the list pages' filter form, a little helped by script.
 * - Related-record boxes (input[data-suggest][list]) suggest names as the reader types:
 *   each option's value is the slug the filter takes, its label the record's name.
 * - On a phone the form is folded behind its "Filters" summary.
 * Without this script the form is open and each box takes a slug or words of a name. */
(function () {
  "use strict";

  var WAIT = 150; // ms after the last key
  var SHORTEST = 2; // characters

  function attach(input) {
    var list = document.getElementById(input.getAttribute("list"));
    if (!list) return;
    var url = input.getAttribute("data-suggest");
    var timer = null;
    var asked = "";
    var pending = null;

    function fill(items) {
      var options = items.map(function (item) {
        var option = document.createElement("option");
        option.value = item.slug;
        option.label = item.name;
        option.textContent = item.name;
        return option;
      });
      list.replaceChildren.apply(list, options);
    }

    function ask() {
      var text = input.value.trim();
      if (text.length < SHORTEST || text === asked) return;
      asked = text;
      if (pending) pending.abort();
      pending = new AbortController();
      fetch(url + "?q=" + encodeURIComponent(text), {
        headers: { Accept: "application/json" },
        signal: pending.signal,
      })
        .then(function (response) { return response.ok ? response.json() : []; })
        .then(function (items) { if (input.value.trim() === text) fill(items); })
        .catch(function () { /* aborted or offline: the box still takes typed text */ });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, WAIT);
    });
  }

  document.querySelectorAll("input[data-suggest][list]").forEach(attach);

  var fold = document.querySelector("details.filter-fold");
  if (fold && window.matchMedia) {
    var phone = window.matchMedia("(max-width: 46rem)");
    if (phone.matches && !fold.hasAttribute("data-keep-open")) fold.open = false;
    // Wider again: the summary is hidden there, so the form must show.
    phone.addEventListener("change", function (event) { if (!event.matches) fold.open = true; });
  }
})();
