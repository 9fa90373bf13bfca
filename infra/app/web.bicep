// The web client (web/: the customer's join page and the agent console) on Azure Static Web Apps.
// azd deploys web/dist to it (service `web` in azure.yaml); the function app's CORS allows its origin.

@description('Static Web App name.')
param name string

@description('Static Web Apps run in a few regions only; the content is served from a global edge anyway.')
@allowed([
  'westus2'
  'centralus'
  'eastus2'
  'westeurope'
  'eastasia'
])
param location string

param tags object = {}

@description('azd service name (tag azd-service-name) that deploys to this resource.')
param serviceName string = 'web'

@allowed([
  'Free'
  'Standard'
])
@description('Free is enough for static pages that call the API across origins.')
param sku string = 'Free'

resource site 'Microsoft.Web/staticSites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': serviceName })
  sku: {
    name: sku
    tier: sku
  }
  properties: {
    // azd uploads the built files; no repository is linked.
    provider: 'Custom'
    allowConfigFileUpdates: true
    stagingEnvironmentPolicy: 'Disabled'
  }
}

output name string = site.name
@description('The site\'s origin, e.g. https://<name>.azurestaticapps.net (no trailing slash).')
output uri string = 'https://${site.properties.defaultHostname}'
