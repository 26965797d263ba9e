import path from 'node:path';
import { ROOT } from './paths';
import type { ProtocolDefinition } from './domain/protocol';
import { ProtocolChoice, ProtocolSettings, readProtocolFile, readProtocols } from './protocols/protocol-file';
import { CalendarOptions, WorkingCalendar } from './domain/working-days';

/**
 * Every setting the bot reads, mapped from the environment and checked in one place at
 * start-up. A wrong or missing value stops the bot with a message naming the setting;
 * `.env.example` documents each one.
 */
export interface Config {
  port: number;
  /** The interface the bot listens on: loopback in development unless LISTEN_ADDRESS says otherwise. */
  listenAddress: string;
  environment: 'production' | 'development' | 'test';
  production: boolean;
  /** Application Insights (Azure Monitor OpenTelemetry); empty: no telemetry leaves the process. */
  telemetryConnectionString: string;
  /** How often each instance sweeps for due deadlines and undelivered messages. */
  sweepIntervalSeconds: number;
  /** How long a closed dispute is kept before it is deleted. */
  retentionDays: number;
  /** Local development only: how many times faster than real time the protocol's clock runs. */
  devClockSpeed: number;
  logLevel: string;
  bot: {
    appId: string;
    appPassword: string;
    appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
    tenantId: string;
    /** Tenants whose users may use the bot; empty means any. */
    allowedTenants: string[];
  };
  delivery: {
    /** Attempts at one message before it is given up and the operator told. */
    maxAttempts: number;
    /** A Teams channel where operators are told of messages given up; empty: the log only. */
    operationsChannelId: string;
    /** Teams requests a second for the whole tenant, shared by every instance through the store. */
    tenantRatePerSecond: number;
    /** How many instances run: each takes this part of Teams' budget while the store cannot be reached, and of the hourly limit always. */
    instances: number;
  };
  cosmos:
    | { kind: 'embedded'; database: string }
    | { kind: 'account'; endpoint: string; key?: string; database: string; allowSelfSignedCertificate: boolean };
  /** The partnership's picture, a Teams tab served by this server. */
  tab: {
    /** The host name Teams reaches the bot at: the tab's address and part of its sign-in audience. */
    domain: string;
    /** The Entra app registration Teams signs people in to for the tab; empty: nobody can sign in to it. */
    appId: string;
  };
  partnership: {
    name: string;
    /** The partnership's protocol: new disputes resolve their route from it and keep that for life. */
    protocol: ProtocolChoice;
    calendar: CalendarOptions;
    disputesChannelId: string;
    disputesTeamId: string;
    referencePrefix: string;
    directoryFile: string;
    /** Where managers come from: the partnership directory only, or Microsoft Graph first. */
    managerSource: 'directory' | 'graph';
    graphBaseUrl: string;
    peoplePicker: 'directory' | 'graph';
    /**
     * How a convened meeting reaches the people invited: personal messages with its time
     * (`messages`), or also a Teams meeting in their calendars sent from `mailbox` (`graph`).
     */
    meetings: { kind: 'messages' } | { kind: 'graph'; mailbox: string };
    emergencyContact: string;
  };
}

export class ConfigError extends Error {
  constructor(readonly setting: string, problem: string) {
    super(`${setting}: ${problem}`);
  }
}

type Env = Record<string, string | undefined>;

function text(env: Env, name: string, fallback?: string): string {
  const value = env[name]?.trim();
  if (value) return value;
  if (fallback !== undefined) return fallback;
  throw new ConfigError(name, 'is required (see .env.example)');
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new ConfigError(name, `must be a whole number from ${min} to ${max}, got "${raw}"`);
  return value;
}

function number(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) throw new ConfigError(name, `must be a number from ${min} to ${max}, got "${raw}"`);
  return value;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name]?.trim() || fallback;
  if (!(allowed as readonly string[]).includes(raw)) throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got "${raw}"`);
  return raw as T;
}

function list(env: Env, name: string): string[] {
  return (env[name] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

/** A shipped protocol by id, or the partnership's own file. */
function protocolDefinition(env: Env): ProtocolDefinition {
  const file = env.PROTOCOL_FILE?.trim();
  if (file) {
    try {
      return readProtocolFile(path.resolve(file));
    } catch (error) {
      throw new ConfigError('PROTOCOL_FILE', (error as Error).message);
    }
  }
  const id = text(env, 'PROTOCOL', '4lscb');
  const shipped = readProtocols();
  const found = shipped.filter((p) => p.id === id).at(-1);
  if (!found) throw new ConfigError('PROTOCOL', `Unknown protocol "${id}"; choose one of ${shipped.map((p) => p.id).join(', ')}, or set PROTOCOL_FILE to your own`);
  return found;
}

function workingDays(env: Env, definition: ProtocolDefinition): number[] | undefined {
  const raw = env.STAGE_TIMESCALES?.trim();
  if (!raw) return undefined;
  const days = raw.split(',').map((s) => Number(s.trim()));
  const levels = definition.levels.length;
  if (days.length !== levels) {
    throw new ConfigError('STAGE_TIMESCALES', `needs ${levels} working-day counts, one per level of ${definition.id} (${definition.levels.map((l) => l.label).join(', ')}); got "${raw}"`);
  }
  const bad = days.findIndex((d) => !Number.isInteger(d) || d < 1 || d > 30);
  if (bad >= 0) throw new ConfigError('STAGE_TIMESCALES', `${definition.levels[bad]!.label} must be 1 to 30 working days, got "${raw.split(',')[bad]!.trim()}"`);
  return days;
}

function protocolChoice(env: Env): Config['partnership']['protocol'] {
  const definition = protocolDefinition(env);
  const days = workingDays(env, definition);
  const settings: ProtocolSettings = {
    urgent: { hoursPerStage: number(env, 'URGENT_HOURS_PER_STAGE', 4, 0.25, 72) },
    decisionReminderHours: number(env, 'DECISION_REMINDER_HOURS', 4, 0.25, 72),
    acknowledgeWithinHours: number(env, 'ACKNOWLEDGE_WITHIN_HOURS', 4, 0.5, 40),
    ...(days ? { workingDays: days } : {}),
  };
  return { definition, settings };
}

function calendar(env: Env): CalendarOptions {
  const options: CalendarOptions = {
    zone: 'Europe/London',
    closures: list(env, 'CALENDAR_CLOSURES'),
    dayStart: text(env, 'WORKING_DAY_START', '09:00'),
    dayEnd: text(env, 'WORKING_DAY_END', '17:00'),
  };
  try {
    new WorkingCalendar(options);
  } catch (error) {
    const message = (error as Error).message;
    const setting = /dayStart/.test(message) ? 'WORKING_DAY_START' : /dayEnd/.test(message) ? 'WORKING_DAY_END' : 'CALENDAR_CLOSURES';
    throw new ConfigError(setting, message);
  }
  return options;
}

/** The sample values in .env.example: fine for trying the bot, wrong for a partnership. */
const SAMPLE_EMERGENCY_CONTACT = "Children's Social Care MASH on 0300 000 0000";
const SAMPLE_CHANNEL_ID = '19:disputes@thread.tacv2';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Exactly one of the known values: "Production" or "prod" must not start a bot that then
 * treats itself as a development machine (authentication off, data in memory).
 */
function environment(env: Env): Config['environment'] {
  const raw = env.NODE_ENV;
  if (raw === undefined || raw === '') return 'development';
  if (raw === 'production' || raw === 'development' || raw === 'test') return raw;
  throw new ConfigError('NODE_ENV', `must be exactly production, development or test (lower case), got "${raw}"`);
}

function listenAddress(env: Env, production: boolean): string {
  const raw = env.LISTEN_ADDRESS?.trim();
  if (!raw) return production ? '0.0.0.0' : '127.0.0.1';
  if (!/^(localhost|[0-9.]+|[0-9a-f:]+)$/i.test(raw)) throw new ConfigError('LISTEN_ADDRESS', `must be an IP address such as 127.0.0.1 or 0.0.0.0, got "${raw}"`);
  return raw;
}

export function loadConfig(env: Env = process.env): Config {
  const environmentName = environment(env);
  const production = environmentName === 'production';
  const appId = text(env, 'MICROSOFT_APP_ID', '');
  const appType = oneOf(env, 'MICROSOFT_APP_TYPE', ['MultiTenant', 'SingleTenant', 'UserAssignedMSI'] as const, appId ? 'SingleTenant' : 'MultiTenant');
  const appPassword = text(env, 'MICROSOFT_APP_PASSWORD', '');
  const tenantId = text(env, 'MICROSOFT_APP_TENANT_ID', '');
  if (production && !appId) {
    // The SDK silently turns authentication off when the app id is empty.
    throw new ConfigError('MICROSOFT_APP_ID', 'is required when NODE_ENV=production; without it the bot would accept unauthenticated requests');
  }
  if (appId && appType !== 'UserAssignedMSI' && !appPassword) throw new ConfigError('MICROSOFT_APP_PASSWORD', `is required with MICROSOFT_APP_TYPE=${appType}`);
  if (appId && appType !== 'MultiTenant' && !tenantId) throw new ConfigError('MICROSOFT_APP_TENANT_ID', `is required with MICROSOFT_APP_TYPE=${appType}`);

  const endpoint = text(env, 'COSMOS_ENDPOINT', '');
  const database = text(env, 'COSMOS_DATABASE', 'professional-disagreements');
  if (endpoint && !/^https?:\/\//.test(endpoint)) throw new ConfigError('COSMOS_ENDPOINT', `must be a URL like https://<account>.documents.azure.com:443/, got "${endpoint}"`);
  if (production && !endpoint) throw new ConfigError('COSMOS_ENDPOINT', 'is required when NODE_ENV=production; the embedded store keeps data in memory only');
  const allowSelfSigned = env.COSMOS_ALLOW_SELF_SIGNED_CERTIFICATE === 'true';
  if (allowSelfSigned && production) throw new ConfigError('COSMOS_ALLOW_SELF_SIGNED_CERTIFICATE', 'is for the local Cosmos DB emulator only and is refused in production');

  const disputesChannelId = text(env, 'DISPUTES_CHANNEL_ID', production ? undefined : SAMPLE_CHANNEL_ID);
  if (!/^19:.+@thread\.(tacv2|skype)$/.test(disputesChannelId)) {
    throw new ConfigError('DISPUTES_CHANNEL_ID', `must be a Teams channel id like 19:…@thread.tacv2, got "${disputesChannelId}"`);
  }
  if (production && disputesChannelId === SAMPLE_CHANNEL_ID) throw new ConfigError('DISPUTES_CHANNEL_ID', 'is still the sample value from .env.example; set your disputes channel\'s id');
  // Links that open a dispute's thread need the team's group id; without it they open nothing.
  const disputesTeamId = text(env, 'DISPUTES_TEAM_ID', production ? undefined : '');
  if (disputesTeamId && !GUID.test(disputesTeamId)) throw new ConfigError('DISPUTES_TEAM_ID', `must be the team's Microsoft 365 group id, a GUID, got "${disputesTeamId}"`);
  // Staff read this next to "call 999": in production it must be the real local number.
  const emergencyContact = text(env, 'EMERGENCY_CONTACT', production ? undefined : 'Children\'s Social Care (MASH): your local contact number');
  if (production && emergencyContact === SAMPLE_EMERGENCY_CONTACT) throw new ConfigError('EMERGENCY_CONTACT', 'is still the sample number from .env.example; set your local children\'s services contact');

  // The tab's single sign-on resource is api://<domain>/<tab app id>.
  const botDomain = text(env, 'BOT_DOMAIN', '').toLowerCase();
  if (botDomain && !/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/.test(botDomain)) {
    throw new ConfigError('BOT_DOMAIN', `must be the bot's host name only, like pd-bot.azurewebsites.net (no https://, no path), got "${botDomain}"`);
  }

  return {
    port: integer(env, 'PORT', 3978, 1, 65535),
    tab: {
      domain: botDomain,
      appId: (() => {
        // A managed identity cannot expose an API for Teams to sign in to: the tab then needs its own app registration.
        const id = text(env, 'TAB_APP_ID', '');
        if (id && !GUID.test(id)) throw new ConfigError('TAB_APP_ID', `must be the tab's Entra app registration (client) id, a GUID, got "${id}"`);
        return id || (appType === 'UserAssignedMSI' ? '' : appId);
      })(),
    },
    listenAddress: listenAddress(env, production),
    environment: environmentName,
    production,
    telemetryConnectionString: (() => {
      const value = text(env, 'APPLICATIONINSIGHTS_CONNECTION_STRING', '');
      if (value && !/InstrumentationKey=[^;]+/i.test(value)) throw new ConfigError('APPLICATIONINSIGHTS_CONNECTION_STRING', 'must be an Application Insights connection string (InstrumentationKey=…;IngestionEndpoint=…)');
      return value;
    })(),
    sweepIntervalSeconds: integer(env, 'SWEEP_INTERVAL_SECONDS', 30, 1, 3600),
    retentionDays: integer(env, 'RETENTION_DAYS', 2190, 1, 36500),
    devClockSpeed: (() => {
      const speed = number(env, 'DEV_CLOCK_SPEED', 1, 1, 100_000);
      if (speed !== 1 && production) throw new ConfigError('DEV_CLOCK_SPEED', 'makes deadlines pass faster and is for local development only; it is refused in production');
      return speed;
    })(),
    logLevel: oneOf(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
    bot: { appId, appPassword, appType, tenantId, allowedTenants: list(env, 'ALLOWED_TENANT_IDS') },
    delivery: {
      maxAttempts: integer(env, 'OUTBOX_MAX_ATTEMPTS', 8, 1, 100),
      tenantRatePerSecond: integer(env, 'TEAMS_TENANT_RATE', 30, 1, 50),
      instances: integer(env, 'BOT_INSTANCES', 1, 1, 30),
      operationsChannelId: (() => {
        const id = text(env, 'OPERATIONS_CHANNEL_ID', '');
        if (id && !/^19:.+@thread\.(tacv2|skype)$/.test(id)) throw new ConfigError('OPERATIONS_CHANNEL_ID', `must be a Teams channel id like 19:…@thread.tacv2, got "${id}"`);
        return id;
      })(),
    },
    cosmos: endpoint
      ? { kind: 'account', endpoint, ...(env.COSMOS_KEY ? { key: env.COSMOS_KEY } : {}), database, allowSelfSignedCertificate: allowSelfSigned }
      : { kind: 'embedded', database },
    partnership: {
      name: text(env, 'PARTNERSHIP_NAME', 'Safeguarding Children Partnership'),
      protocol: protocolChoice(env),
      calendar: calendar(env),
      disputesChannelId,
      disputesTeamId,
      referencePrefix: (() => {
        const prefix = text(env, 'REFERENCE_PREFIX', 'PD');
        if (!/^[A-Z]{2,6}$/.test(prefix)) throw new ConfigError('REFERENCE_PREFIX', `must be 2 to 6 capital letters, got "${prefix}"`);
        return prefix;
      })(),
      directoryFile: path.resolve(text(env, 'DIRECTORY_FILE', path.join(ROOT, 'directory', 'sample-partnership.json'))),
      managerSource: (() => {
        const source = oneOf(env, 'MANAGER_SOURCE', ['directory', 'graph'] as const, 'directory');
        if (source === 'graph' && !appId) throw new ConfigError('MANAGER_SOURCE', 'graph needs the bot\'s identity (MICROSOFT_APP_ID) to call Microsoft Graph');
        return source;
      })(),
      graphBaseUrl: text(env, 'GRAPH_BASE_URL', 'https://graph.microsoft.com'),
      peoplePicker: oneOf(env, 'PEOPLE_PICKER', ['directory', 'graph'] as const, 'directory'),
      meetings: (() => {
        const kind = oneOf(env, 'MEETINGS', ['messages', 'graph'] as const, 'messages');
        if (kind === 'messages') return { kind };
        if (!appId) throw new ConfigError('MEETINGS', 'graph needs the bot\'s identity (MICROSOFT_APP_ID) to call Microsoft Graph');
        const mailbox = text(env, 'MEETINGS_MAILBOX', '');
        if (!mailbox) throw new ConfigError('MEETINGS_MAILBOX', 'MEETINGS=graph sends the invitations from a mailbox of the partnership\'s: give its address (or user id), e.g. rpd-meetings@partnership.example');
        return { kind, mailbox };
      })(),
      emergencyContact,
    },
  };
}
