// Runs the graphql-http server audit (the GraphQL-over-HTTP specification's
// MUST and SHOULD checks) against a live bssgraph and fails on any MUST.
//
//   node audit.mjs http://127.0.0.1:8080/graphql
//
// The audit only needs `{ __typename }`, so it holds whatever the schema is.
import { auditServer } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node audit.mjs <graphql endpoint URL>');
  process.exit(2);
}

const results = await auditServer({ url });
const byStatus = { ok: [], warn: [], error: [] };
for (const r of results) byStatus[r.status].push(r);

for (const r of byStatus.warn) console.log(`  warn  ${r.name}: ${r.reason}`);
for (const r of byStatus.error) {
  console.log(`  FAIL  ${r.name}: ${r.reason}`);
  if (r.response) console.log(`        got ${r.response.status} ${r.response.headers?.get?.('content-type') ?? ''}`);
}
const must = results.filter((r) => r.name.startsWith('MUST'));
const should = results.filter((r) => !r.name.startsWith('MUST'));
console.log(`MUST audits: ${must.filter((r) => r.status === 'ok').length}/${must.length} ok; ` +
  `SHOULD/MAY audits: ${should.filter((r) => r.status === 'ok').length}/${should.length} ok`);
// A plain closing line that CI log readers recognise.
console.log(`audit: ${results.length - byStatus.error.length} passed, ${byStatus.error.length} failed`);
process.exit(byStatus.error.length ? 1 : 0);
