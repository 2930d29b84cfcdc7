// Kept out of index.html so the page works under a Content-Security-Policy without inline scripts.
window.ui = SwaggerUIBundle({
  url: '/openapi.yaml',
  dom_id: '#swagger-ui',
  deepLinking: true,
  displayOperationId: true,
  tryItOutEnabled: false
});
