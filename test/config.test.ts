import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../src/config';

const expectSetting = (env: Record<string, string>, setting: string, message: RegExp) =>
  assert.throws(() => loadConfig(env), (e: unknown) => e instanceof ConfigError && e.setting === setting && message.test(e.message));

const TEAM = '6a0b8f4e-2c1d-4e5f-9a8b-7c6d5e4f3a2b';

describe('configuration', () => {
  it('runs locally with no settings: embedded store, 4LSCB timescales, port 3978', () => {
    const config = loadConfig({});
    assert.equal(config.port, 3978);
    assert.equal(config.cosmos.kind, 'embedded');
    assert.deepEqual(config.partnership.protocol.definition.levels.map((l) => l.workingDays), [1, 2, 2, 5]);
    assert.equal(config.partnership.protocol.definition.id, '4lscb');
  });

  it('refuses to start in production without bot credentials, because the SDK would turn authentication off', () => {
    expectSetting({ NODE_ENV: 'production', COSMOS_ENDPOINT: 'https://x.documents.azure.com:443/', DISPUTES_CHANNEL_ID: '19:a@thread.tacv2' }, 'MICROSOFT_APP_ID', /required when NODE_ENV=production/);
  });

  it('refuses the in-memory store and the emulator certificate bypass in production', () => {
    const creds = { NODE_ENV: 'production', MICROSOFT_APP_ID: 'id', MICROSOFT_APP_PASSWORD: 'pw', MICROSOFT_APP_TENANT_ID: 't', DISPUTES_CHANNEL_ID: '19:a@thread.tacv2', DISPUTES_TEAM_ID: TEAM };
    expectSetting(creds, 'COSMOS_ENDPOINT', /in memory only/);
    expectSetting({ ...creds, COSMOS_ENDPOINT: 'https://x.documents.azure.com:443/', COSMOS_ALLOW_SELF_SIGNED_CERTIFICATE: 'true' }, 'COSMOS_ALLOW_SELF_SIGNED_CERTIFICATE', /refused in production/);
    expectSetting({ ...creds, COSMOS_ENDPOINT: 'https://x.documents.azure.com:443/' }, 'EMERGENCY_CONTACT', /required/);
    assert.equal(loadConfig({ ...creds, COSMOS_ENDPOINT: 'https://x.documents.azure.com:443/', EMERGENCY_CONTACT: 'MASH on 0300 000 0000' }).cosmos.kind, 'account');
  });

  it('requires the local emergency contact in production: staff read it next to "call 999"', () => {
    const production = { NODE_ENV: 'production', MICROSOFT_APP_ID: 'id', MICROSOFT_APP_PASSWORD: 'pw', MICROSOFT_APP_TENANT_ID: 't', DISPUTES_CHANNEL_ID: '19:a@thread.tacv2', DISPUTES_TEAM_ID: TEAM, COSMOS_ENDPOINT: 'https://x.documents.azure.com:443/' };
    expectSetting(production, 'EMERGENCY_CONTACT', /is required/);
    expectSetting({ ...production, EMERGENCY_CONTACT: "Children's Social Care MASH on 0300 000 0000" }, 'EMERGENCY_CONTACT', /still the sample number/);
    assert.doesNotMatch(loadConfig({}).partnership.emergencyContact, /set EMERGENCY_CONTACT/, 'no instruction to an administrator reaches staff');
  });

  it('takes NODE_ENV only as exactly production, development or test: "Production" or "prod" does not start', () => {
    for (const value of ['Production', 'prod', 'PRODUCTION', 'live', ' production']) expectSetting({ NODE_ENV: value }, 'NODE_ENV', /exactly production, development or test/);
    assert.equal(loadConfig({ NODE_ENV: 'test' }).production, false);
    assert.equal(loadConfig({}).environment, 'development');
  });

  it('needs the disputes team in production, so that links open the dispute thread', () => {
    const production = { NODE_ENV: 'production', MICROSOFT_APP_ID: 'id', MICROSOFT_APP_PASSWORD: 'pw', MICROSOFT_APP_TENANT_ID: 't', DISPUTES_CHANNEL_ID: '19:a@thread.tacv2', COSMOS_ENDPOINT: 'https://x.documents.azure.com:443/', EMERGENCY_CONTACT: 'MASH on 01234 567890' };
    expectSetting(production, 'DISPUTES_TEAM_ID', /is required/);
    expectSetting({ ...production, DISPUTES_TEAM_ID: 'Safeguarding team' }, 'DISPUTES_TEAM_ID', /group id, a GUID/);
    expectSetting({ ...production, DISPUTES_TEAM_ID: TEAM, DISPUTES_CHANNEL_ID: '19:disputes@thread.tacv2' }, 'DISPUTES_CHANNEL_ID', /still the sample value/);
    assert.equal(loadConfig({ ...production, DISPUTES_TEAM_ID: TEAM }).partnership.disputesTeamId, TEAM);
  });

  it('listens on loopback in development unless LISTEN_ADDRESS says otherwise, and on every interface in production', () => {
    assert.equal(loadConfig({}).listenAddress, '127.0.0.1');
    assert.equal(loadConfig({ LISTEN_ADDRESS: '0.0.0.0' }).listenAddress, '0.0.0.0');
    const production = { NODE_ENV: 'production', MICROSOFT_APP_ID: 'id', MICROSOFT_APP_PASSWORD: 'pw', MICROSOFT_APP_TENANT_ID: 't', DISPUTES_CHANNEL_ID: '19:a@thread.tacv2', DISPUTES_TEAM_ID: TEAM, COSMOS_ENDPOINT: 'https://x.documents.azure.com:443/', EMERGENCY_CONTACT: 'MASH on 01234 567890' };
    assert.equal(loadConfig(production).listenAddress, '0.0.0.0');
    expectSetting({ LISTEN_ADDRESS: 'my laptop' }, 'LISTEN_ADDRESS', /IP address/);
  });

  it('names the setting and the fix for every wrong value', () => {
    expectSetting({ PORT: 'eighty' }, 'PORT', /whole number from 1 to 65535/);
    expectSetting({ PROTOCOL: 'london' }, 'PROTOCOL', /choose one of 4lscb, iro, set/);
    expectSetting({ PROTOCOL_FILE: 'no-such-file.json' }, 'PROTOCOL_FILE', /cannot read it/);
    expectSetting({ STAGE_TIMESCALES: '1,2,2' }, 'STAGE_TIMESCALES', /needs 4 working-day counts, one per level of 4lscb/);
    expectSetting({ PROTOCOL: 'iro', STAGE_TIMESCALES: '1,2,2,5' }, 'STAGE_TIMESCALES', /needs 5 working-day counts.*Informal resolution/);
    expectSetting({ STAGE_TIMESCALES: '1,2,0,5' }, 'STAGE_TIMESCALES', /Stage 3 must be 1 to 30 working days/);
    expectSetting({ WORKING_DAY_START: '9am' }, 'WORKING_DAY_START', /09:00/);
    expectSetting({ CALENDAR_CLOSURES: '24/12/2026' }, 'CALENDAR_CLOSURES', /ISO date/);
    expectSetting({ DISPUTES_CHANNEL_ID: 'general' }, 'DISPUTES_CHANNEL_ID', /19:…@thread.tacv2/);
    expectSetting({ COSMOS_ENDPOINT: 'cosmos.example' }, 'COSMOS_ENDPOINT', /must be a URL/);
    expectSetting({ MICROSOFT_APP_ID: 'id', MICROSOFT_APP_TYPE: 'SingleTenant', MICROSOFT_APP_PASSWORD: 'pw' }, 'MICROSOFT_APP_TENANT_ID', /SingleTenant/);
    expectSetting({ PEOPLE_PICKER: 'ldap' }, 'PEOPLE_PICKER', /directory, graph/);
    expectSetting({ OPERATIONS_CHANNEL_ID: 'ops' }, 'OPERATIONS_CHANNEL_ID', /19:…@thread.tacv2/);
    expectSetting({ OUTBOX_MAX_ATTEMPTS: '0' }, 'OUTBOX_MAX_ATTEMPTS', /whole number from 1 to 100/);
    expectSetting({ APPLICATIONINSIGHTS_CONNECTION_STRING: 'https://insights.example' }, 'APPLICATIONINSIGHTS_CONNECTION_STRING', /InstrumentationKey=/);
  });

  it('lets a Southend, Essex and Thurrock partnership set its own timescales', () => {
    const config = loadConfig({ PROTOCOL: 'set', STAGE_TIMESCALES: '2,3,3,10' });
    assert.equal(config.partnership.protocol.definition.version, '2026-02-24');
    assert.deepEqual(config.partnership.protocol.settings.workingDays, [2, 3, 3, 10]);
  });
});

describe('.env.example', () => {
  it('documents every setting the bot reads', () => {
    const { readFileSync } = require('node:fs') as typeof import('node:fs');
    const source = readFileSync(require.resolve('../src/config'), 'utf8');
    const read = new Set([...source.matchAll(/\(env, '([A-Z_]+)'/g), ...source.matchAll(/env\.([A-Z_]+)/g)].map((m) => m[1]!));
    const documented = readFileSync(require.resolve('../.env.example'), 'utf8');
    const missing = [...read].filter((name) => !new RegExp(`^${name}=`, 'm').test(documented));
    assert.ok(read.size > 20, `found ${read.size} settings`);
    assert.deepEqual(missing, []);
  });

  it('takes the bot\'s host name for the picture tab, and its own sign-in registration where the bot is a managed identity', () => {
    expectSetting({ BOT_DOMAIN: 'https://pd-bot.azurewebsites.net/' }, 'BOT_DOMAIN', /host name only/);
    assert.equal(loadConfig({ BOT_DOMAIN: 'PD-Bot.azurewebsites.net' }).tab.domain, 'pd-bot.azurewebsites.net');
    expectSetting({ TAB_APP_ID: 'the tab' }, 'TAB_APP_ID', /a GUID/);
    const bot = { MICROSOFT_APP_ID: '11111111-2222-3333-4444-555555555555', MICROSOFT_APP_PASSWORD: 'pw', MICROSOFT_APP_TENANT_ID: 't' };
    assert.equal(loadConfig(bot).tab.appId, bot.MICROSOFT_APP_ID, 'a registered bot signs the tab in to itself');
    assert.equal(loadConfig({ ...bot, MICROSOFT_APP_TYPE: 'UserAssignedMSI' }).tab.appId, '', 'a managed identity cannot expose an API');
    assert.equal(loadConfig({ ...bot, MICROSOFT_APP_TYPE: 'UserAssignedMSI', TAB_APP_ID: '22222222-3333-4444-5555-666666666666' }).tab.appId, '22222222-3333-4444-5555-666666666666');
  });

  it('sends meetings as messages unless told to use Graph, and then needs the bot\'s identity and the mailbox that sends them', () => {
    assert.deepEqual(loadConfig({}).partnership.meetings, { kind: 'messages' });
    expectSetting({ MEETINGS: 'outlook' }, 'MEETINGS', /messages, graph/);
    expectSetting({ MEETINGS: 'graph' }, 'MEETINGS', /MICROSOFT_APP_ID/);
    const bot = { MICROSOFT_APP_ID: '11111111-2222-3333-4444-555555555555', MICROSOFT_APP_PASSWORD: 'pw', MICROSOFT_APP_TENANT_ID: 't' };
    expectSetting({ ...bot, MEETINGS: 'graph' }, 'MEETINGS_MAILBOX', /mailbox/);
    assert.deepEqual(loadConfig({ ...bot, MEETINGS: 'graph', MEETINGS_MAILBOX: 'rpd-meetings@partnership.example' }).partnership.meetings, { kind: 'graph', mailbox: 'rpd-meetings@partnership.example' });
  });
});
