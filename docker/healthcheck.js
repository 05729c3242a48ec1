// Container health check: exits 0 when the URL answers 2xx within 2 s, else 1.
//   node healthcheck.js http://127.0.0.1:8001/health/ready
// Node's own fetch, because the slim base image has neither curl nor wget.
const url = process.argv[2];

fetch(url, { signal: AbortSignal.timeout(2_000) }).then(
  (response) => process.exit(response.ok ? 0 : 1),
  () => process.exit(1),
);
