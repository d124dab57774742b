// The graph explorer: step through the forward and backward pass of a computation graph.
// Every step's numbers were computed in Python (viz/widgets/explorer_states.py); this file
// only shows them, so stepping never waits for a kernel.

const MAX_HEIGHT = 600; // px: taller graphs scroll inside the view
const MIN_FIT_SCALE = 0.5; // fit width never shrinks the text below half size: it pans instead
const PT = 4 / 3; // Graphviz measures in points; 1 pt = 4/3 px

function render({ model, el }) {
  const data = model.get("data");
  const view = new Explorer(data);
  el.appendChild(view.root);
  view.start();
  return () => view.stop();
}

class Explorer {
  constructor(data) {
    this.data = data;
    this.steps = data.steps;
    this.names = data.nodes.map((node) => node.name);
    // In formulas a name with spaces goes in parentheses: d o / d(x1 * w1), (x1 * w1).grad
    this.symbols = this.names.map((name) => (name.includes(" ") ? `(${name})` : name));
    this.rootName = this.symbols[0];
    this.edgesOfParent = data.nodes.map(() => []);
    this.edgesOfChild = data.nodes.map(() => []);
    data.edges.forEach((edge) => {
      this.edgesOfParent[edge.parent].push(edge);
      this.edgesOfChild[edge.child].push(edge);
    });
    this.backwardStep = {}; // node -> the step at which it passes its gradient on
    this.steps.forEach((step, k) => { if (step.phase === "backward") this.backwardStep[step.node] = k; });
    this.build();
    this.step = Math.min(Math.max(data.initial_step, 0), this.steps.length - 1);
    this.pinned = null;
    this.timer = null;
  }

  build() {
    const root = element("div", "cr-explorer");
    root.tabIndex = 0;
    root.setAttribute("data-lm-suppress-shortcuts", "true"); // JupyterLab: our keys are ours
    const bar = element("div", "cr-bar");
    const button = (act, text, title) => {
      const b = element("button", "cr-" + act, text);
      b.title = title;
      b.addEventListener("click", () => { this.act(act); root.focus({ preventScroll: true }); });
      bar.appendChild(b);
      return b;
    };
    button("first", "|\u25C0", "first step (Home)");
    button("prev", "\u25C0", "previous step (\u2190)");
    this.playButton = button("play", "\u25B6 play", "play / pause (space)");
    button("next", "\u25B6", "next step (\u2192)");
    button("last", "\u25B6|", "last step (End)");
    this.slider = element("input", "cr-slider");
    Object.assign(this.slider, { type: "range", min: 0, max: this.steps.length - 1, step: 1 });
    this.slider.addEventListener("input", () => this.go(Number(this.slider.value)));
    bar.appendChild(this.slider);
    this.counter = element("span", "cr-counter");
    bar.appendChild(this.counter);
    bar.appendChild(element("span", "cr-gap"));
    button("fit", "fit width", "fit the graph to the width (0)");
    button("full", "full size", "show the graph at full size (1)");
    button("zoomin", "+", "zoom in (+ or ctrl + wheel)");
    button("zoomout", "\u2212", "zoom out (\u2212 or ctrl + wheel)");
    this.caption = element("div", "cr-caption");
    this.viewport = element("div", "cr-viewport");
    this.stage = element("div", "cr-stage");
    this.stage.innerHTML = this.data.svg;
    this.viewport.append(this.stage, element("div", "cr-focus-hint", "click here, then \u2190 \u2192"));
    this.info = element("div", "cr-info");
    const hint = element("div", "cr-hint",
      "\u2190 \u2192 step \u00b7 space play \u00b7 drag or shift + arrows pan \u00b7 " +
      "ctrl + wheel, + \u2212 zoom \u00b7 hover or click a box for its chain rule");
    root.append(bar, this.caption, this.viewport, this.info, hint);
    this.root = root;
    this.findElements();
    this.listen();
  }

  findElements() {
    const svg = this.stage.querySelector("svg");
    const box = svg.viewBox.baseVal;
    this.width = box.width * PT;
    this.height = box.height * PT;
    svg.setAttribute("width", this.width);
    svg.setAttribute("height", this.height);
    this.svg = svg;
    const groups = new Map([...svg.querySelectorAll("g[id]")].map((g) => [g.id, g])); // one pass
    const text = (t) => t.textContent.replace(/\u00a0/g, " ");
    this.boxes = this.data.nodes.map((node, i) => {
      const group = groups.get("n" + i);
      const polygons = group.querySelectorAll("polygon");
      const texts = [...group.querySelectorAll("text")];
      const dataText = texts.find((t) => text(t).startsWith("data"));
      const gradText = texts.find((t) => text(t).startsWith("grad"));
      return {
        group, dataText, gradText,
        fill: polygons[0], border: polygons[polygons.length - 1],
        dataWidth: dataText.textContent.length - 5,
        gradWidth: gradText.textContent.length - 5,
        op: groups.get("o" + i),
        out: groups.get("f" + i),
        shown: {},
      };
    });
    this.edgeElements = {};
    this.data.edges.forEach((edge) => {
      const group = groups.get(`e${edge.child}_${edge.index}`);
      const line = group.querySelectorAll("text")[1];
      this.edgeElements[`${edge.child}_${edge.index}`] = { group, line, width: line.textContent.length };
    });
  }

  listen() {
    const root = this.root;
    root.addEventListener("keydown", (event) => this.key(event));
    root.addEventListener("pointerenter", () => this.takeFocus(false));
    this.stage.addEventListener("mouseover", (event) => {
      const i = this.nodeOf(event.target);
      if (i !== null && this.pinned === null) this.showInfo(i);
    });
    this.stage.addEventListener("mouseout", (event) => {
      if (this.pinned === null && this.nodeOf(event.target) !== null) this.showInfo(null);
    });
    let drag = null;
    this.viewport.addEventListener("pointerdown", (event) => {
      drag = { x: event.clientX, y: event.clientY, tx: this.tx, ty: this.ty, moved: false };
      root.focus({ preventScroll: true });
    });
    this.onMove = (event) => {
      if (!drag) return;
      const dx = event.clientX - drag.x, dy = event.clientY - drag.y;
      if (Math.abs(dx) + Math.abs(dy) > 3) drag.moved = true;
      if (drag.moved) { this.tx = drag.tx + dx; this.ty = drag.ty + dy; this.place(); }
    };
    this.onUp = (event) => {
      if (drag && !drag.moved) { // a click: pin the node under the pointer, or unpin
        const i = this.nodeOf(event.target);
        this.pinned = i;
        this.showInfo(i);
      }
      drag = null;
    };
    window.addEventListener("pointermove", this.onMove);
    window.addEventListener("pointerup", this.onUp);
    this.viewport.addEventListener("wheel", (event) => {
      if (!event.ctrlKey && !event.metaKey) return; // a plain wheel scrolls the page
      event.preventDefault();
      const v = this.viewport.getBoundingClientRect();
      this.zoom(Math.exp(-event.deltaY / 300), event.clientX - v.left, event.clientY - v.top);
    }, { passive: false });
    this.resizer = new ResizeObserver(() => { if (this.fitted) this.fit(); });
    this.resizer.observe(this.viewport);
  }

  start() {
    this.show(this.step); // the texts first, so that the page is laid out once, by fit
    this.fit();
    this.takeFocus(true);
  }

  // The keys work without a click. When first shown the explorer takes the focus only if
  // nothing has it in a page of its own (a saved page, not one in a notebook's frame); when the
  // pointer comes in, unless the learner is typing somewhere (a notebook cell, a text field),
  // in this page or in the page around its frame.
  takeFocus(onlyIfNothingHasIt) {
    const active = document.activeElement;
    const nothing = !active || active === document.body;
    if (onlyIfNothingHasIt && !(nothing && !window.frameElement)) return;
    let outer = null;
    try { outer = window.frameElement ? window.parent.document.activeElement : null; } catch (error) { /* another origin */ }
    if (typing(active) || typing(outer)) return;
    if (!this.root.contains(active)) this.root.focus({ preventScroll: true });
  }

  stop() {
    this.pause();
    this.resizer.disconnect();
    window.removeEventListener("pointermove", this.onMove);
    window.removeEventListener("pointerup", this.onUp);
  }

  nodeOf(target) {
    const group = target.closest && target.closest("g.node");
    if (!group) return null;
    const match = /^[no](\d+)$/.exec(group.id);
    return match ? Number(match[1]) : null;
  }

  key(event) {
    const pan = 80;
    const keys = event.shiftKey
      ? { ArrowLeft: () => this.panBy(pan, 0), ArrowRight: () => this.panBy(-pan, 0),
          ArrowUp: () => this.panBy(0, pan), ArrowDown: () => this.panBy(0, -pan) }
      : { ArrowLeft: () => this.act("prev"), ArrowRight: () => this.act("next"),
          Home: () => this.act("first"), End: () => this.act("last"), " ": () => this.act("play"),
          "+": () => this.act("zoomin"), "=": () => this.act("zoomin"), "-": () => this.act("zoomout"),
          "0": () => this.act("fit"), "1": () => this.act("full"),
          ArrowUp: () => this.panBy(0, pan), ArrowDown: () => this.panBy(0, -pan) };
    const action = keys[event.key];
    if (!action || event.ctrlKey || event.metaKey || event.altKey) return;
    event.preventDefault();
    event.stopPropagation();
    action();
  }

  act(what) {
    const last = this.steps.length - 1;
    const actions = {
      first: () => this.go(0), last: () => this.go(last),
      prev: () => this.go(this.step - 1), next: () => this.go(this.step + 1),
      play: () => (this.timer ? this.pause() : this.play()),
      fit: () => this.fit(), full: () => this.fullSize(),
      zoomin: () => this.zoom(1.25), zoomout: () => this.zoom(0.8),
    };
    if (what !== "play" && what !== "fit" && what !== "full" && !what.startsWith("zoom")) this.pause();
    actions[what]();
  }

  go(k) {
    const step = Math.min(Math.max(k, 0), this.steps.length - 1);
    if (step !== this.step) this.show(step);
  }

  play() {
    if (this.step === this.steps.length - 1) this.show(0);
    const interval = Math.max(60, Math.min(500, 20000 / this.steps.length));
    this.timer = setInterval(() => {
      if (this.step >= this.steps.length - 1) this.pause();
      else this.show(this.step + 1);
    }, interval);
    this.playButton.textContent = "\u2016 pause";
  }

  pause() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.playButton.textContent = "\u25B6 play";
  }

  // --- what step k shows ---------------------------------------------------------------

  // Replaying the changes of steps 0..k gives each node's data (known or not) and grad.
  stateAt(k) {
    const known = new Array(this.data.nodes.length).fill(false);
    const grads = new Array(this.data.nodes.length).fill(null);
    for (let s = 0; s <= k; s++) {
      for (const i of this.steps[s].reveal) known[i] = true;
      for (const [i, value, text, fill] of this.steps[s].grads) grads[i] = { value, text, fill };
    }
    return { known, grads };
  }

  show(k) {
    this.step = k;
    this.state = this.stateAt(k);
    const { known, grads } = this.state;
    const unknown = this.data.unknown;
    this.boxes.forEach((box, i) => {
      const node = this.data.nodes[i], grad = grads[i];
      const fill = grad ? grad.fill : known[i] ? "#ffffff" : unknown.fill;
      this.setText(box, "data", box.dataText, "data " + pad(known[i] ? node.data_text : unknown.text, box.dataWidth),
        known[i] ? "black" : unknown.color);
      this.setText(box, "grad", box.gradText, "grad " + pad(grad ? grad.text : unknown.text, box.gradWidth),
        grad ? "black" : unknown.color);
      if (box.shown.fill !== fill) { box.fill.setAttribute("fill", fill); box.shown.fill = fill; }
    });
    const step = this.steps[k];
    this.highlight(step.node, step.phase === "backward");
    this.slider.value = k;
    this.counter.textContent = `step ${k} of ${this.steps.length - 1}`;
    this.caption.textContent = this.describe(step);
    this.root.dataset.step = k;
    this.root.dataset.active = step.node === null ? "" : step.node;
    if (step.node !== null) this.reveal(this.boxes[step.node].group);
    this.showInfo(this.pinned ?? this.hovered ?? null);
  }

  setText(box, key, element, text, color) {
    if (box.shown[key] === text) return;
    element.textContent = text;
    element.setAttribute("fill", color);
    box.shown[key] = text;
  }

  highlight(node, passing) {
    const active = this.data.active;
    for (const e of this.root.querySelectorAll(".cr-active")) e.classList.remove("cr-active");
    for (const line of this.lit || []) line.element.textContent = NBSP.repeat(line.width);
    this.lit = [];
    this.boxes.forEach((box, i) => box.border.setAttribute("stroke", i === node ? active : "white"));
    if (node === null) return;
    const box = this.boxes[node];
    for (const e of [box.op, box.out]) if (e) e.classList.add("cr-active");
    for (const edge of this.edgesOfChild[node]) {
      const e = this.edgeElements[`${edge.child}_${edge.index}`];
      e.group.classList.add("cr-active");
      if (passing) {
        e.line.textContent = center(edge.added_text, e.width);
        this.lit.push({ element: e.line, width: e.width });
      }
    }
  }

  describe(step) {
    const name = (i) => this.symbols[i];
    const node = step.node === null ? null : this.data.nodes[step.node];
    if (step.phase === "start") {
      return "Start: the leaves (inputs and parameters) hold their data. Next: the forward pass.";
    }
    if (step.phase === "forward") {
      const inputs = this.edgesOfChild[step.node].map((e) => name(e.parent)).join(", ");
      const how = node.label ? ` (${node.op} of ${inputs})` : "";
      return `Forward: ${name(step.node)} = ${node.data_text}${how}`;
    }
    if (step.phase === "seed") {
      return `Backward: the seed, d${this.rootName}/d${this.rootName} = 1.`;
    }
    // As many digits as the boxes show; the hover text has the exact numbers.
    const g = this.state.grads[step.node].text;
    const parts = this.edgesOfChild[step.node].map(
      (e) => `${name(e.parent)}.grad += ${e.local_text} \u00d7 ${g} = ${e.added_text.replace(/^\+= /, "")}`);
    return `Backward: ${name(step.node)} passes on its grad ${g}: ${parts.join("; ")}`;
  }

  // The hover text: the node's numbers and how its grad came about, by the chain rule.
  showInfo(i) {
    this.hovered = i;
    const info = this.info;
    info.replaceChildren();
    if (i === null || i === undefined) {
      info.appendChild(element("div", "cr-muted", "Hover or click a box to see how its grad came about."));
      return;
    }
    const node = this.data.nodes[i], name = this.symbols[i], L = this.rootName;
    const { known, grads } = this.state;
    const line = (role, text) => {
      const div = element("div", "cr-line", text);
      div.dataset.role = role;
      info.appendChild(div);
      return div;
    };
    const inputs = this.edgesOfChild[i].map((e) => this.names[e.parent]).join(", ");
    const title = this.names[i];
    line("head", node.leaf ? `${title}: a leaf` : `${title}: made by ${node.op} from ${inputs}`);
    line("data", known[i] ? `data = ${exact(node.data)}` : "data: not computed yet");
    const grad = grads[i];
    line("grad", grad ? `grad = d${L}/d${name} = ${exact(grad.value)}` : `grad: not known yet`);
    if (i === 0) {
      line("rule", `d${L}/d${L} = 1: the seed that backward starts from.`);
      return;
    }
    line("rule", `d${L}/d${name} = sum over the nodes c that use ${name} of d${L}/dc \u00d7 dc/d${name}:`);
    for (const edge of this.edgesOfParent[i]) {
      const c = this.symbols[edge.child];
      const passed = this.step >= this.backwardStep[edge.child];
      const text = passed
        ? `via ${c}: d${L}/d${c} \u00d7 d${c}/d${name} = ${exact(grads[edge.child].value)} \u00d7 ${exact(edge.local)} = ${exact(edge.added)}`
        : `via ${c}: d${c}/d${name} = ${exact(edge.local)}, times d${L}/d${c} when ${c} passes its grad on`;
      line(passed ? "term" : "pending", text).classList.add("cr-term");
    }
    if (grad) line("total", `= ${exact(grad.value)}`);
  }

  // --- where the graph is: fit, full size, zoom, pan -------------------------------------

  fit() {
    this.fitted = true;
    this.scale = Math.min(1, Math.max(MIN_FIT_SCALE, this.viewport.clientWidth / this.width));
    this.tx = 0;
    this.ty = 0;
    this.place();
    this.revealActive();
  }

  fullSize() {
    this.zoom(1 / this.scale);
  }

  zoom(factor, x, y) {
    this.fitted = false;
    const v = this.viewport;
    const cx = x ?? v.clientWidth / 2, cy = y ?? v.clientHeight / 2;
    const scale = Math.min(8, Math.max(0.05, this.scale * factor));
    this.tx = cx - ((cx - this.tx) * scale) / this.scale;
    this.ty = cy - ((cy - this.ty) * scale) / this.scale;
    this.scale = scale;
    this.place();
    this.revealActive();
  }

  panBy(dx, dy) {
    this.tx += dx;
    this.ty += dy;
    this.place();
  }

  place() {
    this.viewport.style.height = Math.ceil(Math.min(this.height * this.scale, MAX_HEIGHT)) + "px";
    this.stage.style.transform = `translate(${this.tx}px, ${this.ty}px) scale(${this.scale})`;
  }

  revealActive() {
    const node = this.steps[this.step] ? this.steps[this.step].node : null;
    if (node !== null && node !== undefined) this.reveal(this.boxes[node].group);
  }

  // Pan as little as brings `group` into the view: not at all if it is in view, or if the
  // whole graph fits the view along that direction and is not panned away.
  reveal(group) {
    const r = group.getBoundingClientRect(), v = this.viewport.getBoundingClientRect();
    const shift = (low, high, viewLow, viewHigh, fits) => {
      const margin = fits ? 0 : 8; // a graph that fits is not panned to give its edge a margin
      if (low < viewLow + margin) return Math.min(viewLow + margin - low, viewHigh - margin - high);
      if (high > viewHigh - margin) return Math.max(viewHigh - margin - high, viewLow + margin - low);
      return 0;
    };
    const dx = shift(r.left, r.right, v.left, v.right, this.width * this.scale <= v.width);
    const dy = shift(r.top, r.bottom, v.top, v.bottom, this.height * this.scale <= v.height);
    if (dx || dy) this.panBy(dx, dy);
  }
}

function typing(element) {
  return Boolean(element) && (element.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(element.tagName));
}

function pad(text, width) {
  return text + NBSP.repeat(Math.max(0, width - text.length));
}

function center(text, width) {
  const left = Math.floor(Math.max(0, width - text.length) / 2);
  return NBSP.repeat(left) + text + NBSP.repeat(Math.max(0, width - text.length - left));
}
