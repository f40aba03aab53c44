/* talent-insights chat widget for an existing portal page.
 *
 *   <script src="https://SERVICE/widget.js" data-service="https://SERVICE"
 *           data-key="API_KEY" data-title="Skills assistant"></script>
 *
 * or, when the host page fetches a key for the signed-in user later:
 *   <script src="https://SERVICE/widget.js" data-service="https://SERVICE"></script>
 *   TalentInsights.setKey(keyFromYourBackend);
 *
 * or, when the portal signs people in through the organisation's identity provider (and the
 * service is configured for it, TALENT_OIDC_*), with the signed-in person's access token:
 *   TalentInsights.setToken(accessToken);   // again whenever the portal refreshes it
 *
 * It adds a button that opens the chat in an iframe served by the service itself (so no
 * CORS set-up is needed); the key or token goes to the iframe by postMessage, never in a URL.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var service = (script && script.getAttribute("data-service")) || new URL(script.src).origin;
  service = service.replace(/\/+$/, "");
  var origin = new URL(service).origin;
  var key = script && script.getAttribute("data-key");
  var title = (script && script.getAttribute("data-title")) || "Skills assistant";
  var frame = null;
  var ready = false;

  function sendKey() {
    if (frame && ready && key) {
      frame.contentWindow.postMessage({ type: "talent-insights:key", key: key }, origin);
    }
  }

  window.addEventListener("message", function (event) {
    if (event.origin !== origin || !event.data || event.source !== (frame && frame.contentWindow)) return;
    if (event.data.type === "talent-insights:ready") {
      ready = true;
      sendKey();
    } else if (event.data.type === "talent-insights:close") {
      close(); // Escape inside the chat
    }
  });

  var button = document.createElement("button");
  button.type = "button";
  button.id = "talent-insights-launcher";
  button.textContent = title;
  button.setAttribute("aria-expanded", "false");
  button.setAttribute("aria-controls", "talent-insights-panel");
  button.style.cssText =
    "position:fixed;right:16px;bottom:16px;z-index:2147483646;padding:10px 16px;border:0;" +
    "border-radius:999px;background:#1d4ed8;color:#fff;font:600 15px system-ui,sans-serif;" +
    "box-shadow:0 2px 8px rgba(0,0,0,.3);cursor:pointer";

  var panel = document.createElement("div");
  panel.id = "talent-insights-panel";
  panel.hidden = true;
  panel.setAttribute("role", "dialog");
  panel.setAttribute("aria-label", title);
  panel.style.cssText =
    "position:fixed;right:16px;bottom:72px;z-index:2147483647;width:min(420px,calc(100vw - 32px));" +
    "height:min(640px,calc(100vh - 96px));background:#fff;border:1px solid #cbd5e1;" +
    "border-radius:12px;box-shadow:0 8px 24px rgba(0,0,0,.25);overflow:hidden";

  function close() {
    if (panel.hidden) return;
    panel.hidden = true;
    button.setAttribute("aria-expanded", "false");
    button.focus(); // back where the person opened it
  }

  button.addEventListener("click", function () {
    if (!panel.hidden) return close();
    panel.hidden = false;
    button.setAttribute("aria-expanded", "true");
    if (!frame) {
      frame = document.createElement("iframe");
      frame.title = title;
      frame.src = service + "/embed";
      frame.style.cssText = "width:100%;height:100%;border:0";
      // focus goes into the chat once it has loaded (and at once on later openings)
      frame.addEventListener("load", function () {
        if (!panel.hidden) frame.focus();
      });
      panel.appendChild(frame);
    } else {
      frame.focus();
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") close();
  });

  // The launcher first, then its panel: Tab from the launcher enters the chat.
  function attach() {
    document.body.appendChild(button);
    document.body.appendChild(panel);
  }
  if (document.body) attach();
  else document.addEventListener("DOMContentLoaded", attach);

  window.TalentInsights = {
    setKey: function (value) {
      key = value;
      sendKey();
    },
    // A bearer token is sent the same way: the service tells keys and tokens apart.
    setToken: function (value) {
      key = value;
      sendKey();
    },
    open: function () {
      if (panel.hidden) button.click();
    },
  };
})();
