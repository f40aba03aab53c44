"""The API's request and response shapes, one module per resource. They describe the JSON
contract (docs/analytics.md, docs/api.md); internal records never cross the edge as such."""
