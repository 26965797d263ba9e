import type { BrowserContext } from 'playwright-core';

/** Where the stand-in Teams host is served: an origin teams-js trusts without asking the internet. */
export const TEAMS_ORIGIN = 'https://teams.microsoft.com';

export interface HostOptions {
  /** The bot's host name as the manifest gives it; requests to it reach the bot on loopback. */
  domain: string;
  botUrl: string;
  /** What the host answers authentication.getAuthToken with: a token, or a failure reason. */
  token: string | { failure: string };
  theme?: 'default' | 'dark' | 'contrast';
}

/**
 * A stand-in for the Teams client around a tab: a page on https://teams.microsoft.com that
 * frames the tab from https://<domain>/tab and answers the real @microsoft/teams-js in it over
 * postMessage, as Teams does (initialize with a runtime that supports authentication, the
 * context, getAuthToken). Teams itself cannot run here; teams-js, the tab and the bot are real.
 * The browser reaches both "https" origins through the context's routes: the host page is
 * served from here, and every request to the bot's domain is passed to the bot on loopback.
 * Returns the messages the tab sent the host, by function name.
 */
export async function frameInTeams(context: BrowserContext, options: HostOptions): Promise<string[]> {
  const asked: string[] = [];
  await context.exposeBinding('__hostAsked', (_source, func: string) => void asked.push(func));
  const runtime = {
    apiVersion: 4,
    hostVersionsInfo: { adaptiveCardSchemaVersion: { majorVersion: 1, minorVersion: 5 } },
    isLegacyTeams: false,
    supports: { app: {}, appEntity: {}, authentication: {}, pages: { appButton: {}, tabs: {}, config: {}, backStack: {}, fullTrust: {} }, teamsCore: {}, dialog: { card: {}, url: {} } },
  };
  const context_ = {
    locale: 'en-gb',
    theme: options.theme ?? 'default',
    entityId: 'partnership-picture',
    frameContext: 'content',
    hostClientType: 'web',
    hostName: 'Teams',
    tid: 'tenant',
    userObjectId: 'not-used',
    appSessionId: '00000000-0000-0000-0000-000000000001',
  };
  const hostPage = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Teams</title></head><body style="margin:0">
<iframe id="tab" title="Picture" src="https://${options.domain}/tab" style="border:0;width:100%;height:100vh"></iframe>
<script>
const runtime = ${JSON.stringify(JSON.stringify(runtime))};
const context = ${JSON.stringify(context_)};
const token = ${JSON.stringify(options.token)};
window.addEventListener('message', (event) => {
  const m = event.data;
  if (!m || typeof m !== 'object' || typeof m.func !== 'string') return;
  window.__hostAsked(m.func);
  const reply = (args) => event.source.postMessage({ id: m.id, uuid: m.uuid, args }, event.origin);
  if (m.func === 'initialize') reply(['content', 'web', runtime, '2.0.0']);
  else if (m.func === 'getContext') reply([context]);
  else if (m.func === 'authentication.getAuthToken') reply(typeof token === 'string' ? [true, token] : [false, token.failure]);
  else reply([]);
});
</script></body></html>`;
  await context.route(`${TEAMS_ORIGIN}/**`, (route) => route.fulfill({ contentType: 'text/html', body: hostPage }));
  // teams-js asks Microsoft's CDN for the hosts it may trust; answered here with Teams' own.
  await context.route('https://res.cdn.office.net/**', (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify({ validOrigins: ['teams.microsoft.com', '*.teams.microsoft.com', 'teams.cloud.microsoft'] }) }));
  await context.route(`https://${options.domain}/**`, async (route) => {
    const url = new URL(route.request().url());
    const response = await route.fetch({ url: `${options.botUrl}${url.pathname}${url.search}` });
    await route.fulfill({ response });
  });
  return asked;
}
