// Preloaded into the Agents Playground (node --require): it listens on every interface and
// has no option to say otherwise. With the bot's authentication off in development, anyone
// who could reach it could act as anyone, so every server it opens listens on loopback.
'use strict';
const net = require('node:net');

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function loopbackListen(...args) {
  const [first, second] = args;
  if (first !== null && typeof first === 'object' && !Array.isArray(first) && !('fd' in first) && !('handle' in first) && !('path' in first)) {
    return listen.call(this, { ...first, host: first.host ?? '127.0.0.1' }, ...args.slice(1));
  }
  if ((typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first)) || first === undefined) && typeof second !== 'string') {
    return listen.call(this, first ?? 0, '127.0.0.1', ...args.slice(1));
  }
  return listen.apply(this, args);
};
