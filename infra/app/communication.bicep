// Azure Communication Services (SMS + Email) with an Email Communication Service and its free
// Azure-managed domain (<guid>.azurecomm.net, verified by Azure, sender DoNotReply@…) linked to it.
// SMS needs a phone number bought on the Communication Services resource after the first deployment.
@minLength(1)
@maxLength(63)
param name string
@minLength(1)
@maxLength(63)
param emailServiceName string
param tags object = {}

@description('Where Communication Services stores data at rest, e.g. "United States", "Europe", "UK".')
param dataLocation string

resource emailService 'Microsoft.Communication/emailServices@2023-04-01' = {
  name: emailServiceName
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
  }
}

resource emailDomain 'Microsoft.Communication/emailServices/domains@2023-04-01' = {
  parent: emailService
  name: 'AzureManagedDomain'
  location: 'global'
  tags: tags
  properties: {
    domainManagement: 'AzureManaged'
    userEngagementTracking: 'Disabled'
  }
}

resource communicationService 'Microsoft.Communication/communicationServices@2023-04-01' = {
  name: name
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
    linkedDomains: [
      emailDomain.id
    ]
  }
}

output name string = communicationService.name
output endpoint string = 'https://${communicationService.properties.hostName}'
output emailFrom string = 'DoNotReply@${emailDomain.properties.mailFromSenderDomain}'
