// Key Vault (RBAC authorization) for the OTP encryption key. The deployment creates no secret:
// an operator sets it once (see infra/README.md), and the app reads it through a Key Vault reference.
@minLength(3)
@maxLength(24)
param name string
param location string
param tags object = {}

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    // A deleted key (or vault) cannot be purged before its retention ends: no one can destroy the key that opens codes and
    // links still in flight. Once on, it cannot be turned off (nor can the vault's name be reused for 7 days after deletion).
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
  }
}

output name string = vault.name
output uri string = vault.properties.vaultUri
