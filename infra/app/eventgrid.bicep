// Event Grid system topic on the Communication Services resource: ACS publishes its SMS and email delivery reports
// (Microsoft.Communication.SMSDeliveryReportReceived / EmailDeliveryReportReceived) to it. The subscription that
// delivers them to the app's webhook (POST /api/webhooks/acs?code=<function key>) is made by the postdeploy hook
// (infra/hooks/postdeploy.sh): Event Grid checks a webhook with a validation handshake when the subscription is
// created, so the webhook must already be deployed and answering, which it is only after `azd deploy`. That
// subscription's webhook destination delivers with Microsoft Entra authentication (azureActiveDirectoryTenantId =
// this tenant, azureActiveDirectoryApplicationIdOrUri = the API's registration: outputs ACS_WEBHOOK_ENTRA_TENANT_ID /
// ACS_WEBHOOK_ENTRA_APP_ID of main.bicep), and the app refuses deliveries without that token.
@minLength(3)
@maxLength(128)
param name string
@minLength(1)
@maxLength(63)
param communicationServiceName string
param tags object = {}

resource communicationService 'Microsoft.Communication/communicationServices@2023-04-01' existing = {
  name: communicationServiceName
}

resource systemTopic 'Microsoft.EventGrid/systemTopics@2022-06-15' = {
  name: name
  location: 'global'
  tags: tags
  properties: {
    source: communicationService.id
    topicType: 'Microsoft.Communication.CommunicationServices'
  }
}

output name string = systemTopic.name
