// Builds the GraphiQL assets that the gateway embeds (gateway/graphiql/dist).
// Run it after changing src/ or the graphiql version, and commit the output:
// `go run .` must work without Node.js or network access.
//
//   cd tools/web && npm ci && npm run build:graphiql
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// GRAPHIQL_OUT lets scripts/test.sh build elsewhere and compare with the
// committed bundle.
const outdir = process.env.GRAPHIQL_OUT || fileURLToPath(new URL('../../gateway/graphiql/dist', import.meta.url));
rmSync(outdir, { recursive: true, force: true });

const common = {
  bundle: true,
  minify: true,
  legalComments: 'linked',
  target: 'es2022',
  logLevel: 'info',
  define: { 'process.env.NODE_ENV': '"production"' },
};

// The page itself, as an ES module so that import.meta.url locates the workers.
await build({
  ...common,
  entryPoints: { graphiql: 'src/graphiql.jsx' },
  outdir,
  format: 'esm',
  jsx: 'automatic',
  // Monaco's codicon font is copied beside the CSS under a content-hashed name.
  loader: { '.ttf': 'file' },
  assetNames: '[name]-[hash]',
});

// Monaco's web workers, one classic-script bundle each.
await build({
  ...common,
  entryPoints: {
    'editor.worker': 'monaco-editor/esm/vs/editor/editor.worker.js',
    'json.worker': 'monaco-editor/esm/vs/language/json/json.worker.js',
    'graphql.worker': 'monaco-graphql/esm/graphql.worker.js',
  },
  outdir,
  format: 'iife',
});
