/**
 * The scripts that start each docs page, served as files (a strict CSP forbids inline scripts).
 * They read the document's URL from the page (`data-url`), so one script serves any path.
 */

/** Starts Swagger UI on `#swagger-ui`. */
export const SWAGGER_INIT = `(function () {
  var root = document.getElementById('swagger-ui');
  window.ui = SwaggerUIBundle({
    url: root.getAttribute('data-url'),
    dom_id: '#swagger-ui',
    deepLinking: true,
    // The public validator badge would call validator.swagger.io: not allowed offline or by the CSP.
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
  });
})();
`;

/** Starts Scalar's API reference on `#scalar`. */
export const SCALAR_INIT = `(function () {
  var root = document.getElementById('scalar');
  Scalar.createApiReference(root, {
    url: root.getAttribute('data-url'),
    // Its default fonts come from a CDN; the page uses the system's.
    withDefaultFonts: false,
    telemetry: false,
  });
})();
`;
