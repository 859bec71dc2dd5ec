// Starts Swagger UI from a file served by the API itself, so the page's CSP can keep script-src 'self'.
"use strict";
(function () {
  var root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: root.dataset.specUrl,
    domNode: root,
    deepLinking: true,
    // The base layout: no top bar with its "explore any URL" box, which the standalone preset adds.
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    // The default validator badge sends the document to validator.swagger.io; never phone out.
    validatorUrl: null,
    // Read-only API: every operation is a GET or a read-only POST query.
    supportedSubmitMethods: ["get", "post"],
  });
})();
