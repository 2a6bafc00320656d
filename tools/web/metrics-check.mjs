// Runs GraphiQL's example query (with GraphiQL's headers) against a live
// bssgraph and checks that /metrics moved with it: the GraphQL request
// counter by one, and the upstream call counters by at least the calls the
// response's extensions.upstream reports.
//
//   node metrics-check.mjs http://127.0.0.1:8080
const base = process.argv[2];
if (!base) {
  console.error('usage: node metrics-check.mjs <gateway base URL>');
  process.exit(2);
}

// sum adds the samples of one metric whose labels contain every given pair.
async function sum(name, labels = {}) {
  const text = await (await fetch(`${base}/metrics`)).text();
  let total = 0;
  for (const line of text.split('\n')) {
    const m = line.match(/^(\w+)(\{[^}]*\})? (\S+)$/);
    if (!m || m[1] !== name) continue;
    if (Object.entries(labels).every(([k, v]) => (m[2] ?? '').includes(`${k}="${v}"`))) total += Number(m[3]);
  }
  return total;
}

const page = await (await fetch(`${base}/`)).text();
const config = JSON.parse(page.match(/<script id="graphiql-config" type="application\/json">(.*?)<\/script>/s)[1]);
const headers = { 'Content-Type': 'application/json', Accept: 'application/graphql-response+json', ...JSON.parse(config.headers || '{}') };

const requestsBefore = await sum('bssgraph_http_requests_total', { handler: 'graphql' });
const callsBefore = await sum('bssgraph_upstream_calls_total');
const res = await fetch(`${base}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query: config.query }) });
const body = await res.json();
const calls = body.extensions?.upstream?.calls ?? 0;
const requestsAfter = await sum('bssgraph_http_requests_total', { handler: 'graphql' });
const callsAfter = await sum('bssgraph_upstream_calls_total');

const failures = [];
if (res.status !== 200 || body.errors) failures.push(`example query: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
if (requestsAfter - requestsBefore !== 1) failures.push(`bssgraph_http_requests_total{handler="graphql"} moved by ${requestsAfter - requestsBefore}, want 1`);
if (callsAfter - callsBefore < calls) failures.push(`bssgraph_upstream_calls_total moved by ${callsAfter - callsBefore}, but the response reports ${calls} upstream calls`);
console.log(`  example query made ${calls} upstream call(s); bssgraph_upstream_calls_total moved by ${callsAfter - callsBefore}` +
  (calls === 0 ? ' (make exampleQuery in server.go call upstream to exercise the upstream counters here)' : ''));
for (const f of failures) console.log(`  FAIL  ${f}`);
console.log(`metrics: ${failures.length ? 0 : 1} passed, ${failures.length ? 1 : 0} failed`);
process.exit(failures.length ? 1 : 0);
