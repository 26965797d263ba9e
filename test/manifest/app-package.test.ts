import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { PNG } from 'pngjs';
import { buildAppPackage, fillManifest, PackageValues, validateManifest, valuesFromEnv } from '../../scripts/app-package';

const values: PackageValues = {
  TEAMS_APP_ID: '0b6f3c1e-2d4a-4f5b-9c8d-7e6f5a4b3c2d',
  BOT_ID: '11111111-2222-3333-4444-555555555555',
  BOT_DOMAIN: 'pd-bot.example.net',
  TAB_APP_ID: '22222222-3333-4444-5555-666666666666',
  APP_VERSION: '0.1.0',
  PARTNERSHIP_NAME: 'Test Children Partnership',
  DEVELOPER_NAME: 'Test Children Partnership',
  PARTNERSHIP_WEBSITE_URL: 'https://partnership.example.org/',
  PARTNERSHIP_PRIVACY_URL: 'https://partnership.example.org/privacy',
  PARTNERSHIP_TERMS_URL: 'https://partnership.example.org/terms',
};

const icon = (name: string) => PNG.sync.read(readFileSync(path.join(__dirname, '..', '..', 'manifest', name)));

describe('the Teams app package', () => {
  it('the manifest matches the Teams schema it declares (validated offline)', async () => {
    const manifest = fillManifest(values);
    assert.equal(manifest.manifestVersion, '1.30');
    assert.deepEqual(await validateManifest(manifest), []);
  });

  it('the validation is real: a wrong scope is reported', async () => {
    const manifest = fillManifest(values) as { bots: { scopes: string[] }[] };
    manifest.bots[0]!.scopes = ['everyone'];
    assert.ok((await validateManifest(manifest as never)).length > 0);
  });

  it('offers the bot in personal, team and group chat with the raise, status and help commands', () => {
    const manifest = fillManifest(values) as { bots: { botId: string; scopes: string[]; supportsFiles: boolean; commandLists: { commands: { title: string }[] }[] }[] };
    const bot = manifest.bots[0]!;
    assert.equal(bot.botId, values.BOT_ID);
    assert.deepEqual(bot.scopes, ['personal', 'team', 'groupChat']);
    assert.ok(bot.supportsFiles, 'the written account and exports are sent as files');
    assert.deepEqual(bot.commandLists[0]!.commands.map((c) => c.title), ['raise', 'status', 'help']);
  });

  it('offers the partnership\'s picture as a personal tab on the bot\'s own host, signed in with Teams single sign-on', () => {
    const manifest = fillManifest(values) as { staticTabs: { contentUrl: string; scopes: string[] }[]; validDomains: string[]; webApplicationInfo: { id: string; resource: string } };
    assert.deepEqual(manifest.staticTabs.map((t) => [t.contentUrl, t.scopes]), [['https://pd-bot.example.net/tab', ['personal']]]);
    assert.deepEqual(manifest.validDomains, ['pd-bot.example.net']);
    assert.deepEqual(manifest.webApplicationInfo, { id: values.TAB_APP_ID, resource: `api://pd-bot.example.net/${values.TAB_APP_ID}` });
    assert.equal(valuesFromEnv({ ...values, TAB_APP_ID: undefined }).TAB_APP_ID, values.BOT_ID, 'the bot\'s own registration unless another is named');
    assert.throws(() => valuesFromEnv({ ...values, BOT_DOMAIN: 'https://pd-bot.example.net/' }), /BOT_DOMAIN must be the bot's host name/);
  });

  it('has a 192x192 colour icon and a 32x32 outline icon that is white on transparent', () => {
    const color = icon('color.png');
    assert.deepEqual([color.width, color.height], [192, 192]);
    const outline = icon('outline.png');
    assert.deepEqual([outline.width, outline.height], [32, 32]);
    let transparent = 0;
    for (let i = 0; i < outline.data.length; i += 4) {
      const [r, g, b, a] = [outline.data[i], outline.data[i + 1], outline.data[i + 2], outline.data[i + 3]];
      if (a === 0) transparent++;
      else assert.ok(r === 255 && g === 255 && b === 255, 'outline pixels are white');
    }
    assert.ok(transparent > 32 * 32 * 0.5, 'the background is transparent');
  });

  it('builds a zip with the bot id from the environment, and refuses missing values with what to set', async () => {
    const zip = await JSZip.loadAsync(await buildAppPackage(valuesFromEnv({ ...values, BOT_ID: undefined, MICROSOFT_APP_ID: values.BOT_ID })));
    assert.deepEqual(Object.keys(zip.files).sort(), ['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(await zip.file('manifest.json')!.async('string'));
    assert.equal(manifest.bots[0].botId, values.BOT_ID);
    assert.throws(() => valuesFromEnv({ TEAMS_APP_ID: 'nope' }), /TEAMS_APP_ID must be a GUID[\s\S]*PARTNERSHIP_PRIVACY_URL must be an https/);
  });

  it('declares shared and private channels, where docs/deploy.md puts the disputes channel', () => {
    const manifest = fillManifest(values) as { supportedChannelTypes: string[]; supportsChannelFeatures: string; authorization?: unknown };
    assert.deepEqual([...manifest.supportedChannelTypes].sort(), ['privateChannels', 'sharedChannels']);
    assert.equal(manifest.supportsChannelFeatures, 'tier1');
    assert.equal(manifest.authorization, undefined, 'no resource-specific consent is asked for: the bot reads no channel data');
  });

  it('takes a long partnership name, with a short developer name, and names the setting when one is too long', async () => {
    const env = { ...values, BOT_ID: undefined, MICROSOFT_APP_ID: values.BOT_ID, PARTNERSHIP_NAME: 'Hillside Safeguarding Children Partnership', DEVELOPER_NAME: undefined };
    assert.throws(() => valuesFromEnv(env), /DEVELOPER_NAME is required: PARTNERSHIP_NAME "Hillside Safeguarding Children Partnership" has 42 characters[\s\S]*"Hillside SCP"/);
    assert.throws(() => valuesFromEnv({ ...env, DEVELOPER_NAME: 'Hillside Safeguarding Children Partnership (HSCP)' }), /DEVELOPER_NAME must be at most 32 characters/);
    const zip = await JSZip.loadAsync(await buildAppPackage(valuesFromEnv({ ...env, DEVELOPER_NAME: 'Hillside SCP' })));
    const manifest = JSON.parse(await zip.file('manifest.json')!.async('string'));
    assert.equal(manifest.developer.name, 'Hillside SCP');
    assert.match(manifest.description.full, /Runs the Hillside Safeguarding Children Partnership protocol/);
  });

  it('reports a value the Teams schema refuses with the setting that supplied it', async () => {
    await assert.rejects(buildAppPackage({ ...values, PARTNERSHIP_WEBSITE_URL: `https://partnership.example.org/${'a'.repeat(2100)}` }), /PARTNERSHIP_WEBSITE_URL: \/developer\/websiteUrl/);
  });
});
