// The editor: a textarea over a highlighted copy of its text (comments, keys, strings,
// numbers), the lines with problems marked, and the list of problems in the CLI's words.
// Everything from the scenario is written with textContent, never as HTML.

const KEY = /^(\s*(?:-\s+)?)([A-Za-z_][\w.-]*)(\s*:)(?=\s|$)/;

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

// One line's tokens, appended to `into`.
function highlightLine(line, into) {
  let rest = line;
  const push = (text, cls) => {
    if (text) into.appendChild(cls ? el("span", cls, text) : document.createTextNode(text));
  };
  const key = KEY.exec(rest);
  if (key) {
    push(key[1]);
    push(key[2], "tok-key");
    push(key[3]);
    rest = rest.slice(key[0].length);
  }
  // The rest: strings, comments, numbers and booleans.
  const re = /("(?:[^"\\]|\\.)*"?|'[^']*'?)|(\s#.*$|^#.*$)|(\b\d[\d./]*\b|\btrue\b|\bfalse\b)/g;
  let at = 0;
  for (let m; (m = re.exec(rest)); ) {
    push(rest.slice(at, m.index));
    push(m[0], m[1] ? "tok-string" : m[2] ? "tok-comment" : "tok-number");
    at = m.index + m[0].length;
  }
  push(rest.slice(at));
}

export function setupEditor({ textarea, pre, list, onEdit, delay = 350 }) {
  let problems = [];
  let timer = null;

  function render() {
    const byLine = new Map();
    for (const p of problems) {
      if (p.line > 0 && !(byLine.get(p.line) === "error")) byLine.set(p.line, p.severity);
    }
    const frag = document.createDocumentFragment();
    const lines = textarea.value.split("\n");
    lines.forEach((line, i) => {
      const span = el("span");
      const sev = byLine.get(i + 1);
      if (sev) {
        span.className = sev === "error" ? "line-error" : "line-warning";
        span.dataset.line = String(i + 1);
      }
      highlightLine(line, span);
      frag.appendChild(span);
      if (i < lines.length - 1) frag.appendChild(document.createTextNode("\n"));
    });
    // A last empty line keeps the copy as tall as the textarea's text.
    frag.appendChild(document.createTextNode("\n "));
    pre.replaceChildren(frag);
    sync();
  }

  function sync() {
    pre.scrollTop = textarea.scrollTop;
    pre.scrollLeft = textarea.scrollLeft;
  }

  function goTo(line, column) {
    const lines = textarea.value.split("\n");
    let offset = 0;
    for (let i = 0; i < line - 1 && i < lines.length; i++) offset += lines[i].length + 1;
    offset += Math.max(0, (column || 1) - 1);
    textarea.focus();
    textarea.setSelectionRange(offset, offset);
    const lh = parseFloat(getComputedStyle(textarea).lineHeight) || 18;
    textarea.scrollTop = Math.max(0, (line - 4) * lh);
    sync();
  }

  function showProblems(ps) {
    problems = ps || [];
    list.replaceChildren();
    if (!problems.length) {
      list.appendChild(el("li", "none", "No problems: the file reads, and AWS would accept it."));
    }
    for (const p of problems) {
      const li = el("li", `diag ${p.severity}`);
      li.dataset.line = String(p.line);
      li.dataset.code = p.code;
      const where = p.line > 0 ? `line ${p.line}:${p.column}` : "the file";
      const go = el("button", null, where);
      go.type = "button";
      go.title = "Go to the line";
      go.addEventListener("click", () => goTo(p.line, p.column));
      li.append(go, document.createTextNode(` ${p.severity}: ${p.message}`));
      if (p.help) li.append(el("div", "help", `help: ${p.help}`));
      const more = el("details");
      more.append(el("summary", null, "as vpcpath check prints it"), el("pre", null, p.rendered));
      li.append(more);
      list.appendChild(li);
    }
    render();
  }

  textarea.addEventListener("input", () => {
    render();
    clearTimeout(timer);
    timer = setTimeout(() => onEdit(textarea.value), delay);
  });
  textarea.addEventListener("scroll", sync);
  textarea.addEventListener("keydown", (e) => {
    // Tab indents by two spaces; Escape leaves the editor for the keyboard's sake.
    if (e.key === "Tab" && !e.shiftKey && !e.ctrlKey && !e.altKey) {
      e.preventDefault();
      const { selectionStart: s, selectionEnd: t } = textarea;
      textarea.setRangeText("  ", s, t, "end");
      textarea.dispatchEvent(new Event("input"));
    } else if (e.key === "Escape") {
      textarea.blur();
    }
  });

  return {
    get text() { return textarea.value; },
    set(text) {
      textarea.value = text;
      problems = [];
      render();
    },
    showProblems,
    goTo,
  };
}
