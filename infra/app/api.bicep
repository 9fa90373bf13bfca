// The function app (service "api"): Flex Consumption plan (FC1), .NET 10 isolated worker,
// user-assigned identity for every connection, and the app settings the app binds.
// Every app setting is in the one object `appSettings` below (tests read its names).
@minLength(2)
@maxLength(60)
param name string
@minLength(1)
@maxLength(60)
param planName string
param location string
param tags object = {}

@description('azd service name (azure.yaml) this app hosts; set as the azd-service-name tag.')
param serviceName string = 'api'

// Identity
param identityId string
param identityClientId string

// Storage (identity-based AzureWebJobsStorage)
param blobEndpoint string
param queueEndpoint string
param tableEndpoint string
param deploymentContainerName string

// Monitoring
param applicationInsightsConnectionString string

// Communication Services
param acsEndpoint string
param acsEmailFrom string
param acsSmsFrom string
param organisationName string

// Service Bus
param serviceBusFullyQualifiedNamespace string

// Agents' JWT (Microsoft Entra ID)
param agentsAuthority string
param agentsIssuer string
param agentsAudience string
@description('The claim of agents\' tokens that holds their team (the directory-extension claim the API registration emits).')
param agentsTeamClaim string

// The ACS webhook: Event Grid delivers with Microsoft Entra authentication (a token for the API's registration).
param acsWebhookEntraAuthority string
param acsWebhookEntraAudience string

// OTP encryption key (Key Vault reference; the secret itself is set by an operator)
param keyVaultUri string
param otpKeySecretName string
@description('Versionless URL of the Key Vault key that signs evidence records.')
param evidenceKeyUrl string
@minValue(1)
@maxValue(36500)
param evidenceRetentionDays int = 2555
@description('Version of the secret that is the current key; empty = the newest version (only before the hook has pinned one).')
param otpKeySecretVersion string = ''
@description('Versions of the same secret kept as previous keys, newest first (two slots); an empty slot is no key.')
param otpPreviousKeySecretVersion0 string = ''
param otpPreviousKeySecretVersion1 string = ''

@description('OTP policy settings, keyed by the OtpPolicy option name; values are strings.')
param otpPolicy object

@description('Send budgets, keyed by the SendBudgets option name; values are strings.')
param sendBudgets object

@description('Base URL of the web client for invite links; empty = this function app\'s own URL.')
param webBaseUrl string = ''

@description('WebAuthn relying party id of passkeys; empty = the host of Web__BaseUrl.')
param passkeysRpId string = ''

@description('Origins allowed to call the API from a browser: the web client\'s, and any more listed. Authorization headers, no cookies.')
param corsAllowedOrigins array = []

@description('Memory per instance (MB) on Flex Consumption.')
@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

@description('Upper bound of instances Flex Consumption scales out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Subnet the app joins (virtual network integration, delegated to Microsoft.App/environments); empty = none.')
param virtualNetworkSubnetId string = ''

@description('Always-ready instances for the HTTP functions (Flex Consumption); 0 = scale from zero.')
@minValue(0)
param alwaysReadyHttpInstances int = 0

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': serviceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Outbound through the virtual network when vnetEnabled (storage then only over its private endpoints).
    virtualNetworkSubnetId: empty(virtualNetworkSubnetId) ? null : virtualNetworkSubnetId
    // Key Vault references (Otp__EncryptionKey) resolve with the user-assigned identity.
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      // Only the web client's origin (and any listed) may call the API from a browser; no credentials mode
      // (agents and customers send Authorization headers, not cookies). Platform CORS cannot expose response
      // headers: the app itself names ETag, Retry-After and Location in Access-Control-Expose-Headers (infra/README.md).
      cors: {
        allowedOrigins: corsAllowedOrigins
        supportCredentials: false
      }
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${blobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
        alwaysReady: alwaysReadyHttpInstances > 0 ? [{ name: 'http', instanceCount: alwaysReadyHttpInstances }] : []
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// App settings: the single list of every setting the deployment gives the app.
// `__` nests configuration sections (Acs__Endpoint = Acs:Endpoint). No secret is in here:
// the OTP keys are Key Vault references, every connection uses the managed identity.
// ---------------------------------------------------------------------------------------------
var appSettings = {
  // Functions host + app storage, identity-based (shared keys are off on the account).
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  AzureWebJobsStorage__blobServiceUri: blobEndpoint
  AzureWebJobsStorage__queueServiceUri: queueEndpoint
  AzureWebJobsStorage__tableServiceUri: tableEndpoint
  // Tables and queues are created by this deployment, not by the app at start-up.
  Storage__CreateIfMissing: 'false'

  // Default identity for Azure SDK clients (DefaultAzureCredential / ManagedIdentityCredential).
  AZURE_CLIENT_ID: identityClientId
  // Azure SDK clients (storage, Service Bus) emit OpenTelemetry spans only with this on.
  AZURE_EXPERIMENTAL_ENABLE_ACTIVITY_SOURCE: 'true'

  // Monitoring: Application Insights takes no key-based ingestion (monitoring.bicep), so both exporters authenticate with
  // the managed identity (Monitoring Metrics Publisher): the host through the authentication string, the worker's
  // OpenTelemetry exporter through the ApplicationInsights section (AzureCredentials).
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD;ClientId=${identityClientId}'
  ApplicationInsights__credential: 'managedidentity'
  ApplicationInsights__clientId: identityClientId

  // Azure Communication Services (SMS + Email), Microsoft Entra auth with the managed identity.
  Acs__Endpoint: acsEndpoint
  Acs__Credential: 'managedidentity'
  Acs__ClientId: identityClientId
  Acs__SmsFrom: acsSmsFrom
  Acs__EmailFrom: acsEmailFrom
  Messaging__OrganisationName: organisationName

  // Service Bus: session events go to topic session-events.
  ServiceBus__FullyQualifiedNamespace: serviceBusFullyQualifiedNamespace
  ServiceBus__Credential: 'managedidentity'
  ServiceBus__ClientId: identityClientId

  // Agents' bearer tokens (Microsoft Entra ID).
  Auth__Agents__Authority: agentsAuthority
  Auth__Agents__Issuer: agentsIssuer
  Auth__Agents__Audience: agentsAudience
  Auth__Agents__TeamClaim: agentsTeamClaim

  // The ACS webhook takes Event Grid deliveries only with Event Grid's Entra ID token for the API's registration.
  Webhooks__Acs__EntraAuthority: acsWebhookEntraAuthority
  Webhooks__Acs__EntraAudience: acsWebhookEntraAudience

  // OTP keys: Key Vault references to versions of one secret (the postprovision hook creates it), each pinned, so adding a
  // version changes nothing until a deployment names it. Rotation (infra/README.md): the current key seals everything
  // new; previous keys only open what was made before. An empty previous slot is no key.
  Otp__EncryptionKey: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/${otpKeySecretName}/${otpKeySecretVersion})'
  Otp__PreviousEncryptionKeys__0: empty(otpPreviousKeySecretVersion0)
    ? ''
    : '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/${otpKeySecretName}/${otpPreviousKeySecretVersion0})'
  Otp__PreviousEncryptionKeys__1: empty(otpPreviousKeySecretVersion1)
    ? ''
    : '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/${otpKeySecretName}/${otpPreviousKeySecretVersion1})'

  // Evidence: signed in Key Vault with the evidence key (never exported), as the app's identity; kept seven years.
  Evidence__KeyVaultKeyUrl: evidenceKeyUrl
  Evidence__Credential: 'managedidentity'
  Evidence__ClientId: identityClientId
  Evidence__RetentionDays: string(evidenceRetentionDays)

  // OTP policy (system defaults; teams override them in the policies table).
  OtpPolicy__Length: otpPolicy.Length
  OtpPolicy__Lifetime: otpPolicy.Lifetime
  OtpPolicy__MaxAttempts: otpPolicy.MaxAttempts
  OtpPolicy__Lockout: otpPolicy.Lockout
  OtpPolicy__MaxLockouts: otpPolicy.MaxLockouts
  OtpPolicy__ResendCooldown: otpPolicy.ResendCooldown
  OtpPolicy__MaxSendsPerHour: otpPolicy.MaxSendsPerHour
  OtpPolicy__AgentCanViewOtp: otpPolicy.AgentCanViewOtp
  OtpPolicy__AutoOtpViewDelay: otpPolicy.AutoOtpViewDelay
  OtpPolicy__AgentCanViewDeliveredOtp: otpPolicy.AgentCanViewDeliveredOtp
  OtpPolicy__RequireOtpChannel: otpPolicy.RequireOtpChannel
  OtpPolicy__RequireOtp: otpPolicy.RequireOtp
  OtpPolicy__AllowEmailOtp: otpPolicy.AllowEmailOtp
  OtpPolicy__AllowPasskeys: otpPolicy.AllowPasskeys
  OtpPolicy__PolicyChangesNeedApproval: otpPolicy.PolicyChangesNeedApproval
  OtpPolicy__InviteLinkLifetime: otpPolicy.InviteLinkLifetime
  OtpPolicy__SessionLifetime: otpPolicy.SessionLifetime
  OtpPolicy__AccessTokenLifetime: otpPolicy.AccessTokenLifetime
  OtpPolicy__AllowedSmsCountries: otpPolicy.AllowedSmsCountries

  // Send budgets across sessions (per address, agent, team, app).
  SendBudgets__PerAddressPerDay: sendBudgets.PerAddressPerDay
  SendBudgets__PerAgentPerHour: sendBudgets.PerAgentPerHour
  SendBudgets__PerTeamPerDay: sendBudgets.PerTeamPerDay
  SendBudgets__AppPerDay: sendBudgets.AppPerDay

  // Invite links: {Web__BaseUrl}/join#{inviteToken}.
  Web__BaseUrl: !empty(webBaseUrl) ? webBaseUrl : 'https://${functionApp.properties.defaultHostName}'
  // Passkeys: the relying party id (empty = the host of Web__BaseUrl).
  Passkeys__RpId: passkeysRpId
}

// No basic (user name + password) publishing credentials: deployments authenticate with Microsoft Entra ID (azd uses a
// token; the package is in blob storage reached with the identity). Off for both FTP and the SCM (Kudu) site.
resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: functionApp
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: functionApp
  name: 'scm'
  properties: {
    allow: false
  }
}

resource functionAppSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: functionApp
  name: 'appsettings'
  properties: appSettings
}

output SERVICE_API_NAME string = functionApp.name
output SERVICE_API_URI string = 'https://${functionApp.properties.defaultHostName}'
