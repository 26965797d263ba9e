// Azure resources for the Resolving Professional Disagreements bot, for one partnership:
// a Linux App Service running Node 24 LTS, an Azure Bot (single tenant, user-assigned managed
// identity, Teams channel), Azure Cosmos DB for NoSQL (managed-identity access only, the
// containers exactly as src/store/containers.json defines them) and Application Insights.
// No secret is a parameter: the bot authenticates to Bot Framework and to Cosmos DB with its
// managed identity.

@description('Short lower-case prefix for resource names, e.g. "rpdkent".')
@minLength(3)
@maxLength(16)
param resourceBaseName string

param location string = resourceGroup().location

@description('Display name of the bot in Azure.')
param botDisplayName string = 'Professional Disagreements'

@allowed(['B1', 'B2', 'S1', 'P0v3', 'P1v3'])
param appServiceSku string = 'B1'

@allowed(['F0', 'S1'])
param botSku string = 'S1'

@description('Entra tenant the bot and its users belong to.')
param tenantId string = subscription().tenantId

// --- Partnership settings (see .env.example for what each means) ---
param partnershipName string
@allowed(['4lscb', 'set', 'iro'])
param protocol string = '4lscb'
@description('A protocol file deployed with the app (path relative to the app root), instead of a shipped PROTOCOL; empty for none')
param protocolFile string = ''
@description('Working days per level, replacing the protocol file\'s; empty for the file\'s own')
param stageTimescales string = ''
param urgentHoursPerStage string = '4'
param decisionReminderHours string = '4'
@description('Working hours within which those a level brings in say they have seen it, before a reminder')
param acknowledgeWithinHours string = '4'
param calendarClosures string = ''
param workingDayStart string = '09:00'
param workingDayEnd string = '17:00'
@description('The disputes channel: a private or shared channel of the partnership team (19:…@thread.tacv2).')
param disputesChannelId string
@description('The partnership team\'s Microsoft 365 group id (a GUID), for links that open a dispute\'s thread.')
param disputesTeamId string
param referencePrefix string = 'PD'
param directoryFile string = 'directory/partnership.json'
@allowed(['directory', 'graph'])
param managerSource string = 'directory'
@allowed(['directory', 'graph'])
param peoplePicker string = 'directory'
@description('messages: a convened meeting is told to each attendee in their chat with the bot. graph: also a Teams meeting sent from meetingsMailbox (Calendars.ReadWrite for the managed identity, limited to that mailbox).')
@allowed(['messages', 'graph'])
param meetings string = 'messages'
@description('The partnership mailbox that organises Teams meetings (meetings = graph only).')
param meetingsMailbox string = ''
param emergencyContact string
param allowedTenantIds string = ''
param retentionDays string = '2190'
param sweepIntervalSeconds string = '30'
@description('Attempts at one Teams message before it is given up and operators told')
param outboxMaxAttempts string = '8'
@description('A Teams channel id where operators are told of messages given up; empty for the log only')
param operationsChannelId string = ''
@description('Teams requests a second for the bot in the whole tenant, shared by the instances')
param teamsTenantRate string = '30'
@description('How many instances of the bot run (set it when scaling out, so they share the tenant budget)')
param botInstances string = '1'
param logLevel string = 'info'
@description('The host name Teams reaches the bot at, when it is not the App Service default (a custom domain).')
param botDomain string = ''
@description('The Entra app registration (client id) the picture tab signs in to with Teams single sign-on: it exposes api://<bot domain>/<id> with the scope access_as_user (docs/deploy.md). A managed identity cannot. Empty: the tab answers that it is not set up.')
param tabAppId string = ''

var containers = loadJsonContent('../src/store/containers.json')
var databaseName = 'professional-disagreements'
// The web app's default host name, known before it exists (its own properties cannot name it).
var botHost = empty(botDomain) ? '${resourceBaseName}-app.azurewebsites.net' : botDomain

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${resourceBaseName}-identity'
  location: location
}

resource logs 'Microsoft.OperationalInsights/workspaces@2022-10-01' = {
  name: '${resourceBaseName}-logs'
  location: location
  properties: { sku: { name: 'PerGB2018' }, retentionInDays: 90 }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${resourceBaseName}-insights'
  location: location
  kind: 'web'
  properties: { Application_Type: 'Node.JS', WorkspaceResourceId: logs.id, DisableIpMasking: false }
}

resource cosmos 'Microsoft.DocumentDB/databaseAccounts@2024-05-15' = {
  name: '${resourceBaseName}-cosmos'
  location: location
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    locations: [{ locationName: location, failoverPriority: 0 }]
    consistencyPolicy: { defaultConsistencyLevel: 'Session' }
    capabilities: [{ name: 'EnableServerless' }]
    // Keys are off: only Entra identities (the bot's managed identity) can reach the data.
    disableLocalAuth: true
    minimalTlsVersion: 'Tls12'
    backupPolicy: { type: 'Continuous', continuousModeProperties: { tier: 'Continuous7Days' } }
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2024-05-15' = {
  parent: cosmos
  name: databaseName
  properties: { resource: { id: databaseName } }
}

resource disputes 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-05-15' = {
  parent: database
  name: containers.disputes.id
  properties: {
    resource: {
      id: containers.disputes.id
      partitionKey: containers.disputes.partitionKey
      defaultTtl: containers.disputes.defaultTtl
      indexingPolicy: containers.disputes.indexingPolicy
    }
  }
}

// Absences managers record ("away"): who covers, until when. One item per person.
resource people 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-05-15' = {
  parent: database
  name: containers.people.id
  properties: { resource: { id: containers.people.id, partitionKey: containers.people.partitionKey, defaultTtl: containers.people.defaultTtl } }
}

resource sequences 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-05-15' = {
  parent: database
  name: containers.sequences.id
  properties: { resource: { id: containers.sequences.id, partitionKey: containers.sequences.partitionKey } }
}

// Cosmos DB Built-in Data Contributor, for the bot's identity only.
resource cosmosData 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-05-15' = {
  parent: cosmos
  name: guid(cosmos.id, identity.id, 'data-contributor')
  properties: {
    roleDefinitionId: '${cosmos.id}/sqlRoleDefinitions/00000000-0000-0000-0000-000000000002'
    principalId: identity.properties.principalId
    scope: cosmos.id
  }
}

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: '${resourceBaseName}-plan'
  location: location
  kind: 'linux'
  sku: { name: appServiceSku }
  properties: { reserved: true }
}

resource web 'Microsoft.Web/sites@2023-12-01' = {
  name: '${resourceBaseName}-app'
  location: location
  kind: 'app,linux'
  identity: { type: 'UserAssigned', userAssignedIdentities: { '${identity.id}': {} } }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      linuxFxVersion: 'NODE|24-lts'
      // A young generation of 2 MB: without it V8 lets the heap grow to about 400 MB resident after 1,000 turns (docs/performance.md).
      appCommandLine: 'node --max-semi-space-size=2 dist/src/index.js'
      alwaysOn: appServiceSku != 'B1'
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      // App Service's own HTTP log (who called, status, time); diagnostic settings below send it on.
      httpLoggingEnabled: true
      // Liveness: the process answers. Readiness (/readyz, the store answers) is the warm-up
      // path, so a new or restarted instance gets traffic only once it can reach Cosmos DB,
      // and a Cosmos DB outage does not make App Service replace every instance.
      healthCheckPath: '/healthz'
      appSettings: [
        { name: 'NODE_ENV', value: 'production' }
        { name: 'PORT', value: '8080' }
        { name: 'LISTEN_ADDRESS', value: '0.0.0.0' }
        { name: 'WEBSITE_WARMUP_PATH', value: '/readyz' }
        { name: 'WEBSITE_SWAP_WARMUP_PING_PATH', value: '/readyz' }
        { name: 'WEBSITES_PORT', value: '8080' }
        { name: 'LOG_LEVEL', value: logLevel }
        { name: 'SWEEP_INTERVAL_SECONDS', value: sweepIntervalSeconds }
        { name: 'OUTBOX_MAX_ATTEMPTS', value: outboxMaxAttempts }
        { name: 'OPERATIONS_CHANNEL_ID', value: operationsChannelId }
        { name: 'TEAMS_TENANT_RATE', value: teamsTenantRate }
        { name: 'BOT_INSTANCES', value: botInstances }
        { name: 'RETENTION_DAYS', value: retentionDays }
        { name: 'DEV_CLOCK_SPEED', value: '1' }
        { name: 'MICROSOFT_APP_ID', value: identity.properties.clientId }
        { name: 'MICROSOFT_APP_TYPE', value: 'UserAssignedMSI' }
        { name: 'MICROSOFT_APP_TENANT_ID', value: tenantId }
        { name: 'ALLOWED_TENANT_IDS', value: allowedTenantIds }
        { name: 'AZURE_CLIENT_ID', value: identity.properties.clientId }
        { name: 'COSMOS_ENDPOINT', value: cosmos.properties.documentEndpoint }
        { name: 'COSMOS_DATABASE', value: databaseName }
        { name: 'PARTNERSHIP_NAME', value: partnershipName }
        { name: 'PROTOCOL', value: protocol }
        { name: 'PROTOCOL_FILE', value: protocolFile }
        { name: 'STAGE_TIMESCALES', value: stageTimescales }
        { name: 'URGENT_HOURS_PER_STAGE', value: urgentHoursPerStage }
        { name: 'DECISION_REMINDER_HOURS', value: decisionReminderHours }
        { name: 'ACKNOWLEDGE_WITHIN_HOURS', value: acknowledgeWithinHours }
        { name: 'CALENDAR_CLOSURES', value: calendarClosures }
        { name: 'WORKING_DAY_START', value: workingDayStart }
        { name: 'WORKING_DAY_END', value: workingDayEnd }
        { name: 'DISPUTES_CHANNEL_ID', value: disputesChannelId }
        { name: 'DISPUTES_TEAM_ID', value: disputesTeamId }
        { name: 'REFERENCE_PREFIX', value: referencePrefix }
        { name: 'DIRECTORY_FILE', value: directoryFile }
        { name: 'MANAGER_SOURCE', value: managerSource }
        { name: 'GRAPH_BASE_URL', value: 'https://graph.microsoft.com' }
        { name: 'PEOPLE_PICKER', value: peoplePicker }
        { name: 'MEETINGS', value: meetings }
        { name: 'MEETINGS_MAILBOX', value: meetingsMailbox }
        { name: 'EMERGENCY_CONTACT', value: emergencyContact }
        { name: 'BOT_DOMAIN', value: botHost }
        { name: 'TAB_APP_ID', value: tabAppId }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: insights.properties.ConnectionString }
        { name: 'SCM_DO_BUILD_DURING_DEPLOYMENT', value: 'false' }
      ]
    }
  }
}

// Deployment is from the Agents Toolkit with Entra sign-in: FTP and SCM basic-auth publishing
// credentials are switched off, so no password can deploy code.
resource ftpCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2023-12-01' = {
  parent: web
  name: 'ftp'
  properties: { allow: false }
}

resource scmCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2023-12-01' = {
  parent: web
  name: 'scm'
  properties: { allow: false }
}

// The bot's log lines (stdout: refused requests, "message given up", each sweep) and App
// Service's HTTP and platform logs go to the Log Analytics workspace, kept for its
// retentionInDays (90, as docs/data-protection.md says). Queries are in docs/deploy.md.
resource webDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  scope: web
  name: 'to-log-analytics'
  properties: {
    workspaceId: logs.id
    logs: [
      { category: 'AppServiceConsoleLogs', enabled: true }
      { category: 'AppServiceHTTPLogs', enabled: true }
      { category: 'AppServicePlatformLogs', enabled: true }
    ]
  }
}

// Cosmos DB's request and control-plane logs (operations, status codes, request charge; no
// item contents) to the same workspace, in resource-specific tables.
resource cosmosDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  scope: cosmos
  name: 'to-log-analytics'
  properties: {
    workspaceId: logs.id
    logAnalyticsDestinationType: 'Dedicated'
    logs: [
      { category: 'DataPlaneRequests', enabled: true }
      { category: 'ControlPlaneRequests', enabled: true }
    ]
  }
}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: resourceBaseName
  location: 'global'
  kind: 'azurebot'
  sku: { name: botSku }
  properties: {
    displayName: botDisplayName
    endpoint: 'https://${web.properties.defaultHostName}/api/messages'
    msaAppId: identity.properties.clientId
    msaAppMSIResourceId: identity.id
    msaAppTenantId: tenantId
    msaAppType: 'UserAssignedMSI'
    disableLocalAuth: true
  }
}

resource teams 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: { channelName: 'MsTeamsChannel', properties: { isEnabled: true } }
}

output BOT_ID string = identity.properties.clientId
output BOT_DOMAIN string = botHost
output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = web.id
output COSMOS_ENDPOINT string = cosmos.properties.documentEndpoint
