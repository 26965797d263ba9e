import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.join(__dirname, '..', '..');
const authentication = path.join(path.dirname(require.resolve('@microsoft/teams-ai/lib/Application')), 'authentication');

/** Runs a script in a fresh Node process through tsx, as `npm start` runs the bot, and returns what it printed. */
function fresh(script: string): string {
  return execFileSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

describe('the dialogs library, loaded only when teams-ai\'s sign-in flows need it', () => {
  it('gives teams-ai\'s authentication modules, for every name they use, the library\'s own object', () => {
    const lazy = require('../../src/bot/lazy-dialogs') as Record<string, unknown>;
    const whole = require(require.resolve('botbuilder-dialogs', { paths: [authentication] })) as Record<string, unknown>;
    const names = new Set<string>();
    for (const file of readdirSync(authentication).filter((f) => f.endsWith('.js'))) {
      for (const [, name] of readFileSync(path.join(authentication, file), 'utf8').matchAll(/botbuilder_dialogs_1\.(\w+)/g)) names.add(name!);
    }
    assert.ok(names.has('Dialog') && names.has('OAuthPrompt'), `teams-ai uses: ${[...names].join(', ')}`);
    for (const name of names) {
      assert.ok(whole[name] !== undefined, `${name} is in the library`);
      assert.equal(lazy[name], whole[name], `${name} is the library's own`);
    }
  });

  it('starts the bot\'s routes without the whole library, and loads the whole library the first time a sign-in flow is made', () => {
    const out = fresh(`
      const loaded = () => Object.keys(require.cache).some((f) => f.endsWith('/node_modules/botbuilder-dialogs/lib/index.js'));
      require('./src/bot/application');
      const { TeamsSsoPrompt } = require('@microsoft/teams-ai/lib/authentication/TeamsBotSsoPrompt');
      const before = loaded();
      const { OAuthBotAuthentication } = require('@microsoft/teams-ai/lib/authentication/OAuthBotAuthentication');
      const app = { addRoute() {}, adapter: { use() {} } };
      const signIn = new OAuthBotAuthentication(app, { connectionName: 'graph', title: 'Sign in' }, 'graph');
      const dialogs = require('botbuilder-dialogs');
      console.log(JSON.stringify({ before, after: loaded(), prompt: signIn._oauthPrompt instanceof dialogs.OAuthPrompt, dialog: TeamsSsoPrompt.prototype instanceof dialogs.Dialog }));
    `);
    assert.deepEqual(JSON.parse(out.trim().split('\n').at(-1)!), { before: false, after: true, prompt: true, dialog: true });
  });
});
