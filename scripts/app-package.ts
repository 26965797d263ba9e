/**
 * Builds the Teams app package (manifest.json + icons, zipped) for a partnership:
 *   TEAMS_APP_ID=<guid> MICROSOFT_APP_ID=<bot guid> BOT_DOMAIN=<host name> [TAB_APP_ID=<guid>] PARTNERSHIP_NAME=… DEVELOPER_NAME=<≤32 characters>
 *   PARTNERSHIP_WEBSITE_URL=https://… PARTNERSHIP_PRIVACY_URL=https://… PARTNERSHIP_TERMS_URL=https://… npm run package
 * The manifest is validated against the Teams schema (offline) before anything is written; a
 * value the schema refuses is reported with the setting that supplied it.
 */
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AppManifestUtils } from '@microsoft/app-manifest';
import JSZip from 'jszip';

const ROOT = path.join(__dirname, '..');
const DEVELOPER_NAME_MAX = 32;

/** "Hillside Safeguarding Children Partnership" -> "Hillside SCP": a suggestion only. */
function shortForm(name: string): string {
  const [first, ...rest] = name.split(/\s+/);
  return `${first} ${rest.map((w) => w[0]!.toUpperCase()).join('')}`.slice(0, DEVELOPER_NAME_MAX);
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface PackageValues {
  TEAMS_APP_ID: string;
  BOT_ID: string;
  /** The bot's host name: the picture tab's address and its single sign-on resource. */
  BOT_DOMAIN: string;
  /** The Entra app registration the tab signs in to (the bot's own unless it runs as a managed identity). */
  TAB_APP_ID: string;
  APP_VERSION: string;
  PARTNERSHIP_NAME: string;
  /** Teams shows it as the app's publisher, at most 32 characters: the partnership's short name. */
  DEVELOPER_NAME: string;
  PARTNERSHIP_WEBSITE_URL: string;
  PARTNERSHIP_PRIVACY_URL: string;
  PARTNERSHIP_TERMS_URL: string;
}

export function valuesFromEnv(env: Record<string, string | undefined>): PackageValues {
  const version = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version as string;
  const values = {
    TEAMS_APP_ID: env.TEAMS_APP_ID ?? '',
    BOT_ID: env.BOT_ID ?? env.MICROSOFT_APP_ID ?? '',
    BOT_DOMAIN: (env.BOT_DOMAIN ?? '').trim().toLowerCase(),
    TAB_APP_ID: (env.TAB_APP_ID ?? '').trim() || (env.BOT_ID ?? env.MICROSOFT_APP_ID ?? ''),
    APP_VERSION: env.APP_VERSION ?? version,
    PARTNERSHIP_NAME: env.PARTNERSHIP_NAME ?? '',
    DEVELOPER_NAME: (env.DEVELOPER_NAME ?? '').trim() || (env.PARTNERSHIP_NAME ?? ''),
    PARTNERSHIP_WEBSITE_URL: env.PARTNERSHIP_WEBSITE_URL ?? '',
    PARTNERSHIP_PRIVACY_URL: env.PARTNERSHIP_PRIVACY_URL ?? '',
    PARTNERSHIP_TERMS_URL: env.PARTNERSHIP_TERMS_URL ?? '',
  };
  const problems: string[] = [];
  if (!GUID.test(values.TEAMS_APP_ID)) problems.push('TEAMS_APP_ID must be a GUID (the Teams app id)');
  if (!GUID.test(values.BOT_ID)) problems.push('MICROSOFT_APP_ID (or BOT_ID) must be the bot\'s Entra app id, a GUID');
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(values.BOT_DOMAIN)) problems.push('BOT_DOMAIN must be the bot\'s host name, like pd-bot.azurewebsites.net (no https://, no path): the picture tab is served from it');
  if (!GUID.test(values.TAB_APP_ID)) problems.push('TAB_APP_ID must be the Entra app registration the picture tab signs in to, a GUID (docs/deploy.md)');
  if (!values.PARTNERSHIP_NAME) problems.push('PARTNERSHIP_NAME is required');
  else if (values.DEVELOPER_NAME.length > DEVELOPER_NAME_MAX) {
    problems.push(
      env.DEVELOPER_NAME?.trim()
        ? `DEVELOPER_NAME must be at most ${DEVELOPER_NAME_MAX} characters (Teams shows it as the publisher); "${values.DEVELOPER_NAME}" has ${values.DEVELOPER_NAME.length}`
        : `DEVELOPER_NAME is required: PARTNERSHIP_NAME "${values.PARTNERSHIP_NAME}" has ${values.PARTNERSHIP_NAME.length} characters and Teams shows at most ${DEVELOPER_NAME_MAX} as the publisher; set DEVELOPER_NAME to a short form, such as "${shortForm(values.PARTNERSHIP_NAME)}"`,
    );
  }
  for (const key of ['PARTNERSHIP_WEBSITE_URL', 'PARTNERSHIP_PRIVACY_URL', 'PARTNERSHIP_TERMS_URL'] as const) {
    if (!/^https:\/\//.test(values[key])) problems.push(`${key} must be an https:// address`);
  }
  if (problems.length) throw new Error(`Cannot build the app package:\n- ${problems.join('\n- ')}`);
  return values;
}

/** The manifest with every ${{NAME}} filled in; an unknown placeholder is an error. */
export function fillManifest(values: PackageValues): Record<string, unknown> {
  const template = readFileSync(path.join(ROOT, 'manifest', 'manifest.json'), 'utf8');
  const filled = template.replace(/\$\{\{([A-Z_]+)\}\}/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`manifest.json uses an unknown placeholder \${{${name}}}`);
    return JSON.stringify(values[name as keyof PackageValues]).slice(1, -1);
  });
  return JSON.parse(filled) as Record<string, unknown>;
}

export async function validateManifest(manifest: Record<string, unknown>): Promise<string[]> {
  return AppManifestUtils.validateAgainstSchema(manifest as never);
}

/** Where each setting lands in the manifest: JSON pointer -> the settings in that value. */
export function settingsByPointer(): Map<string, string[]> {
  const template = JSON.parse(readFileSync(path.join(ROOT, 'manifest', 'manifest.json'), 'utf8')) as unknown;
  const found = new Map<string, string[]>();
  const walk = (value: unknown, pointer: string) => {
    if (typeof value === 'string') {
      const names = [...value.matchAll(/\$\{\{([A-Z_]+)\}\}/g)].map((m) => m[1]!);
      if (names.length) found.set(pointer, names);
    } else if (value && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) walk(child, `${pointer}/${key}`);
    }
  };
  walk(template, '');
  return found;
}

/** A schema error, with the setting whose value it is about when a setting supplied it. */
function explain(error: string, pointers: Map<string, string[]>): string {
  const pointer = /^(\/\S*)/.exec(error)?.[1];
  const names = pointer ? pointers.get(pointer) : undefined;
  return names ? `${names.join(', ')}: ${error}` : error;
}

/** Validate and zip; returns the zip's bytes. */
export async function buildAppPackage(values: PackageValues): Promise<Buffer> {
  const manifest = fillManifest(values);
  const errors = await validateManifest(manifest);
  if (errors.length) {
    const pointers = settingsByPointer();
    throw new Error(`manifest.json does not match the Teams schema:\n- ${errors.map((e) => explain(e, pointers)).join('\n- ')}`);
  }
  const zip = new JSZip();
  zip.file('manifest.json', JSON.stringify(manifest, null, 2));
  for (const icon of ['color.png', 'outline.png']) zip.file(icon, readFileSync(path.join(ROOT, 'manifest', icon)));
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

if (require.main === module) {
  (async () => {
    const values = valuesFromEnv(process.env);
    const bytes = await buildAppPackage(values);
    const out = path.join(ROOT, 'build', 'appPackage.zip');
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, bytes);
    console.log(`Wrote ${path.relative(process.cwd(), out)} (${bytes.length} bytes) for bot ${values.BOT_ID}. Upload it in Teams admin centre or Teams > Apps > Manage your apps.`);
  })().catch((error) => {
    console.error((error as Error).message);
    process.exit(1);
  });
}
