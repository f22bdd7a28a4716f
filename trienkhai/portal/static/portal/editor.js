// A tiny toolbar over the article body: wraps the selection in one of the tags the
// server keeps (everything else is removed by the sanitiser anyway).
(function () {
  const area = document.querySelector("textarea.richtext");
  if (!area) return;
  const bar = document.createElement("div");
  bar.className = "rt-bar";
  const tools = [["B", "<strong>", "</strong>"], ["I", "<em>", "</em>"], ["H2", "<h2>", "</h2>"], ["H3", "<h3>", "</h3>"],
    ["“ ”", "<blockquote>", "</blockquote>"], ["• —", "<ul>\n<li>", "</li>\n</ul>"], ["¶", "<p>", "</p>"]];
  tools.forEach(function (t) {
    const b = document.createElement("button");
    b.type = "button"; b.className = "secondary"; b.textContent = t[0];
    b.addEventListener("click", function () { wrap(t[1], t[2]); });
    bar.appendChild(b);
  });
  const link = document.createElement("button");
  link.type = "button"; link.className = "secondary"; link.textContent = "🔗";
  link.addEventListener("click", function () {
    const url = window.prompt("URL (https://…)");
    if (url && /^https?:\/\//i.test(url)) wrap('<a href="' + url.replace(/"/g, "%22") + '">', "</a>");
  });
  bar.appendChild(link);
  area.parentNode.insertBefore(bar, area);
  function wrap(open, close) {
    const s = area.selectionStart, e = area.selectionEnd, v = area.value;
    area.value = v.slice(0, s) + open + v.slice(s, e) + close + v.slice(e);
    area.focus();
    area.selectionStart = s + open.length; area.selectionEnd = e + open.length;
  }
})();
