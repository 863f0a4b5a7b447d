// The drawing and the step-through: the topology's SVG (made by the server, every string
// escaped there) parsed as SVG, never as HTML; each step lights the component it happened at
// and the way there; the last marks where the request ended.

const SVG_NS = "http://www.w3.org/2000/svg";

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

// Text with its AWS page references as links: `<https://...>` and the catalogue's shorthand
// (`APIGW/page`, `KC/article`).
export function linkify(text, shorthand) {
  const frag = document.createDocumentFragment();
  const names = Object.keys(shorthand || {}).join("|");
  const re = new RegExp(`<(https://[^>\\s]+)>${names ? `|\\b(${names})/([\\w.-]+[\\w])` : ""}`, "g");
  let at = 0;
  for (let m; (m = re.exec(text)); ) {
    frag.appendChild(document.createTextNode(text.slice(at, m.index)));
    const href = m[1] || shorthand[m[2]].replace("{}", m[3]);
    const a = el("a", null, m[1] || `${m[2]}/${m[3]}`);
    a.href = href;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    frag.appendChild(a);
    at = m.index + m[0].length;
  }
  frag.appendChild(document.createTextNode(text.slice(at)));
  return frag;
}

export function ruleNodes(ids, rules) {
  const out = [];
  for (const id of ids || []) {
    const p = el("p", "rule");
    const a = el("a", null, id);
    a.href = `${rules.url}#${id}`;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    a.title = "This rule in docs/aws-rules.md";
    p.append(a, document.createTextNode(" "));
    const words = rules.rules[id];
    p.appendChild(words ? linkify(words, rules.shorthand) : document.createTextNode("(not in this catalogue)"));
    out.push(p);
  }
  return out;
}

// Scrolls the drawing's box (not the page) so that `box` (in the SVG's units) is in view.
function reveal(container, box) {
  const svg = container.querySelector("svg");
  if (!svg) return;
  const scale = svg.width.baseVal.value / svg.viewBox.baseVal.width;
  const [x, y, w, h] = [box.x * scale, box.y * scale, box.width * scale, box.height * scale];
  if (x < container.scrollLeft || x + w > container.scrollLeft + container.clientWidth) {
    container.scrollLeft = Math.max(0, x + w / 2 - container.clientWidth / 2);
  }
  if (y < container.scrollTop || y + h > container.scrollTop + container.clientHeight) {
    container.scrollTop = Math.max(0, y + h / 2 - container.clientHeight / 2);
  }
}

export function setupPlayer(ui, rules, onPick) {
  let svg = null;
  let req = null;
  let index = -1;
  let revealed = false;
  let timer = null;

  function draw(text, notDrawn) {
    svg = null;
    ui.drawing.replaceChildren();
    if (!text) {
      ui.drawing.appendChild(el("p", "note", notDrawn || "Nothing to draw."));
      return;
    }
    const doc = new DOMParser().parseFromString(text, "image/svg+xml");
    const root = doc.documentElement;
    if (root.namespaceURI !== SVG_NS || root.querySelector("script, foreignObject")) {
      ui.drawing.appendChild(el("p", "note", "The drawing could not be read."));
      return;
    }
    svg = document.importNode(root, true);
    ui.drawing.appendChild(svg);
    // Fit the width when that keeps the text readable, else scroll.
    const w = parseFloat(svg.getAttribute("width"));
    const h = parseFloat(svg.getAttribute("height"));
    const room = ui.drawing.clientWidth - 2;
    const width = Math.min(w * 1.15, Math.max(room, w * 0.72));
    svg.setAttribute("width", String(Math.round(width)));
    svg.setAttribute("height", String(Math.round((h * width) / w)));
    for (const g of svg.querySelectorAll(".node")) {
      g.addEventListener("click", () => onPick(g.dataset.key));
    }
  }

  function node(key) {
    return svg && key ? svg.querySelector(`[data-key="${CSS.escape(key)}"]`) : null;
  }

  function light() {
    if (!svg) return;
    for (const e of svg.querySelectorAll(".visited, .current, .hot, .end")) {
      e.classList.remove("visited", "current", "hot", "end", "ok", "bad");
    }
    for (const e of svg.querySelectorAll(".end-label")) e.remove();
    if (!req || index < 0) return;
    const seen = new Set();
    req.steps.slice(0, index + 1).forEach((s) => s.key && seen.add(s.key));
    for (const k of seen) node(k)?.classList.add("visited");
    node(req.steps[index]?.key)?.classList.add("current");
    for (const e of svg.querySelectorAll(".edge")) {
      if (seen.has(e.dataset.from) && seen.has(e.dataset.to)) e.classList.add("hot");
    }
    if (revealed && index === req.steps.length - 1 && req.end) {
      const end = node(req.end);
      if (end) {
        const how = req.answered ? "ok" : "bad";
        end.classList.add("end", how);
        const r = end.querySelector("rect");
        const t = document.createElementNS(SVG_NS, "text");
        t.setAttribute("class", `end-label ${how}`);
        t.setAttribute("x", r.getAttribute("x"));
        t.setAttribute("y", String(parseFloat(r.getAttribute("y")) + parseFloat(r.getAttribute("height")) + 14));
        t.textContent = `ended: ${req.outcome}`;
        end.appendChild(t);
        reveal(ui.drawing, r.getBBox());
      }
    }
  }

  function showStep() {
    const items = ui.steps.children;
    for (let i = 0; i < items.length; i++) {
      items[i].classList.toggle("current", i === index);
      if (i === index) items[i].setAttribute("aria-current", "step");
      else items[i].removeAttribute("aria-current");
    }
    ui.step.replaceChildren();
    const total = req ? req.steps.length : 0;
    ui.counter.textContent = total ? `step ${index + 1} of ${total}` : "";
    if (req && index >= 0) {
      const s = req.steps[index];
      const head = el("div", "what");
      head.append(el("strong", null, `${s.kind} ${s.at}`.trim()), document.createTextNode(`: ${s.what}`));
      ui.step.append(head, ...ruleNodes(s.rules, rules));
      if (index === total - 1) {
        ui.step.append(el("div", "what", `=> ${req.outcome}${req.detail ? ` — ${req.detail}` : ""}`));
        ui.step.append(...ruleNodes(req.rules.filter((r) => !s.rules.includes(r)), rules));
      }
      const item = items[index];
      if (item) {
        const list = ui.steps;
        if (item.offsetTop < list.scrollTop) list.scrollTop = item.offsetTop;
        else if (item.offsetTop + item.offsetHeight > list.scrollTop + list.clientHeight) {
          list.scrollTop = item.offsetTop + item.offsetHeight - list.clientHeight;
        }
      }
    }
    light();
  }

  function go(i) {
    if (!req) return;
    index = Math.max(0, Math.min(req.steps.length - 1, i));
    showStep();
  }

  function stop() {
    clearInterval(timer);
    timer = null;
    ui.play.textContent = "▶ play";
  }

  function play() {
    if (timer) return stop();
    if (!req) return;
    if (index >= req.steps.length - 1) go(0);
    ui.play.textContent = "⏸ pause";
    timer = setInterval(() => {
      if (index >= req.steps.length - 1) return stop();
      go(index + 1);
    }, 900);
  }

  ui.first.addEventListener("click", () => { stop(); go(0); });
  ui.back.addEventListener("click", () => { stop(); go(index - 1); });
  ui.forward.addEventListener("click", () => { stop(); go(index + 1); });
  ui.last.addEventListener("click", () => { stop(); go(req ? req.steps.length - 1 : 0); });
  ui.play.addEventListener("click", play);
  ui.keys.addEventListener("keydown", (e) => {
    if (e.target.matches("textarea, input, select")) return;
    const k = { ArrowLeft: () => go(index - 1), ArrowRight: () => go(index + 1), Home: () => go(0),
      End: () => go(req.steps.length - 1), " ": play }[e.key];
    if (k && req && revealed) { e.preventDefault(); if (e.key !== " ") stop(); k(); }
  });

  return {
    draw,
    // Shows `r`'s steps; lit and marked only once `reveal`ed.
    request(r, reveal) {
      stop();
      req = r;
      revealed = reveal;
      ui.steps.replaceChildren();
      if (r) {
        r.steps.forEach((s, i) => {
          const li = el("li", s.allowed === false ? "denied" : "", `${s.kind} ${s.at}: ${s.what}`);
          li.addEventListener("click", () => { stop(); go(i); });
          ui.steps.appendChild(li);
        });
      }
      index = reveal && r ? r.steps.length - 1 : -1;
      showStep();
    },
    pick(key) {
      if (!svg) return;
      for (const e of svg.querySelectorAll(".picked")) e.classList.remove("picked");
      node(key)?.classList.add("picked");
    },
    stop,
  };
}
