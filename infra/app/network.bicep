// Optional private networking (vnetEnabled in main.bicep): a virtual network with one subnet the function app joins
// (Flex Consumption's virtual network integration: delegated to Microsoft.App/environments) and one for private
// endpoints; private endpoints for the storage account's blob, queue and table services, each with its private DNS
// zone linked to the network, so the app resolves <account>.<service>.core.windows.net to a private address. The
// storage account then refuses its public endpoint (storage.bicep, publicNetworkAccess).
@minLength(2)
@maxLength(64)
param name string
param location string
param tags object = {}

@description('Storage account the private endpoints reach.')
param storageAccountName string

@description('Address space of the network.')
param addressPrefix string = '10.0.0.0/16'

@description('Subnet of the function app (delegated to Microsoft.App/environments; Flex Consumption needs at least a /28).')
param appSubnetPrefix string = '10.0.1.0/24'

@description('Subnet of the private endpoints.')
param privateEndpointSubnetPrefix string = '10.0.2.0/24'

var storageServices = [
  'blob'
  'queue'
  'table'
]

resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: storageAccountName
}

resource network 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    addressSpace: {
      addressPrefixes: [
        addressPrefix
      ]
    }
    subnets: [
      {
        name: 'app'
        properties: {
          addressPrefix: appSubnetPrefix
          // The app still calls public endpoints (ACS, Service Bus, Key Vault, Entra ID, Application Insights)
          // through this subnet: keep its outbound internet access (a NAT gateway is the way to a fixed address).
          defaultOutboundAccess: true
          delegations: [
            {
              name: 'flex-consumption'
              properties: {
                serviceName: 'Microsoft.App/environments'
              }
            }
          ]
        }
      }
      {
        name: 'private-endpoints'
        properties: {
          addressPrefix: privateEndpointSubnetPrefix
          defaultOutboundAccess: false
          privateEndpointNetworkPolicies: 'Disabled'
        }
      }
    ]
  }
}

resource appSubnet 'Microsoft.Network/virtualNetworks/subnets@2024-05-01' existing = {
  parent: network
  name: 'app'
}

resource endpointSubnet 'Microsoft.Network/virtualNetworks/subnets@2024-05-01' existing = {
  parent: network
  name: 'private-endpoints'
}

resource zones 'Microsoft.Network/privateDnsZones@2024-06-01' = [
  for service in storageServices: {
    name: 'privatelink.${service}.${environment().suffixes.storage}'
    location: 'global'
    tags: tags
  }
]

resource zoneLinks 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01' = [
  for (service, i) in storageServices: {
    parent: zones[i]
    name: '${name}-link'
    location: 'global'
    tags: tags
    properties: {
      registrationEnabled: false
      virtualNetwork: {
        id: network.id
      }
    }
  }
]

resource endpoints 'Microsoft.Network/privateEndpoints@2024-05-01' = [
  for (service, i) in storageServices: {
    name: 'pe-${storageAccountName}-${service}'
    location: location
    tags: tags
    properties: {
      subnet: {
        id: endpointSubnet.id
      }
      privateLinkServiceConnections: [
        {
          name: '${storageAccountName}-${service}'
          properties: {
            privateLinkServiceId: storage.id
            groupIds: [
              service
            ]
          }
        }
      ]
    }
  }
]

resource zoneGroups 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2024-05-01' = [
  for (service, i) in storageServices: {
    parent: endpoints[i]
    name: 'default'
    properties: {
      privateDnsZoneConfigs: [
        {
          name: service
          properties: {
            privateDnsZoneId: zones[i].id
          }
        }
      ]
    }
  }
]

output name string = network.name
output appSubnetId string = appSubnet.id
