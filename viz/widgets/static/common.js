// Shared by chainrule's widgets. In a notebook, anywidget hands `render` a model synced with
// the kernel; in a saved page, staticModel stands in for it with the state saved in the page.

function staticModel(state) {
  const listeners = {};
  return {
    get: (name) => state[name],
    set: (name, value) => {  // as the kernel's changes arrive: tell whoever listens
      state[name] = value;
      for (const listener of listeners["change:" + name] || []) listener();
    },
    on: (event, listener) => { (listeners[event] = listeners[event] || []).push(listener); },
    off: (event, listener) => {
      listeners[event] = (listeners[event] || []).filter((l) => l !== listener);
    },
    save_changes: () => {},
  };
}

// A saved page shown in an iframe (a notebook's HTML fallback) keeps the frame as tall as itself.
function fitFrame() {
  let frame = null;
  try { frame = window.frameElement; } catch (error) { return; }  // another origin: leave it
  if (!frame) return;
  const resize = () => {
    frame.style.height = Math.ceil(document.body.getBoundingClientRect().bottom + 8) + "px";
  };
  new ResizeObserver(resize).observe(document.body);
  resize();
}

function element(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

const NBSP = "\u00a0";

// A number as the kernel's Python would print it (repr), for the numbers learners compare.
function exact(x) {
  return Number.isInteger(x) && Math.abs(x) < 1e16 ? x.toFixed(1) : String(x);
}
