import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { CONTAINERS } from '../../src/store/cosmos-connection';

const root = path.join(__dirname, '..', '..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
const bicep = read('infra/main.bicep');

/** Settings the code reads but Azure must not set, and why. */
const NOT_IN_AZURE: Record<string, string> = {
  MICROSOFT_APP_PASSWORD: 'the bot authenticates with its user-assigned managed identity: there is no secret',
  COSMOS_KEY: 'Cosmos DB keys are disabled; the managed identity has a data role',
  COSMOS_ALLOW_SELF_SIGNED_CERTIFICATE: 'for the local emulator only, and refused in production',
};

/** The literal app settings in the Bicep, and the expression ones with the value a deployment would give. */
function appSettings(): Record<string, string> {
  const settings: Record<string, string> = {};
  for (const match of bicep.matchAll(/\{ name: '([A-Za-z_]+)', value: ([^}]+) \}/g)) {
    const [, name, raw] = match;
    const literal = /^'(.*)'\s*$/.exec(raw!.trim());
    settings[name!] = literal ? literal[1]! : `<${raw!.trim()}>`;
  }
  return settings;
}

describe('Azure infrastructure (infra/main.bicep), checked without a Bicep compiler', () => {
  it('sets every app setting the code reads, except secrets it must never hold', () => {
    const source = read('src/config.ts');
    const read_ = new Set([...source.matchAll(/\(env, '([A-Z_]+)'/g), ...source.matchAll(/env\.([A-Z_]+)/g)].map((m) => m[1]!));
    const set = appSettings();
    const missing = [...read_].filter((name) => !(name in set) && !(name in NOT_IN_AZURE));
    assert.ok(read_.size > 25, `found ${read_.size} settings`);
    assert.deepEqual(missing, []);
    for (const secret of Object.keys(NOT_IN_AZURE)) assert.ok(!(secret in set), `${secret} must not be set in Azure: ${NOT_IN_AZURE[secret]}`);
  });

  it('its settings make a valid production configuration for the bot', () => {
    const env: Record<string, string> = {};
    for (const [name, value] of Object.entries(appSettings())) {
      env[name] = value.startsWith('<')
        ? ({
            MICROSOFT_APP_ID: '11111111-2222-3333-4444-555555555555',
            MICROSOFT_APP_TENANT_ID: 'tenant',
            COSMOS_ENDPOINT: 'https://x-cosmos.documents.azure.com:443/',
            DISPUTES_CHANNEL_ID: '19:abc@thread.tacv2',
            DISPUTES_TEAM_ID: '6a0b8f4e-2c1d-4e5f-9a8b-7c6d5e4f3a2b',
            APPLICATIONINSIGHTS_CONNECTION_STRING: 'InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://uksouth-1.in.applicationinsights.azure.com/',
            PROTOCOL: '4lscb',
            BOT_DOMAIN: 'rpdkent-app.azurewebsites.net',
            MANAGER_SOURCE: 'directory',
            PEOPLE_PICKER: 'directory',
          } as Record<string, string>)[name] ?? (/^<(\w+)>$/.test(value) ? defaultOf(value.slice(1, -1)) : 'x')
        : value;
    }
    const config = loadConfig({ ...env, DIRECTORY_FILE: path.join(root, 'directory', 'sample-partnership.json') });
    assert.equal(config.production, true);
    assert.equal(config.bot.appType, 'UserAssignedMSI');
    assert.equal(config.cosmos.kind, 'account');
    assert.ok(config.cosmos.kind === 'account' && config.cosmos.key === undefined, 'managed identity, no key');
  });

  it('creates the containers from the same definitions the code uses: names, partition keys, TTL and indexing', () => {
    assert.match(bicep, /var containers = loadJsonContent\('\.\.\/src\/store\/containers\.json'\)/);
    const fromFile = JSON.parse(read('src/store/containers.json'));
    assert.deepEqual(CONTAINERS, fromFile, 'the code creates exactly what the file defines');
    for (const key of Object.keys(fromFile)) assert.match(bicep, new RegExp(`name: containers\\.${key}\\.id`), `Bicep creates the ${key} container`);
    assert.match(bicep, /partitionKey: containers\.disputes\.partitionKey/);
    assert.match(bicep, /indexingPolicy: containers\.disputes\.indexingPolicy/);
    assert.match(bicep, /defaultTtl: containers\.disputes\.defaultTtl/);
    assert.deepEqual(fromFile.disputes.partitionKey.paths, ['/disputeId']);
  });

  it('has no secret among its parameters, and the parameters file fills every required parameter', () => {
    const parameters = JSON.parse(read('infra/main.parameters.json')).parameters as Record<string, unknown>;
    assert.deepEqual(Object.keys(parameters).filter((p) => /password|secret|key/i.test(p)), []);
    assert.doesNotMatch(bicep, /@secure\(\)/);
    const required = [...bicep.matchAll(/^param (\w+) \w+\s*$/gm)].map((m) => m[1]!);
    assert.deepEqual(required.filter((p) => !(p in parameters)), []);
    assert.match(bicep, /disableLocalAuth: true/, 'Cosmos DB keys are off');
    assert.match(bicep, /msaAppType: 'UserAssignedMSI'/);
  });

  it('checks liveness for App Service health and readiness before traffic, and traces with the OpenTelemetry distro only', () => {
    assert.match(bicep, /healthCheckPath: '\/healthz'/);
    const set = appSettings();
    assert.equal(set.WEBSITE_WARMUP_PATH, '/readyz');
    assert.equal(set.WEBSITE_SWAP_WARMUP_PING_PATH, '/readyz');
    assert.equal(set.APPLICATIONINSIGHTS_CONNECTION_STRING, '<insights.properties.ConnectionString>');
    assert.ok(!('ApplicationInsightsAgent_EXTENSION_VERSION' in set), 'the App Service agent would trace every request a second time');
  });

  it('runs on Node 24 LTS, the version package.json asks for, with basic publishing credentials off', () => {
    assert.match(bicep, /linuxFxVersion: 'NODE\|24-lts'/);
    const engines = JSON.parse(read('package.json')).engines.node as string;
    assert.match(engines, /^>=22 <25$/, 'Node 22 and 24 LTS');
    for (const kind of ['ftp', 'scm']) {
      assert.match(bicep, new RegExp(`basicPublishingCredentialsPolicies@[\\d-]+' = \\{\\s*parent: web\\s*name: '${kind}'\\s*properties: \\{ allow: false \\}`), `${kind} publishing credentials off`);
    }
  });

  it('sends the bot\'s console log, App Service\'s HTTP log and Cosmos DB\'s request log to Log Analytics, kept as long as data-protection.md says', () => {
    const diagnostics = [...bicep.matchAll(/resource \w+ 'Microsoft\.Insights\/diagnosticSettings@[^']+' = \{\s*scope: (\w+)[\s\S]*?workspaceId: logs\.id[\s\S]*?\n\}/g)];
    const byScope = Object.fromEntries(diagnostics.map((m) => [m[1], m[0]]));
    for (const category of ['AppServiceConsoleLogs', 'AppServiceHTTPLogs']) assert.match(byScope.web ?? '', new RegExp(`category: '${category}', enabled: true`));
    assert.match(byScope.cosmos ?? '', /category: 'DataPlaneRequests', enabled: true/);
    const days = /retentionInDays: (\d+)/.exec(bicep)?.[1];
    assert.match(read('docs/data-protection.md'), new RegExp(`Log Analytics workspace's ${days} days`));
    assert.match(read('docs/deploy.md'), /AppServiceConsoleLogs[\s\S]*message given up/, 'deploy.md has the query for messages given up');
  });

  it('production needs only `dependencies`: every package the code loads is one, but the embedded store, which production refuses', () => {
    const pkg = JSON.parse(read('package.json')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    const { readdirSync } = require('node:fs') as typeof import('node:fs');
    const files: string[] = [];
    const walk = (dir: string) => readdirSync(path.join(root, dir), { withFileTypes: true }).forEach((e) => (e.isDirectory() ? walk(`${dir}/${e.name}`) : e.name.endsWith('.ts') && files.push(`${dir}/${e.name}`)));
    walk('src');
    const DEV_ONLY: Record<string, string> = { '@vercel/cosmosdb-server': 'loaded only for the embedded store, which NODE_ENV=production refuses (COSMOS_ENDPOINT is required)' };
    const loaded = new Map<string, string>();
    for (const file of files) {
      for (const m of read(file).matchAll(/(?:from |import\(|require\()'([^'.][^']*)'/g)) {
        const spec = m[1]!;
        if (spec.startsWith('node:')) continue;
        const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
        loaded.set(name, file);
      }
    }
    for (const [name, file] of loaded) {
      if (name in DEV_ONLY) {
        assert.ok(name in pkg.devDependencies, `${name} is for development only`);
        assert.match(read(file), new RegExp(`await import\\('${name}'\\)`), `${name} is loaded lazily, where it is used`);
        continue;
      }
      assert.ok(name in pkg.dependencies, `${file} loads ${name}, which production (npm prune --omit=dev) would not have`);
    }
    for (const dev of ['@vercel/cosmosdb-server', 'rimraf']) assert.ok(!(dev in pkg.dependencies), `${dev} is not shipped to production`);
    assert.throws(() => loadConfig({ NODE_ENV: 'production', MICROSOFT_APP_ID: '11111111-2222-3333-4444-555555555555', MICROSOFT_APP_TYPE: 'UserAssignedMSI', MICROSOFT_APP_TENANT_ID: 'tenant', DIRECTORY_FILE: path.join(root, 'directory', 'sample-partnership.json') }), /COSMOS_ENDPOINT/);
  });

  it('the changelog\'s latest entry is this version, and says what an administrator must do on upgrade', () => {
    const version = JSON.parse(read('package.json')).version as string;
    const changelog = read('CHANGELOG.md');
    const latest = /^## (\d+\.\d+\.\d+)/m.exec(changelog)?.[1];
    assert.equal(latest, version);
    const entry = changelog.slice(changelog.indexOf(`## ${version}`)).split(/\n## /)[0]!;
    assert.match(entry, /\*\*On upgrade\*\*/);
    assert.match(changelog, /npm run directory:check/);
  });

  it('the Agents Toolkit project provisions with this Bicep and manifest, and deploys to its App Service', () => {
    const yml = read('m365agents.yml');
    assert.match(yml, /path: \.\/infra\/main\.bicep/);
    assert.match(yml, /parameters: \.\/infra\/main\.parameters\.json/);
    assert.match(yml, /manifestPath: \.\/manifest\/manifest\.json/);
    for (const output of [...yml.matchAll(/\$\{\{(BOT_AZURE_APP_SERVICE_RESOURCE_ID)\}\}/g)].map((m) => m[1])) {
      assert.match(bicep, new RegExp(`output ${output} `), `Bicep outputs ${output}`);
    }
    // Every placeholder in the manifest and the parameters comes from provisioning or the environment file.
    const example = read('env/.env.prod.example');
    const manifest = read('manifest/manifest.json') + read('infra/main.parameters.json');
    const supplied = new Set([...example.matchAll(/^([A-Z_]+)=/gm)].map((m) => m[1]!).concat([...bicep.matchAll(/^output (\w+) /gm)].map((m) => m[1]!), ['TEAMS_APP_ID', 'TEAMSFX_ENV']));
    const used = [...new Set([...manifest.matchAll(/\$\{\{([A-Z_]+)\}\}/g)].map((m) => m[1]!))];
    assert.deepEqual(used.filter((name) => !supplied.has(name)), []);
  });
});

function defaultOf(param: string): string {
  const match = new RegExp(`param ${param} \\w+ = '([^']*)'`).exec(bicep);
  return match ? match[1]! : 'x';
}
