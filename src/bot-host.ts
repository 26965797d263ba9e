import { TeamsAdapter } from '@microsoft/teams-ai/lib/TeamsAdapter';
import { ConfigurationBotFrameworkAuthenticationOptions, ConfigurationServiceClientCredentialFactory } from 'botbuilder';
import type express from 'express';
import { DisputeService } from './app/dispute-service';
import { createApplication } from './bot/application';
import { DEFAULT_INDICATORS } from './cards/views';
import type { Config } from './config';
import { Directory, PartnershipDirectory } from './directory/partnership-directory';
import { GraphDirectory } from './directory/graph-directory';
import { GraphClient, TokenProvider } from './graph/graph-client';
import { GraphCalendar } from './meetings/graph-calendar';
import { MeetingSync } from './meetings/meeting-sync';
import type { DecideContext } from './domain/decider/context';
import { directoryProblems } from './directory/directory-check';
import { WorkingCalendar } from './domain/working-days';
import { rungKeys } from './domain/protocol';
import type { Logger } from './logger';
import { createServer } from './server';
import type { StoreConnection } from './store/cosmos-connection';
import { DisputeRepository } from './store/dispute-repository';
import { peopleUpgrade } from './store/legacy-people';
import { AbsenceStore } from './store/absence-store';
import { availabilityFor } from './app/availability';
import type { PersonRef } from './domain/dispute';
import { ReferenceSequence } from './store/reference-sequence';
import { deliveriesFor } from './teams/deliveries';
import { OutboxSender } from './teams/outbox-sender';
import { DeadlineScheduler } from './scheduler/deadline-scheduler';
import { DEFAULT_RETRY, RetryOptions } from './teams/retry';
import { TeamsGateway } from './teams/teams-gateway';
import { AddressBook } from './teams/address-book';
import { shareOf, SlidingWindowLimiter, TEAMS_THREAD_LIMITS, tenantLimits } from './teams/rate-limiter';
import { SharedWindowLimiter } from './teams/shared-pacing';
import { CosmosPacingStore } from './store/pacing-store';
import { tabRouter } from './tab/tab-routes';
import { LocalSignIn, TabSignIn, TeamsSignIn } from './tab/tab-sign-in';

export interface BotHostOptions {
  config: Config;
  store: StoreConnection;
  log: Logger;
  clock?: () => Date;
  /** Extra Bot Framework authentication settings, e.g. a test's own OpenID metadata. */
  authOverrides?: Partial<ConfigurationBotFrameworkAuthenticationOptions>;
  retry?: RetryOptions;
  /** Microsoft Graph access; by default a token for the bot's own identity. */
  graphToken?: TokenProvider;
  /** How long a card press may wait for the store before it is answered anyway. */
  pressBudgetMs?: number;
  /** Deliver a decision's messages as soon as it is saved (the default), or leave them to the sweep. */
  deliverAfterSave?: boolean;
  /** How long a delivery claim holds; the benchmark shortens it (see OutboxSettings). */
  claimLeaseMs?: number;
  /** Where the tab's sign-in keys are published; by default Entra's. Tests use their own loopback issuer. */
  tabMetadataUrl?: string;
  /** The document holding the Teams budget the instances share; tests give each bot its own, as if each were its own tenant. */
  pacingId?: string;
}

/**
 * The tab's sign-in: Teams single sign-on wherever the bot has an identity; a developer's own
 * choice of person only in local development with authentication off (config refuses production without one).
 */
function tabSignIn(config: Config, clock: () => Date, metadataUrl?: string): TabSignIn {
  const { appId, appType, tenantId, allowedTenants } = config.bot;
  if (!appId) {
    if (config.production) throw new Error('MICROSOFT_APP_ID: the tab cannot sign anyone in without the bot\'s identity');
    return new LocalSignIn();
  }
  const tenants = allowedTenants.length ? allowedTenants : appType === 'MultiTenant' ? [] : [tenantId];
  return new TeamsSignIn({ appId: config.tab.appId, domain: config.tab.domain, tenants, now: () => clock().getTime(), ...(metadataUrl ? { metadataUrl } : {}) });
}

export interface BotHost {
  http: express.Express;
  service: DisputeService;
  outbox: OutboxSender;
  scheduler: DeadlineScheduler;
  repository: DisputeRepository;
  absences: AbsenceStore;
}

/** A Graph token for the bot's own identity: its client secret, or its managed identity. */
function botGraphToken(config: Config): TokenProvider {
  const { appId, appPassword, tenantId, appType } = config.bot;
  let credential: { getToken(scope: string): Promise<{ token: string } | null> } | undefined;
  return async () => {
    if (!credential) {
      const identity = await import('@azure/identity');
      credential = appType === 'UserAssignedMSI' ? new identity.ManagedIdentityCredential({ clientId: appId }) : new identity.ClientSecretCredential(tenantId, appId, appPassword);
    }
    const token = await credential.getToken('https://graph.microsoft.com/.default');
    if (!token) throw new Error('No Microsoft Graph token for the bot');
    return token.token;
  };
}

/** Wire the bot from its parts; index.ts only adds the listening socket and timers. */
export function createBotHost({ config, store, log, clock = () => new Date(), authOverrides = {}, retry = DEFAULT_RETRY, graphToken, pressBudgetMs, deliverAfterSave = true, tabMetadataUrl, claimLeaseMs, pacingId }: BotHostOptions): BotHost {
  const auth = {
    MicrosoftAppId: config.bot.appId,
    MicrosoftAppPassword: config.bot.appPassword,
    MicrosoftAppType: config.bot.appType,
    MicrosoftAppTenantId: config.bot.tenantId,
    ...authOverrides,
  } as ConfigurationBotFrameworkAuthenticationOptions;
  const adapter = new TeamsAdapter(auth, new ConfigurationServiceClientCredentialFactory(auth));
  adapter.onTurnError = async (_context, error) => {
    log.error({ err: { message: error.message, name: error.name } }, 'unhandled turn error');
  };

  const partnershipDirectory = PartnershipDirectory.fromFile(config.partnership.directoryFile, config.bot.tenantId);
  // The bot's own token is asked for only when Graph is first called (MANAGER_SOURCE or MEETINGS is graph).
  const token = graphToken ?? botGraphToken(config);
  /** Graph within a press's wait (a look-up answered while Teams waits), or within a background delivery's. */
  const graph = (budgetMs: number) => new GraphClient(config.partnership.graphBaseUrl, token, log, { timeoutMs: Math.min(budgetMs, 10_000), budgetMs });
  const directory: Directory = config.partnership.managerSource === 'graph' ? new GraphDirectory(partnershipDirectory, graph(3000), log) : partnershipDirectory;
  const meetingsConfig = config.partnership.meetings;
  const emailOf = (p: PersonRef) => directory.entryOf(p)?.email;
  const meetings = meetingsConfig.kind === 'graph' ? { sync: new MeetingSync(new GraphCalendar(graph(30_000), meetingsConfig.mailbox), emailOf), freeBusy: new GraphCalendar(graph(3000), meetingsConfig.mailbox) } : undefined;
  const repository = new DisputeRepository(store.disputes, config.retentionDays * 86_400, peopleUpgrade(directory));
  const ctx: DecideContext = { calendar: new WorkingCalendar(config.partnership.calendar), ...(meetings ? { teamsMeetings: true } : {}) };
  const addresses = new AddressBook(store.people, log, clock);
  // Teams' budget, shared by every instance through the store (each takes its equal part only if the store fails).
  const pacer = new SharedWindowLimiter(new CosmosPacingStore(store.sequences, pacingId), new SlidingWindowLimiter(), (limits) => shareOf(limits, config.delivery.instances), log);
  const gateway = new TeamsGateway(adapter, config.bot.appId, addresses, retry, pacer, tenantLimits(config.delivery.tenantRatePerSecond), TEAMS_THREAD_LIMITS);
  const outbox = new OutboxSender(
    repository,
    gateway,
    {
      partnershipName: config.partnership.name,
      disputesChannelId: config.partnership.disputesChannelId,
      disputesTeamId: config.partnership.disputesTeamId,
      maxAttempts: config.delivery.maxAttempts,
      operationsChannelId: config.delivery.operationsChannelId,
      partnershipTenantId: directory.tenantId(),
      ...(claimLeaseMs ? { claimLeaseMs } : {}),
    },
    log,
    addresses,
    clock,
    meetings?.sync,
  );
  const protocol = config.partnership.protocol;
  const problems = directoryProblems(directory, protocol.definition);
  if (problems.length) {
    throw new Error(`DIRECTORY_FILE: ${problems.join('; ')}. Check a directory before deploying with: npm run directory:check -- <file>`);
  }
  const absences = new AbsenceStore(store.people);
  const outlook = directory instanceof GraphDirectory ? (person: PersonRef, now: Date) => directory.automaticReplies(person, now) : undefined;
  const service = new DisputeService({
    repository,
    references: new ReferenceSequence(store.sequences, config.partnership.referencePrefix),
    directory,
    protocol,
    ctx,
    log,
    clock,
    afterSave: deliverAfterSave ? (id, written) => void outbox.deliver(id, written) : () => undefined,
    deliveries: (effects, state, asOf) => deliveriesFor(effects, state, asOf, config.partnership.emergencyContact),
    availability: (people, now) => availabilityFor(people, now, absences, directory, rungKeys(protocol.definition), outlook),
  });
  const app = createApplication({
    adapter,
    retry,
    botAppId: config.bot.appId,
    service,
    directory,
    protocol,
    ctx,
    clock,
    log,
    indicators: DEFAULT_INDICATORS,
    emergencyContact: config.partnership.emergencyContact,
    peoplePicker: config.partnership.peoplePicker,
    teamId: config.partnership.disputesTeamId,
    allowedTenants: config.bot.allowedTenants,
    partnershipName: config.partnership.name,
    messagePerson: (origin, person, activity) => gateway.messagePerson(person, activity, origin.serviceUrl),
    addresses,
    absences,
    ...(meetings ? { meetings: { calendar: meetings.freeBusy, emailOf } } : {}),
    ...(pressBudgetMs ? { pressBudgetMs } : {}),
  });
  const tab = tabRouter({ signIn: tabSignIn(config, clock, tabMetadataUrl), directory, picture: (from, to) => service.picture(from, to), protocol, partnershipName: config.partnership.name, clock, log });
  const http = createServer({ adapter, app, ready: () => repository.ping(), log, tab });
  const scheduler = new DeadlineScheduler(repository, service, clock, log, config.retentionDays);
  return { http, service, outbox, scheduler, repository, absences };
}
