// Service Bus namespace (Standard: topics need it) with the topic the app publishes session events to.
// Local (SAS) auth is off: the app sends with its managed identity.
@minLength(6)
@maxLength(50)
param name string
param location string
param tags object = {}

@description('Topic the outbox publisher sends session events to.')
param topicName string

resource namespace 'Microsoft.ServiceBus/namespaces@2024-01-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: 'Standard'
    tier: 'Standard'
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
  }
}

resource topic 'Microsoft.ServiceBus/namespaces/topics@2024-01-01' = {
  parent: namespace
  name: topicName
  properties: {
    // Event ids are the message ids: a retried outbox publish is dropped by the broker.
    requiresDuplicateDetection: true
    duplicateDetectionHistoryTimeWindow: 'PT1H'
    supportOrdering: true
    defaultMessageTimeToLive: 'P14D'
    maxSizeInMegabytes: 1024
    enableBatchedOperations: true
  }
}

output name string = namespace.name
output topicName string = topic.name
output fullyQualifiedNamespace string = '${namespace.name}.servicebus.windows.net'
