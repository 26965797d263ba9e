/*
 * teams-ai's `Application` loads its sign-in flows as it loads, and they load the Bot Framework
 * dialogs library: prompts with recognisers of numbers, dates and choices in a dozen languages,
 * about 28 MB resident. The bot signs nobody in through teams-ai, so nothing of it ever runs.
 *
 * For teams-ai's authentication modules only, `botbuilder-dialogs` resolves to this module
 * (dialogs-hook.ts). What those modules use while loading (`Dialog`, which one of them
 * extends, and `DialogTurnStatus`) comes from the library's own `lib/dialog.js`, the same
 * objects the whole library exports; anything else they ask for loads the whole library the
 * first time. Nothing behaves differently; the library is only loaded when it is needed.
 *
 * test/bot/lazy-dialogs.test.ts checks that every name teams-ai's modules use is the library's
 * own object and that a sign-in flow, once made, gets the whole library;
 * test/bot/production-start.test.ts that the recognisers are not loaded at start.
 */

import path from 'node:path';

type Dialogs = typeof import('botbuilder-dialogs');

/** The copy of the library teams-ai itself would load, found from teams-ai's own folder. */
const library = require.resolve('botbuilder-dialogs', { paths: [path.dirname(require.resolve('@microsoft/teams-ai/lib/Application'))] });
const light = require(path.join(path.dirname(library), 'dialog.js')) as Pick<Dialogs, 'Dialog' | 'DialogTurnStatus' | 'DialogReason'>;
let whole: Dialogs | undefined;
const wholeLibrary = (): Dialogs => (whole ??= require(library) as Dialogs);

/** What teams-ai's authentication modules get for `require('botbuilder-dialogs')`. */
const lazyDialogs = new Proxy({} as Dialogs, {
  get: (_, name) => (name in light ? light[name as keyof typeof light] : wholeLibrary()[name as keyof Dialogs]),
  has: (_, name) => name in light || name in wholeLibrary(),
});

export = lazyDialogs;
