// Preloaded into a bot process by tests (node --require): on exit, prints which of the named
// packages were ever loaded, as one line "loaded: [...]".
'use strict';
const watched = (process.env.WATCH_PACKAGES || '').split(',').filter(Boolean);
process.on('exit', () => {
  const loaded = watched.filter((name) => Object.keys(require.cache).some((file) => file.includes(`/node_modules/${name}/`)));
  process.stderr.write(`loaded: ${JSON.stringify(loaded)}\n`);
});
