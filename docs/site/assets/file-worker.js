// A page opened from a file may not start a Web Worker (browsers refuse file:// scripts
// there), and Material's search runs in one. This runs a worker's script in a hidden
// iframe of the page instead, with the two calls a worker talks through: the page's
// worker.postMessage(data) arrives as a "message" event in the frame, and the frame's
// postMessage(data) arrives as one on the worker. Over http(s) nothing is replaced.
(function () {
  "use strict";
  if (location.protocol !== "file:") return;

  class FrameWorker extends EventTarget {
    constructor(url) {
      super();
      this.onmessage = null;
      this.onerror = null;
      this.pending = [];
      this.frame = document.createElement("iframe");
      this.frame.hidden = true;
      this.frame.title = "search";
      document.documentElement.appendChild(this.frame);
      const scope = this.frame.contentWindow;
      scope.postMessage = (data) => this.deliver(data);
      scope.importScripts = () => {
        throw new Error("file-worker.js: importScripts is not available here");
      };
      const script = scope.document.createElement("script");
      script.src = new URL(url, location.href).href;
      script.onload = () => {
        this.scope = scope;
        this.pending.splice(0).forEach((data) => this.postMessage(data));
      };
      script.onerror = () => this.fail(new Error(`file-worker.js: cannot load ${url}`));
      scope.document.head.appendChild(script);
    }

    postMessage(data) {
      if (!this.scope) {
        this.pending.push(data);
        return;
      }
      this.scope.dispatchEvent(new this.scope.MessageEvent("message", { data }));
    }

    deliver(data) {
      const event = new MessageEvent("message", { data });
      if (this.onmessage) this.onmessage(event);
      this.dispatchEvent(event);
    }

    fail(error) {
      const event = new ErrorEvent("error", { error, message: error.message });
      if (this.onerror) this.onerror(event);
      this.dispatchEvent(event);
    }

    terminate() {
      this.frame.remove();
    }
  }

  window.Worker = FrameWorker;
})();
