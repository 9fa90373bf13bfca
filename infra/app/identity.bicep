// The user-assigned managed identity the function app uses for every Azure connection
// (storage, Service Bus, Communication Services, Key Vault references, Application Insights).
@minLength(3)
@maxLength(128)
param name string
param location string
param tags object = {}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

output name string = identity.name
output resourceId string = identity.id
output principalId string = identity.properties.principalId
output clientId string = identity.properties.clientId
