// The live training view: redrawn from the state Python sends (viz/widgets/training.py),
// at most a few times a second while the model trains.

const SVG_NS = "http://www.w3.org/2000/svg";
const POSITIVE = "#2b6cb0", NEGATIVE = "#d64545"; // weights and gradients by sign
const CURVES = { loss: "#1f77b4", val_loss: "#ff7f0e" };

function render({ model, el }) {
  const view = new TrainingPanel();
  el.appendChild(view.root);
  const setup = model.get("setup");
  const draw = () => view.draw(model.get("state"), setup);
  model.on("change:state", draw);
  draw();
  return () => model.off("change:state", draw);
}

// "0.5 -1.25 3e-07" -> [0.5, -1.25, 3e-7]: long lists travel packed in one string.
function numbers(text) {
  return text ? text.split(" ").map(Number) : [];
}

function svgElement(tag, attributes, parent) {
  const e = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) e.setAttribute(name, value);
  if (parent) parent.appendChild(e);
  return e;
}

class TrainingPanel {
  constructor() {
    this.root = element("div", "cr-training");
    const head = element("div", "cr-head");
    this.status = element("span", "cr-status");
    const toggle = element("label", "cr-toggle");
    this.showGrads = element("input");
    this.showGrads.type = "checkbox";
    this.showGrads.addEventListener("change", () => this.state && this.draw(this.state, this.setup));
    toggle.append(this.showGrads, " gradients instead of weights");
    head.append(this.status, toggle);
    const panel = (title, className) => {
      const box = element("div", "cr-panel " + className);
      box.appendChild(element("div", "cr-title", title));
      this.root.appendChild(box);
      return box;
    };
    this.root.appendChild(head);
    this.network = panel("network", "cr-network");
    this.loss = panel("loss", "cr-loss");
    this.boundary = panel("decision boundary", "cr-boundary");
    this.norms = panel("gradient size per layer, ||g||", "cr-norms");
    this.redraws = 0;
  }

  draw(state, setup) {
    const start = performance.now();
    this.state = state;
    this.setup = setup;
    const history = Object.fromEntries(Object.entries(state.history).map(([name, text]) => [name, numbers(text)]));
    const last = (name) => (history[name] && history[name].length ? history[name].at(-1) : null);
    const parts = [`${state.updates} updates`];
    for (const name of Object.keys(history)) {
      if (last(name) !== null) parts.push(`${name} ${last(name).toPrecision(4)}`);
    }
    if (state.boundary && !("accuracy" in history)) { // a recorded accuracy is shown once, above
      parts.push(`accuracy on the points ${(100 * state.boundary.accuracy).toFixed(0)}%`);
    }
    this.status.textContent = parts.join(" \u00b7 ");
    this.drawNetwork(state.network);
    this.drawLoss(history);
    const boundary = state.boundary && setup.boundary;
    this.boundary.style.display = boundary ? "" : "none";
    if (boundary) this.drawBoundary({ ...setup.boundary, ...state.boundary });
    this.drawNorms(state.network.grad_norms);
    this.redraws += 1;
    this.root.dataset.redraws = this.redraws;
    this.root.dataset.drawMs = (performance.now() - start).toFixed(2);
  }

  canvas(panel, width, height) {
    let svg = panel.querySelector("svg");
    if (svg) svg.remove();
    svg = svgElement("svg", { viewBox: `0 0 ${width} ${height}`, width: "100%" }, panel);
    return svg;
  }

  drawNetwork(network) {
    const grads = this.showGrads.checked;
    const sizes = network.sizes, W = 240, H = 240, pad = 12;
    const svg = this.canvas(this.network, W, H);
    const x = (l) => pad + (l * (W - 2 * pad)) / Math.max(1, sizes.length - 1);
    const y = (l, j) => (sizes[l] === 1 ? H / 2 : pad + (j * (H - 2 * pad)) / (sizes[l] - 1));
    const layers = (grads ? network.grads : network.weights).map(numbers);
    const biases = network.biases.map(numbers);
    let biggest = 0;
    for (const layer of layers) for (const v of layer) biggest = Math.max(biggest, Math.abs(v));
    const edges = svgElement("g", { class: "cr-edges" }, svg);
    layers.forEach((layer, l) => layer.forEach((v, index) => {
      const j = Math.floor(index / sizes[l]), i = index % sizes[l];
      const size = biggest > 0 ? Math.abs(v) / biggest : 0;
      svgElement("line", {
        x1: x(l), y1: y(l, i), x2: x(l + 1), y2: y(l + 1, j),
        stroke: v >= 0 ? POSITIVE : NEGATIVE, "stroke-width": (0.2 + 3.5 * size).toFixed(2),
        "stroke-opacity": (0.15 + 0.85 * size).toFixed(2),
      }, edges);
    }));
    sizes.forEach((n, l) => {
      for (let j = 0; j < n; j++) {
        const bias = l > 0 ? biases[l - 1][j] : 0;
        const circle = svgElement("circle", {
          cx: x(l), cy: y(l, j), r: Math.max(2.5, Math.min(7, 90 / Math.max(...sizes))),
          fill: l === 0 ? "#ddd" : bias >= 0 ? "#dbe8f6" : "#f6dada", stroke: "#555", "stroke-width": 0.8,
        }, svg);
        const title = svgElement("title", {}, circle);
        title.textContent = l === 0 ? `input ${j}` : `layer ${l - 1}, neuron ${j} (${network.activations[l - 1]}), bias ${bias.toPrecision(4)}`;
      }
    });
  }

  drawLoss(history) {
    const W = 240, H = 240, left = 40, right = 8, top = 10, bottom = 24;
    const svg = this.canvas(this.loss, W, H);
    const names = Object.keys(CURVES).filter((name) => history[name] && history[name].length);
    const values = names.flatMap((name) => history[name]);
    if (!values.length) {
      svgElement("text", { x: W / 2, y: H / 2, "text-anchor": "middle", class: "cr-muted" }, svg).textContent = "no updates yet";
      return;
    }
    const n = Math.max(...names.map((name) => history[name].length));
    let low = Math.min(0, ...values), high = Math.max(...values);
    if (high === low) high = low + 1;
    const px = (i) => left + (n > 1 ? (i * (W - left - right)) / (n - 1) : (W - left - right) / 2);
    const py = (v) => top + ((high - v) * (H - top - bottom)) / (high - low);
    svgElement("line", { x1: left, y1: py(low), x2: W - right, y2: py(low), stroke: "#999" }, svg);
    svgElement("line", { x1: left, y1: top, x2: left, y2: H - bottom, stroke: "#999" }, svg);
    const label = (text, attributes) => { svgElement("text", { class: "cr-axis", ...attributes }, svg).textContent = text; };
    label(high.toPrecision(3), { x: left - 4, y: top + 8, "text-anchor": "end" });
    label(low.toPrecision(3), { x: left - 4, y: py(low), "text-anchor": "end" });
    label(String(n), { x: W - right, y: H - 8, "text-anchor": "end" });
    label("1", { x: left, y: H - 8 });
    names.forEach((name, k) => {
      const points = history[name].map((v, i) => `${px(i).toFixed(1)},${py(v).toFixed(1)}`).join(" ");
      svgElement("polyline", { points, fill: "none", stroke: CURVES[name], "stroke-width": 1.5, "data-curve": name, "data-points": history[name].length }, svg);
      label(name, { x: W - right, y: top + 10 + 12 * k, "text-anchor": "end", fill: CURVES[name] });
    });
  }

  drawBoundary(b) {
    const size = 240, n = b.resolution;
    let canvas = this.boundary.querySelector("canvas");
    if (!canvas) {
      canvas = element("canvas");
      canvas.width = n;
      canvas.height = n;
      this.boundary.appendChild(canvas);
    }
    const context = canvas.getContext("2d");
    const image = context.createImageData(n, n);
    const colors = b.colors;
    const rgb = colors.map((c) => [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16)));
    for (let cell = 0; cell < n * n; cell++) {
      const code = b.grid.charCodeAt(cell) - 48, k = Math.floor(code / 10);
      const strength = ((code % 10) / 9) * 0.5 + 0.15;
      const [r, g, bl] = rgb[k % rgb.length];
      image.data.set([255 - (255 - r) * strength, 255 - (255 - g) * strength, 255 - (255 - bl) * strength, 255], 4 * cell);
    }
    context.putImageData(image, 0, 0);
    let svg = this.boundary.querySelector("svg");
    if (!svg) {
      const legend = element("span", "cr-legend");
      b.class_names.forEach((name, k) => {
        const item = element("span", "cr-class", `class ${name}`);
        item.prepend(element("span", "cr-swatch"));
        item.firstChild.style.background = colors[k];
        legend.appendChild(item);
      });
      this.boundary.querySelector(".cr-title").appendChild(legend);
      const [x0, x1, y0, y1] = b.extent;
      svg = svgElement("svg", { viewBox: `0 0 ${size} ${size}`, width: "100%" }, this.boundary);
      b.points.forEach(([px, py], i) => {
        svgElement("circle", {
          cx: ((px - x0) / (x1 - x0)) * size, cy: ((y1 - py) / (y1 - y0)) * size, r: 3,
          fill: colors[b.classes[i] % colors.length], stroke: "#222", "stroke-width": 0.6,
        }, svg);
      });
    }
  }

  drawNorms(norms) {
    const W = 240, H = 240, left = 6, bottom = 22, top = 16;
    const svg = this.canvas(this.norms, W, H);
    const biggest = Math.max(...norms, 0);
    const width = (W - 2 * left) / norms.length;
    norms.forEach((g, l) => {
      const h = biggest > 0 ? ((H - top - bottom) * g) / biggest : 0;
      svgElement("rect", { x: left + l * width + 4, y: H - bottom - h, width: width - 8, height: h, fill: "#4a90d9" }, svg);
      const value = svgElement("text", { x: left + (l + 0.5) * width, y: H - bottom - h - 4, "text-anchor": "middle", class: "cr-axis" }, svg);
      value.textContent = g.toPrecision(2);
      const name = svgElement("text", { x: left + (l + 0.5) * width, y: H - 6, "text-anchor": "middle", class: "cr-axis" }, svg);
      name.textContent = `layer ${l}`;
    });
  }
}
