// Starts ReDoc from a file served by the API itself, so the page's CSP can keep script-src 'self'.
"use strict";
(function () {
  var root = document.getElementById("redoc");
  // Local font stacks: ReDoc's defaults name Roboto and Montserrat, which its upstream page template
  // loads from Google Fonts; this page loads no web font, so the text never waits on one.
  var sans = "system-ui, -apple-system, 'Segoe UI', 'Helvetica Neue', Arial, sans-serif";
  var options = {
    theme: {
      typography: {
        fontFamily: sans,
        headings: { fontFamily: sans },
        code: { fontFamily: "ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace" },
      },
    },
  };
  Redoc.init(root.dataset.specUrl, options, root);
})();
