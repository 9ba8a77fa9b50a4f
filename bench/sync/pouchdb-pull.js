// The peer of the live-sync benchmark (tests/e2e/sync.rs, bench_*): PouchDB's own replicator
// pulling the same case database into an in-memory PouchDB, in node. Prints the milliseconds.
// Usage: node pouchdb-pull.js URL USER PASSWORD   (modules from .tools/sync/node_modules)
const path = require('path');
const modules = path.join(__dirname, '..', '..', '.tools', 'sync', 'node_modules');
const load = (name) => require(path.join(modules, name));
const PouchDB = load('pouchdb-core')
  .plugin(load('pouchdb-adapter-http'))
  .plugin(load('pouchdb-adapter-memory'))
  .plugin(load('pouchdb-replication'));
const [url, username, password] = process.argv.slice(2);
(async () => {
  const remote = new PouchDB(url, { auth: { username, password } });
  const local = new PouchDB('peer-' + Date.now(), { adapter: 'memory' });
  const started = Date.now();
  const result = await local.replicate.from(remote, { batch_size: 500 });
  const elapsed = Date.now() - started;
  console.log(JSON.stringify({ ms: elapsed, docs: result.docs_written }));
})().catch((error) => { console.error(error); process.exit(1); });
