// OTP session invitations on Azure Functions: everything the app needs in one resource group.
// Deploy with `azd up` (see infra/README.md). Plain resource declarations, no registry modules,
// so `bicep build` / `bicep lint` run offline.
targetScope = 'subscription'

// ---- azd environment ----

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; seeds the unique resource-name suffix and the azd-env-name tag.')
param environmentName string

@minLength(1)
@description('Region for the resource group and every regional resource (must offer Flex Consumption).')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Object id of the deploying user or service principal (AZURE_PRINCIPAL_ID); gets data roles to inspect storage and to set the OTP key secret. Empty for none.')
param principalId string = ''

@allowed(['User', 'ServicePrincipal', 'Group'])
@description('Kind of principal principalId is.')
param principalType string = 'User'

@description('Resource group name; empty = rg-<environmentName>.')
param resourceGroupName string = ''

// ---- Messaging ----

@minLength(1)
@description('Organisation name shown in invitations and OTP messages (Messaging__OrganisationName).')
param organisationName string

@description('SMS sender: a phone number (E.164) bought on the Communication Services resource. Empty until you have one (see infra/README.md).')
param acsSmsFrom string = ''

@description('Where Communication Services and Email store data at rest, e.g. "United States", "Europe", "UK".')
param communicationDataLocation string = 'United States'

@description('Base URL of the web client used in invite links ({Web__BaseUrl}/join#token) and allowed by the API\'s CORS. Empty = the Static Web App deployed here (a custom domain goes here).')
param webBaseUrl string = ''

@description('WebAuthn relying party id of passkeys (Passkeys__RpId): empty = the host of the web base URL. Set it to the registrable domain before going live: passkeys do not follow a change of domain.')
param passkeysRpId string = ''

@allowed([
  'westus2'
  'centralus'
  'eastus2'
  'westeurope'
  'eastasia'
])
@description('Region of the web client\'s Static Web App (few regions offer it; pages are served from the edge).')
param webLocation string = 'westeurope'

@description('More browser origins allowed to call the API (CORS), comma-separated, e.g. a staging web client. The web client\'s own origin is always allowed.')
param corsAllowedOrigins string = ''

// ---- Agents' JWT (Microsoft Entra ID) ----

@minLength(1)
@description('Audience agents\' tokens must carry: the client id of the API app registration (the aud of v2.0 access tokens; for v1.0 tokens its Application ID URI).')
param agentsAudience string

@description('Token authority (OpenID metadata is read from it). Empty = https://login.microsoftonline.com/<this tenant>/v2.0.')
param agentsAuthority string = ''

@description('Expected token issuer. Empty = the authority (v2.0 tokens).')
param agentsIssuer string = ''

@minLength(1)
@description('The claim of agents\' tokens that holds their team: the directory-extension claim infra/entra/register-api.sh adds (extn.team).')
param agentsTeamClaim string = 'extn.team'

// ---- OTP key ----

@minLength(1)
@maxLength(127)
@description('Name of the Key Vault secret holding the base64 AES-256 OTP encryption key. The deployment does not create it.')
param otpKeySecretName string = 'otp-encryption-key'

@description('Days a session\'s final evidence record is kept after the session expired (Evidence__RetentionDays; seven years by default).')
@minValue(1)
@maxValue(36500)
param evidenceRetentionDays int = 2555

@description('Version of that secret the app uses as its current key (Otp__EncryptionKey). The postprovision hook pins it (OTP_KEY_SECRET_VERSION); empty only before the first key exists (the reference then follows the newest version).')
param otpKeySecretVersion string = ''

@description('Versions of the same secret kept as previous keys, newest first (Otp__PreviousEncryptionKeys__0 and __1): they only open codes and links made before a rotation. Empty = none.')
param otpPreviousKeySecretVersion0 string = ''

@description('The older previous key version (Otp__PreviousEncryptionKeys__1); empty = none.')
param otpPreviousKeySecretVersion1 string = ''

// ---- OTP policy (system defaults; the rules are in README.md "Behaviour worth knowing" and docs/api.md) ----

@minValue(4)
@maxValue(10)
@description('Digits in a code.')
param otpLength int = 6

@description('How long a code is valid (TimeSpan).')
param otpLifetime string = '00:10:00'

@minValue(1)
@description('Wrong codes before the participant is locked.')
param otpMaxAttempts int = 5

@description('How long a lock lasts (TimeSpan).')
param otpLockout string = '00:15:00'

@minValue(1)
@description('Locks before the participant is banned (the agent must reassign).')
param otpMaxLockouts int = 3

@description('Minimum time between two sends of a code (TimeSpan).')
param otpResendCooldown string = '00:00:30'

@minValue(1)
@description('Code sends per participant per hour.')
param otpMaxSendsPerHour int = 5

@description('Whether agents may view a code (audited).')
param otpAgentCanViewOtp bool = true

@description('How long after an Auto OTP code was sent, unconfirmed, the agent may read it out (TimeSpan, at most 00:10:00); at once when its send failed.')
param otpAutoOtpViewDelay string = '00:01:00'

@description('Whether agents may read out an Auto OTP code a delivery report says arrived.')
param otpAgentCanViewDeliveredOtp bool = false

@description('Whether every participant must have an OTP channel (Auto OTP).')
param otpRequireOtpChannel bool = false

@description('Whether participants must enter an OTP before joining.')
param otpRequireOtp bool = true

@description('Whether codes may be sent by email (weaker than SMS under NIST SP 800-63B).')
param otpAllowEmailOtp bool = true

@description('Whether returning participants may enter with a passkey saved after a code entry (teams may override it).')
param otpAllowPasskeys bool = true

@description('Whether a change that weakens a team\'s policy waits for a second administrator of the team (teams may override it).')
param otpPolicyChangesNeedApproval bool = false

@description('How long an invite link is valid (TimeSpan).')
param otpInviteLinkLifetime string = '7.00:00:00'

@description('How long a session and everything in it lives (TimeSpan).')
param otpSessionLifetime string = '30.00:00:00'

@description('How long a customer access token is valid after verification (TimeSpan).')
param otpAccessTokenLifetime string = '12:00:00'

// ---- Alerts (infra/app/alerts.bicep) and always-ready instances ----

@description('Resource id of an existing action group the alert rules notify; empty = none.')
param alertActionGroupId string = ''

@description('Email address the alert rules notify through a new action group; empty = no new group.')
param alertEmail string = ''

@description('Always-ready instances of the function app for HTTP (Flex Consumption): 0 = scale from zero; 1 or more keeps the first customer request off a cold start, billed while idle.')
@minValue(0)
@maxValue(20)
param alwaysReadyHttpInstances int = 0

@description('ISO 3166 codes of the countries SMS may go to (SMS pumping protection); empty = all. List your customers\' countries (a bank: its own). The default suits an ACS US toll-free sender number, which reaches US and Canadian numbers only.')
param allowedSmsCountries array = [
  'US'
  'CA'
]

// ---- Private networking (infra/app/network.bicep) ----

@description('Put the function app in a virtual network (Flex Consumption virtual network integration) and reach storage (blob, queue, table) only through private endpoints; the storage account\'s public endpoint is then disabled. Off by default (private endpoints are billed by the hour).')
param vnetEnabled bool = false

// ---- Send budgets (across sessions; a deployment sizes team and app budgets to its traffic) ----

@minValue(1)
@description('Messages to one destination address per UTC day.')
param sendBudgetPerAddressPerDay int = 20

@minValue(1)
@description('Messages for one agent\'s sessions per clock hour.')
param sendBudgetPerAgentPerHour int = 200

@minValue(1)
@description('Messages for one team\'s sessions per UTC day.')
param sendBudgetPerTeamPerDay int = 5000

@minValue(1)
@description('Messages of the whole app per UTC day.')
param sendBudgetAppPerDay int = 200000

// ---- Names ----

var abbrs = loadJsonContent('./abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }
var functionAppName = '${abbrs.webSitesFunctions}api-${resourceToken}'
var deploymentContainerName = 'app-package-${take(functionAppName, 32)}-${take(toLower(uniqueString(functionAppName, resourceToken)), 7)}'

// The app's tables and queues (names match the app's constants: TableNames in functions/OtpSessions.Infrastructure/Storage/StorageNames.cs, QueueNames in functions/OtpSessions.Core/QueueNames.cs).
var tableNames = [
  'sessions'
  'idempotency'
  'policies'
  'deliveries'
  'sessionindex'
  'sendbudgets'
  'evidence'
  'insights'
  'passkeys'
  'passkeychallenges'
  'reportlinks'
]
var queueNames = [
  'invitations'
  'otp-deliveries'
  'invitations-poison'
  'otp-deliveries-poison'
]
var sessionEventsTopicName = 'session-events'

var defaultAuthority = '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
var effectiveAuthority = !empty(agentsAuthority) ? agentsAuthority : defaultAuthority

// TimeSpan / bool / int settings as the strings app settings are.
var otpPolicy = {
  Length: string(otpLength)
  Lifetime: otpLifetime
  MaxAttempts: string(otpMaxAttempts)
  Lockout: otpLockout
  MaxLockouts: string(otpMaxLockouts)
  ResendCooldown: otpResendCooldown
  MaxSendsPerHour: string(otpMaxSendsPerHour)
  AgentCanViewOtp: otpAgentCanViewOtp ? 'true' : 'false'
  AutoOtpViewDelay: otpAutoOtpViewDelay
  AgentCanViewDeliveredOtp: otpAgentCanViewDeliveredOtp ? 'true' : 'false'
  RequireOtpChannel: otpRequireOtpChannel ? 'true' : 'false'
  RequireOtp: otpRequireOtp ? 'true' : 'false'
  AllowEmailOtp: otpAllowEmailOtp ? 'true' : 'false'
  AllowPasskeys: otpAllowPasskeys ? 'true' : 'false'
  PolicyChangesNeedApproval: otpPolicyChangesNeedApproval ? 'true' : 'false'
  InviteLinkLifetime: otpInviteLinkLifetime
  SessionLifetime: otpSessionLifetime
  AccessTokenLifetime: otpAccessTokenLifetime
  AllowedSmsCountries: join(allowedSmsCountries, ',')
}
var sendBudgets = {
  PerAddressPerDay: string(sendBudgetPerAddressPerDay)
  PerAgentPerHour: string(sendBudgetPerAgentPerHour)
  PerTeamPerDay: string(sendBudgetPerTeamPerDay)
  AppPerDay: string(sendBudgetAppPerDay)
}

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: !empty(resourceGroupName) ? resourceGroupName : '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

module identity 'app/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: '${abbrs.managedIdentityUserAssignedIdentities}api-${resourceToken}'
    location: location
    tags: tags
  }
}

module monitoring 'app/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    applicationInsightsName: '${abbrs.insightsComponents}${resourceToken}'
    location: location
    tags: tags
  }
}

module storage 'app/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: '${abbrs.storageStorageAccounts}${resourceToken}'
    location: location
    tags: tags
    deploymentContainerName: deploymentContainerName
    tableNames: tableNames
    queueNames: queueNames
    privateOnly: vnetEnabled
  }
}

module network 'app/network.bicep' = if (vnetEnabled) {
  name: 'network'
  scope: rg
  params: {
    name: '${abbrs.networkVirtualNetworks}${resourceToken}'
    location: location
    tags: tags
    storageAccountName: storage.outputs.name
  }
}

module serviceBus 'app/servicebus.bicep' = {
  name: 'servicebus'
  scope: rg
  params: {
    name: '${abbrs.serviceBusNamespaces}${resourceToken}'
    location: location
    tags: tags
    topicName: sessionEventsTopicName
  }
}

module communication 'app/communication.bicep' = {
  name: 'communication'
  scope: rg
  params: {
    name: '${abbrs.communicationCommunicationServices}${resourceToken}'
    emailServiceName: '${abbrs.communicationEmailServices}${resourceToken}'
    dataLocation: communicationDataLocation
    tags: tags
  }
}

module acsEvents 'app/eventgrid.bicep' = {
  name: 'eventgrid'
  scope: rg
  params: {
    name: '${abbrs.eventGridSystemTopics}acs-${resourceToken}'
    communicationServiceName: communication.outputs.name
    tags: tags
  }
}

module keyVault 'app/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    name: '${abbrs.keyVaultVaults}${resourceToken}'
    location: location
    tags: tags
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    storageAccountName: storage.outputs.name
    serviceBusNamespaceName: serviceBus.outputs.name
    serviceBusTopicName: serviceBus.outputs.topicName
    keyVaultName: keyVault.outputs.name
    evidenceKeyName: keyVault.outputs.evidenceKeyName
    communicationServiceName: communication.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    appPrincipalId: identity.outputs.principalId
    userPrincipalId: principalId
    userPrincipalType: principalType
  }
}

module web 'app/web.bicep' = {
  name: 'web'
  scope: rg
  params: {
    name: '${abbrs.webStaticSites}${resourceToken}'
    location: webLocation
    tags: tags
    serviceName: 'web'
  }
}

// The web client's origin: invite links point at it and the API's CORS allows it.
var webOrigin = !empty(webBaseUrl) ? webBaseUrl : web.outputs.uri

module api 'app/api.bicep' = {
  name: 'api'
  scope: rg
  params: {
    name: functionAppName
    planName: '${abbrs.webServerFarms}${resourceToken}'
    location: location
    tags: tags
    serviceName: 'api'
    identityId: identity.outputs.resourceId
    identityClientId: identity.outputs.clientId
    blobEndpoint: storage.outputs.blobEndpoint
    queueEndpoint: storage.outputs.queueEndpoint
    tableEndpoint: storage.outputs.tableEndpoint
    deploymentContainerName: deploymentContainerName
    applicationInsightsConnectionString: monitoring.outputs.connectionString
    acsEndpoint: communication.outputs.endpoint
    acsEmailFrom: communication.outputs.emailFrom
    acsSmsFrom: acsSmsFrom
    organisationName: organisationName
    serviceBusFullyQualifiedNamespace: serviceBus.outputs.fullyQualifiedNamespace
    agentsAuthority: effectiveAuthority
    agentsIssuer: !empty(agentsIssuer) ? agentsIssuer : effectiveAuthority
    agentsAudience: agentsAudience
    agentsTeamClaim: agentsTeamClaim
    // Event Grid's delivery tokens: issued by this tenant (v2.0) for the API's registration, like the agents' tokens.
    acsWebhookEntraAuthority: effectiveAuthority
    acsWebhookEntraAudience: agentsAudience
    keyVaultUri: keyVault.outputs.uri
    otpKeySecretName: otpKeySecretName
    otpKeySecretVersion: otpKeySecretVersion
    evidenceKeyUrl: keyVault.outputs.evidenceKeyUrl
    evidenceRetentionDays: evidenceRetentionDays
    otpPreviousKeySecretVersion0: otpPreviousKeySecretVersion0
    otpPreviousKeySecretVersion1: otpPreviousKeySecretVersion1
    otpPolicy: otpPolicy
    sendBudgets: sendBudgets
    webBaseUrl: webOrigin
    passkeysRpId: passkeysRpId
    corsAllowedOrigins: union([webOrigin], filter(map(split(corsAllowedOrigins, ','), origin => trim(origin)), origin => !empty(origin)))
    alwaysReadyHttpInstances: alwaysReadyHttpInstances
    virtualNetworkSubnetId: vnetEnabled ? network!.outputs.appSubnetId : ''
  }
  // Roles first, so the app's first start can already reach storage and Key Vault.
  dependsOn: [
    rbac
  ]
}

// ---- Outputs (azd stores them in the environment's .env) ----
module alerts 'app/alerts.bicep' = {
  name: 'alerts'
  scope: rg
  params: {
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    location: location
    tags: tags
    actionGroupName: 'ag-${resourceToken}'
    actionGroupId: alertActionGroupId
    alertEmail: alertEmail
  }
}

// A workbook over the same telemetry: journeys, conversion, deliveries by channel, latency, 5xx (infra/README.md "Workbook").
module workbook 'app/workbook.bicep' = {
  name: 'workbook'
  scope: rg
  params: {
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    location: location
    tags: tags
  }
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_NAME string = api.outputs.SERVICE_API_NAME
output SERVICE_API_NAME string = api.outputs.SERVICE_API_NAME
output SERVICE_API_URI string = api.outputs.SERVICE_API_URI
output AZURE_MANAGED_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_KEY_VAULT_ENDPOINT string = keyVault.outputs.uri
output OTP_KEY_SECRET_NAME string = otpKeySecretName
output SERVICE_BUS_NAMESPACE string = serviceBus.outputs.fullyQualifiedNamespace
output ACS_NAME string = communication.outputs.name
output ACS_ENDPOINT string = communication.outputs.endpoint
output ACS_EMAIL_FROM string = communication.outputs.emailFrom
output ACS_EVENTS_TOPIC_NAME string = acsEvents.outputs.name
// Event Grid authenticates its webhook deliveries with Microsoft Entra ID: a token of this tenant for the API's registration.
output ACS_WEBHOOK_ENTRA_TENANT_ID string = tenant().tenantId
output ACS_WEBHOOK_ENTRA_APP_ID string = agentsAudience
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
output AZURE_WORKBOOK_ID string = workbook.outputs.workbookId
output SERVICE_WEB_NAME string = web.outputs.name
output SERVICE_WEB_URI string = webOrigin
