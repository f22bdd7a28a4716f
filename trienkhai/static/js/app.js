// Lazy tree: load a node's children the first time it is opened.
document.addEventListener("toggle", function (event) {
  const details = event.target;
  if (!(details instanceof HTMLDetailsElement) || !details.open || !details.dataset.children) return;
  const list = details.querySelector(":scope > ul");
  if (!list || list.dataset.loaded) return;
  list.dataset.loaded = "1";
  fetch(details.dataset.children, { headers: { "HX-Request": "true" }, credentials: "same-origin" })
    .then((r) => (r.ok ? r.text() : Promise.reject(r.status)))
    .then((html) => { list.innerHTML = html; })
    .catch(() => { list.dataset.loaded = ""; });
}, true);

// The top menu's groups (<details class="menu-group">): one open at a time; a click elsewhere or
// Escape closes it. Without this script the groups still open and close, each on its own.
document.addEventListener("toggle", function (event) {
  const group = event.target;
  if (!(group instanceof HTMLDetailsElement) || !group.classList.contains("menu-group") || !group.open) return;
  document.querySelectorAll("details.menu-group[open]").forEach((other) => {
    if (other !== group) other.open = false;
  });
}, true);
document.addEventListener("click", function (event) {
  document.querySelectorAll("details.menu-group[open]").forEach((group) => {
    if (!group.contains(event.target)) group.open = false;
  });
});
document.addEventListener("keydown", function (event) {
  if (event.key !== "Escape") return;
  document.querySelectorAll("details.menu-group[open]").forEach((group) => {
    group.open = false;
    group.querySelector("summary").focus();
  });
});

// A wide table scrolls sideways inside its .table-wrap (phones). A keyboard user can scroll it
// only if the wrap takes focus, so a wrap that overflows gets tabindex="0" and the name of its
// section's heading (axe: scrollable-region-focusable); one that fits stays out of the tab order.
function markScrollableTables() {
  document.querySelectorAll(".table-wrap").forEach((wrap) => {
    if (wrap.scrollWidth > wrap.clientWidth + 1) {
      wrap.tabIndex = 0;
      wrap.setAttribute("role", "region");
      const heading = wrap.closest("section, main")?.querySelector("h1, h2, h3");
      if (heading && !wrap.hasAttribute("aria-label")) wrap.setAttribute("aria-label", heading.textContent.trim());
    } else if (wrap.getAttribute("tabindex") === "0") {
      wrap.removeAttribute("tabindex");
      wrap.removeAttribute("role");
    }
  });
}
document.addEventListener("DOMContentLoaded", markScrollableTables);
window.addEventListener("resize", markScrollableTables);

// A form sent back with errors (a refused upload, a bad date): its first message can sit below
// the visible part of a phone's screen, under a long form. Bring it to the middle of the screen
// and give it focus, so the user sees it and a screen reader reads it (issue 13.8).
function showFirstFormError() {
  const error = document.querySelector("main form .errorlist, main .errorlist");
  if (!error) return;
  error.tabIndex = -1;
  error.setAttribute("role", "alert");
  error.scrollIntoView({ block: "center" });
  error.focus({ preventScroll: true });
}
document.addEventListener("DOMContentLoaded", showFirstFormError);
