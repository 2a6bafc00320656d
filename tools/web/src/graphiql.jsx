// The GraphiQL page of bssgraph. It is bundled by build-graphiql.mjs into
// gateway/graphiql/dist and embedded in the Go binary, so it loads nothing
// from the network but the gateway itself.
import 'graphiql/style.css';
import { GraphiQL } from 'graphiql';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { createRoot } from 'react-dom/client';

// Monaco runs its language services in web workers. They are separate
// bundles next to this one, because a worker must be loaded from its own URL.
globalThis.MonacoEnvironment = {
  getWorker(_workerId, label) {
    const name = { json: 'json.worker.js', graphql: 'graphql.worker.js' }[label] ?? 'editor.worker.js';
    return new Worker(new URL(name, import.meta.url));
  },
};

// The gateway writes its settings (endpoint, example query, default headers)
// into the page as JSON, so they are Go-side settings, not build-time ones.
const config = JSON.parse(document.getElementById('graphiql-config').textContent);
const fetcher = createGraphiQLFetcher({ url: new URL(config.endpoint, window.location.href).toString() });

createRoot(document.getElementById('graphiql')).render(
  <GraphiQL
    fetcher={fetcher}
    defaultQuery={config.query}
    defaultHeaders={config.headers}
    initialHeaders={config.headers || undefined}
    defaultEditorToolsVisibility={config.headers ? 'headers' : false}
  />,
);
