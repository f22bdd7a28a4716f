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
