/**
 * The docs pages' HTML and the strict Content-Security-Policy they are served with: scripts from
 * the app's own origin only (no inline script, no eval, no CDN), requests only back to the app.
 * Swagger UI needs nothing more. Scalar writes inline styles (style elements and attributes) at
 * run time, so its page alone allows inline styles; its scripts are held to the same policy (it
 * probes for eval, which is refused, and renders without it).
 */

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The policy of a docs page; `inlineStyles` allows style elements and attributes (Scalar's page). */
export function docsPolicy(inlineStyles = false): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    `style-src 'self'${inlineStyles ? " 'unsafe-inline'" : ''}`,
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'self'",
  ].join('; ');
}

/** The Swagger UI page. */
export function swaggerPage(title: string, specUrl: string, assets: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} - Swagger UI</title>
<link rel="stylesheet" href="${escapeHtml(assets)}/swagger-ui.css">
</head>
<body>
<div id="swagger-ui" data-url="${escapeHtml(specUrl)}"></div>
<script src="${escapeHtml(assets)}/swagger-ui-bundle.js"></script>
<script src="${escapeHtml(assets)}/swagger-init.js"></script>
</body>
</html>
`;
}

/** The Scalar page. */
export function scalarPage(title: string, specUrl: string, assets: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} - API reference</title>
</head>
<body>
<div id="scalar" data-url="${escapeHtml(specUrl)}"></div>
<script src="${escapeHtml(assets)}/scalar.js"></script>
<script src="${escapeHtml(assets)}/scalar-init.js"></script>
</body>
</html>
`;
}
