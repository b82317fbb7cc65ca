// phasegate report: filters by phase, minimum severity and status.
(function () {
  "use strict";
  var rank = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };
  var phaseSel = document.getElementById("filter-phase");
  var sevSel = document.getElementById("filter-severity");
  var statusSel = document.getElementById("filter-status");
  var shown = document.getElementById("visible-count");
  var none = document.getElementById("no-match");
  var rows = Array.prototype.slice.call(document.querySelectorAll("[data-testid=rule]"));
  var cards = Array.prototype.slice.call(document.querySelectorAll("[data-testid=phase-card]"));
  if (!phaseSel || !sevSel || !statusSel) {
    return;
  }

  function statusMatches(wanted, status) {
    if (!wanted) {
      return true;
    }
    if (wanted === "problem") {
      return status === "fail" || status === "error";
    }
    return status === wanted;
  }

  function apply() {
    var phase = phaseSel.value;
    var min = rank[sevSel.value] || 0;
    var status = statusSel.value;
    var visible = 0;
    rows.forEach(function (row) {
      var ok = (!phase || row.dataset.phase === phase) &&
        (rank[row.dataset.severity] || 0) >= min &&
        statusMatches(status, row.dataset.status);
      row.hidden = !ok;
      if (ok) {
        visible += 1;
      }
    });
    cards.forEach(function (card) {
      card.setAttribute("aria-pressed", String(card.dataset.phase === phase));
    });
    shown.textContent = "Showing " + visible + " of " + rows.length + " rules";
    none.hidden = visible !== 0;
  }

  [phaseSel, sevSel, statusSel].forEach(function (sel) {
    sel.addEventListener("change", apply);
  });
  cards.forEach(function (card) {
    card.addEventListener("click", function () {
      phaseSel.value = phaseSel.value === card.dataset.phase ? "" : card.dataset.phase;
      apply();
    });
  });
  document.documentElement.classList.add("js");
  apply();
})();
