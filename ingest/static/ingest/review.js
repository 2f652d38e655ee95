// Keyboard review of ingest proposals: j/k move, a accepts, r rejects, e edits.
// Served as a file (the Content-Security-Policy allows no inline script).
"use strict";
(function () {
  const rows = Array.from(document.querySelectorAll("tr.proposal-row"));
  if (!rows.length) return;
  let current = 0;

  function select(index) {
    current = (index + rows.length) % rows.length;
    rows.forEach((row) => row.classList.remove("current"));
    document.querySelectorAll("mark.current").forEach((mark) => mark.classList.remove("current"));
    const row = rows[current];
    row.classList.add("current");
    row.focus({ preventScroll: true });
    row.scrollIntoView({ block: "nearest" });
    const marks = document.querySelectorAll(`mark[data-proposal="${row.dataset.proposal}"]`);
    marks.forEach((mark) => mark.classList.add("current"));
    if (marks.length) marks[0].scrollIntoView({ block: "nearest" });
  }

  function press(key) {
    const target = rows[current].querySelector(`[data-key="${key}"]`);
    if (target) target.click();
  }

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest("input, textarea, select")) return;
    const actions = {
      j: () => select(current + 1),
      k: () => select(current - 1),
      a: () => press("accept"),
      r: () => press("reject"),
      e: () => press("edit"),
    };
    if (!actions[event.key]) return;
    event.preventDefault();
    actions[event.key]();
  });

  document.querySelectorAll("mark[data-proposal]").forEach((mark) => {
    mark.addEventListener("click", () => {
      select(rows.findIndex((row) => row.dataset.proposal === mark.dataset.proposal));
    });
  });

  // After a decision the page comes back at #proposal-N: go on to the next waiting one.
  const decided = rows.findIndex((row) => "#" + row.id === location.hash);
  const waiting = rows.findIndex((row, i) => i > decided && row.classList.contains("proposed"));
  select(waiting >= 0 ? waiting : Math.max(decided, 0));
})();
