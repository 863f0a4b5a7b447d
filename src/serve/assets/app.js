// The page: lessons, the editor, each request predicted then played over the drawing, and
// each verified fix tried. Talks only to its own server's JSON API.

import { setupEditor } from "./editor.js";
import { setupPlayer } from "./player.js";
import { readFragment, linkFor, unpack, download } from "./share.js";

const $ = (id) => document.getElementById(id);
const el = (tag, cls, text) => {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
};

const BUCKETS = [
  ["2xx", "an answer (2xx)"], ["403", "403 Forbidden"], ["404", "404 Not Found"],
  ["4xx/5xx", "another HTTP error"], ["timeout", "a timeout (dropped)"],
  ["dns-failure", "a DNS failure"], ["tls-error", "a TLS error"],
  ["connected", "a TCP connection"], ["refused", "refused"],
];

const state = {
  lessons: [], lesson: null, sim: null, shown: null, request: 0,
  revealed: new Set(), seq: 0, fixView: null,
};

async function api(path, body) {
  const res = await fetch(path, body === undefined ? {} : {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body),
  });
  const data = await res.json().catch(() => ({ error: `${res.status} ${res.statusText}` }));
  if (!res.ok) throw new Error(data.error || `${res.status}`);
  return data;
}

function status(text, bad) {
  $("status").textContent = text || "";
  $("status").classList.toggle("bad", !!bad);
}

const rules = await api("/api/rules").catch(() => ({ rules: {}, shorthand: {}, url: "" }));
const editor = setupEditor({
  textarea: $("source"), pre: $("highlight"), list: $("problems"),
  onEdit: () => simulate(),
});
const player = setupPlayer({
  drawing: $("drawing"), steps: $("steps"), step: $("step"), counter: $("counter"),
  first: $("first"), back: $("back"), play: $("play"), forward: $("forward"), last: $("last"),
  keys: document,
}, rules, (key) => {
  if ($("quiz").hidden) return;
  $("where").value = key;
  player.pick(key);
});

function renderLessons() {
  const list = $("lessons");
  const pick = $("lesson-select");
  list.replaceChildren();
  pick.replaceChildren();
  let chapter = null;
  let group = null;
  for (const l of state.lessons) {
    if (l.chapter !== chapter) {
      chapter = l.chapter;
      list.appendChild(el("li", "chapter", chapter));
      group = el("optgroup");
      group.label = chapter;
      pick.appendChild(group);
    }
    const li = el("li");
    const b = el("button", null, l.title);
    b.type = "button";
    b.dataset.lesson = l.id;
    b.title = l.path;
    b.addEventListener("click", () => openLesson(l.id));
    li.appendChild(b);
    list.appendChild(li);
    const o = el("option", null, l.title);
    o.value = l.id;
    group.appendChild(o);
  }
  pick.addEventListener("change", () => openLesson(pick.value));
}

function markLesson() {
  for (const b of $("lessons").querySelectorAll("button")) {
    b.setAttribute("aria-current", String(b.dataset.lesson === state.lesson));
  }
  if (state.lesson) $("lesson-select").value = state.lesson;
}

async function openLesson(id, text) {
  state.lesson = id;
  state.request = 0;
  state.revealed.clear();
  markLesson();
  const l = state.lessons.find((x) => x.id === id);
  if (text === undefined) {
    try {
      text = (await api(`/api/lessons/${encodeURIComponent(id)}`)).text;
    } catch (e) {
      return status(`Cannot open the lesson: ${e.message}`, true);
    }
  }
  $("title").textContent = l ? l.title : "Your scenario";
  $("description").textContent = l ? l.description : "";
  editor.set(text);
  await simulate();
}

async function simulate() {
  const seq = ++state.seq;
  status("Simulating…");
  let sim;
  try {
    sim = await api("/api/simulate", { lesson: state.lesson, text: editor.text });
  } catch (e) {
    if (seq === state.seq) status(e.message, true);
    return;
  }
  if (seq !== state.seq) return;
  if (!sim.ok) {
    editor.showProblems(sim.problems);
    const n = sim.problems.length;
    status(`The scenario has ${n} problem${n === 1 ? "" : "s"}: the last good simulation stays shown. Mend it to simulate again.`, true);
    return;
  }
  editor.showProblems(sim.warnings);
  state.sim = sim;
  state.fixView = null;
  $("title").textContent = sim.scenario;
  $("description").textContent = sim.description || "";
  status(`${sim.requests.length} request${sim.requests.length === 1 ? "" : "s"} simulated.`);
  show(sim);
}

// Shows a simulation: the original, or one with a fix applied.
function show(sim) {
  state.shown = sim;
  player.draw(sim.svg, sim.not_drawn);
  const tabs = $("requests");
  tabs.replaceChildren();
  sim.requests.forEach((r, i) => {
    const b = el("button", null, r.name);
    b.type = "button";
    b.setAttribute("role", "tab");
    b.dataset.index = String(i);
    b.addEventListener("click", () => selectRequest(i));
    tabs.appendChild(b);
  });
  const where = $("where");
  where.replaceChildren(el("option", null, "— choose a component —"));
  where.firstChild.value = "";
  const groups = new Map();
  for (const p of sim.places) {
    if (!groups.has(p.kind)) {
      const g = el("optgroup");
      g.label = p.kind;
      groups.set(p.kind, g);
      where.appendChild(g);
    }
    const o = el("option", null, p.label);
    o.value = p.key;
    groups.get(p.kind).appendChild(o);
  }
  selectRequest(Math.min(state.request, sim.requests.length - 1));
}

function selectRequest(i) {
  const sim = state.shown;
  state.request = i;
  for (const b of $("requests").children) {
    b.setAttribute("aria-selected", String(b.dataset.index === String(i)));
  }
  const r = sim.requests[i];
  $("whatif").hidden = true;
  if (!r) {
    $("quiz").hidden = true;
    $("answer").hidden = true;
    $("request-line").textContent = "This scenario has no requests.";
    player.request(null, false);
    return;
  }
  $("request-line").textContent = `${r.method} ${r.url} from ${r.from}`;
  const quiz = $("quiz-on").checked && !state.revealed.has(r.name) && !state.fixView;
  $("quiz").hidden = !quiz;
  $("answer").hidden = quiz;
  $("where").value = "";
  for (const input of $("what").querySelectorAll("input")) input.checked = false;
  $("verdict").textContent = state.fixView ? `With the edit “${state.fixView}”:` : "";
  player.request(r, !quiz);
  if (!quiz) revealed(r);
}

function revealed(r) {
  const o = $("outcome");
  o.textContent = `=> ${r.outcome}${r.detail ? ` — ${r.detail}` : ""}`;
  o.className = `outcome ${r.answered ? "ok" : "bad"}`;
  if (r.expect && r.expect.length) {
    o.appendChild(el("div", null, `expect: fails (${r.expect.join("; ")})`));
  }
  if (!state.fixView && (!r.answered || (r.expect && r.expect.length))) loadFixes(r);
}

function reveal() {
  const r = state.shown.requests[state.request];
  const where = $("where").value;
  const what = $("what").querySelector("input:checked")?.value;
  const place = state.shown.places.find((p) => p.key === r.end);
  const bucket = BUCKETS.find((b) => b[0] === r.bucket);
  const parts = [];
  parts.push(where === r.end ? "✓ right place" : `✗ it ends at ${place ? place.label : "its client"}`);
  parts.push(what === r.bucket ? "✓ right outcome" : `✗ it gets ${bucket ? bucket[1] : r.outcome}`);
  state.revealed.add(r.name);
  $("quiz").hidden = true;
  $("answer").hidden = false;
  $("verdict").textContent = where || what ? parts.join(" · ") : "The answer:";
  player.request(r, true);
  revealed(r);
  $("first").focus({ preventScroll: true });
}

async function loadFixes(r) {
  const box = $("whatif");
  box.hidden = false;
  $("fixes").replaceChildren();
  $("changes").replaceChildren();
  $("whatif-note").textContent = "Looking for single edits that fix it…";
  let found;
  try {
    found = await api("/api/fix", { lesson: state.lesson, text: editor.text, request: r.name });
  } catch (e) {
    $("whatif-note").textContent = e.message;
    return;
  }
  if (!found.ok) {
    $("whatif-note").textContent = found.error || "The scenario has problems.";
    return;
  }
  $("whatif-note").textContent = found.fixes.length
    ? `${found.fixes.length} of ${found.tried} edits tried fix it, each verified by simulating the whole scenario again. Try one:`
    : `None of the ${found.tried} single edits tried fixes it.`;
  for (const f of found.fixes) {
    const b = el("button", null, `What if we ${f.title}? → ${f.outcome}`);
    b.type = "button";
    b.dataset.fix = f.title;
    b.addEventListener("click", () => tryFix(f));
    $("fixes").appendChild(b);
  }
}

async function tryFix(f) {
  const out = $("changes");
  out.replaceChildren(el("p", "hint", "Simulating with the edit…"));
  let d;
  try {
    d = await api("/api/diff", { lesson: state.lesson, text: editor.text, after: f.yaml });
  } catch (e) {
    out.replaceChildren(el("p", "hint", e.message));
    return;
  }
  if (!d.ok || !d.after.ok) {
    out.replaceChildren(el("p", "hint", "The edited scenario does not read."));
    return;
  }
  out.replaceChildren();
  out.appendChild(el("p", null, `With “${f.title}” (${f.edits.join("; ")}):`));
  const ul = el("ul");
  for (const c of d.diff.changes) {
    const li = el("li", null, `${c.request}: ${c.before ? c.before.outcome : "(absent)"} → `);
    const after = c.after ? c.after.outcome : "(absent)";
    li.appendChild(el("span", /^http [23]|connected/.test(after) ? "after-ok" : "after-bad", after));
    ul.appendChild(li);
  }
  if (!d.diff.changes.length) ul.appendChild(el("li", null, "no request changes"));
  out.appendChild(ul);
  out.appendChild(el("p", "hint", `${d.diff.unchanged} other request${d.diff.unchanged === 1 ? "" : "s"} unchanged.`));
  const keep = el("button", null, "Keep this edit in the editor");
  keep.type = "button";
  keep.addEventListener("click", () => { editor.set(f.yaml); simulate(); });
  const back = el("button", null, "Back to the original");
  back.type = "button";
  back.addEventListener("click", () => { state.fixView = null; show(state.sim); });
  const row = el("div", "row");
  row.append(keep, back);
  out.appendChild(row);
  const request = state.request;
  state.fixView = f.title;
  show(d.after);
  selectRequest(request);
  $("whatif").hidden = false;
}

function renderQuiz() {
  const what = $("what");
  for (const [value, label] of BUCKETS) {
    const l = el("label", "inline");
    const input = el("input");
    input.type = "radio";
    input.name = "what";
    input.value = value;
    l.append(input, document.createTextNode(` ${label}`));
    what.appendChild(l);
  }
  $("where").addEventListener("change", () => player.pick($("where").value));
  $("reveal").addEventListener("click", reveal);
  $("quiz-on").addEventListener("change", () => selectRequest(state.request));
}

$("share").addEventListener("click", async () => {
  const link = await linkFor(editor.text, state.lesson, state.request);
  history.replaceState(null, "", link);
  try {
    await navigator.clipboard.writeText(link);
    status("Link copied: it holds the whole scenario.");
  } catch {
    status("The link is in the address bar: it holds the whole scenario.");
  }
});
$("download").addEventListener("click", () => download(editor.text, `${state.lesson || "scenario"}.yaml`));

renderQuiz();
state.lessons = await api("/api/lessons");
renderLessons();
const frag = readFragment();
if (frag.s) {
  let text = null;
  try { text = await unpack(frag.s); } catch { status("The link's scenario could not be read.", true); }
  state.request = Number(frag.r) || 0;
  if (text !== null) {
    await openLesson(state.lessons.some((l) => l.id === frag.l) ? frag.l : null, text);
    if (state.shown) selectRequest(Number(frag.r) || 0);
  }
}
if (!state.sim && state.lessons.length) {
  await openLesson(state.lessons.some((l) => l.id === frag.l) ? frag.l : state.lessons[0].id);
}
