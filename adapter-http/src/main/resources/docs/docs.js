// The API reference: Swagger UI (served by this service from the org.webjars:swagger-ui package) over /openapi.json.
// validatorUrl null: Swagger UI would otherwise send the document to an outside validator for its badge.
window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    validatorUrl: null,
    tryItOutEnabled: false
  });
});
