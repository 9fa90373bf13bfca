// Key Vault (RBAC authorization) for the OTP encryption key and the evidence signing key. The deployment creates no secret:
// an operator sets it once (see infra/README.md), and the app reads it through a Key Vault reference.
@minLength(3)
@maxLength(24)
param name string
param location string
param tags object = {}

@description('Name of the EC P-256 key that signs evidence records.')
@minLength(1)
@maxLength(127)
param evidenceKeyName string = 'evidence-signing'

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

// The key that signs evidence records (ES256). A key, not a secret: the app asks the vault to sign a digest and the private
// key never leaves it. Deploying again returns the existing key (no new version); rotation is a new version made by an
// operator (infra/README.md), and old versions stay enabled so records signed with them still verify (the JWKS lists them).
resource evidenceKey 'Microsoft.KeyVault/vaults/keys@2024-11-01' = {
  parent: vault
  name: evidenceKeyName
  tags: tags
  properties: {
    kty: 'EC'
    curveName: 'P-256'
    keyOps: [
      'sign'
      'verify'
    ]
  }
}

output name string = vault.name
output uri string = vault.properties.vaultUri
output evidenceKeyName string = evidenceKey.name
// Versionless (https://{vault}.vault.azure.net/keys/{name}): the app signs with the current version.
output evidenceKeyUrl string = evidenceKey.properties.keyUri
