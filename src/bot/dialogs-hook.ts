import { registerHooks } from 'node:module';
import { pathToFileURL } from 'node:url';

/** The modules whose `require('botbuilder-dialogs')` is answered by lazy-dialogs.ts: teams-ai's sign-in flows. */
const REQUIRERS = '/@microsoft/teams-ai/lib/authentication/';

/*
 * Loaded for its effect, before teams-ai's `Application`: from then on, teams-ai's
 * authentication modules get lazy-dialogs.ts for `botbuilder-dialogs`, so the dialogs library
 * loads only if something of it beyond `Dialog` is used (see there).
 *
 * `module.registerHooks` (Node 22.15 and 23.5 on; Stability 1.2, release candidate) takes a
 * synchronous `resolve(specifier, context, nextResolve)`, where `context.parentURL` is the module
 * that requires and the answer `{ url, shortCircuit: true }` ends the chain; it applies to
 * `require` as to `import`: https://nodejs.org/api/module.html#moduleregisterhooksoptions and
 * https://nodejs.org/api/module.html#resolvespecifier-context-nextresolve. On a Node without
 * it the library loads whole, as it did before.
 */
if (typeof registerHooks === 'function') {
  const lazy = pathToFileURL(require.resolve('./lazy-dialogs')).href;
  registerHooks({
    resolve(specifier, context, nextResolve) {
      if (specifier === 'botbuilder-dialogs' && context.parentURL?.includes(REQUIRERS)) return { url: lazy, shortCircuit: true };
      return nextResolve(specifier, context);
    },
  });
}
