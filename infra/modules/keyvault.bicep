// Key Vault (RBAC mode) holding the app's secrets. The Function App reads them through
// Key Vault references (@Microsoft.KeyVault(SecretUri=...)) with its managed identity,
// which holds Key Vault Secrets User on this vault (roles.bicep).
// Secret values arrive as secure parameters and never leave this module: only the
// versionless secret URIs (not the values) are output.

import { resourceTags } from 'types.bicep'

@description('Name of the Key Vault (3-24 letters, digits and hyphens).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region of the Key Vault.')
param location string

@description('Tags applied to the Key Vault.')
param tags resourceTags

@description('Turn on purge protection. It cannot be turned off again once on; keep it on in production.')
param enablePurgeProtection bool

@description('Days a deleted vault or secret stays recoverable (7-90).')
@minValue(7)
@maxValue(90)
param softDeleteRetentionInDays int

@secure()
@description('SendGrid API key (Mail Send permission). Stored as the secret "sendgrid-api-key".')
param sendGridApiKey string

@secure()
@description('Key that signs unsubscribe and confirmation tokens. Stored as the secret "tokens-signing-key".')
param tokenSigningKey string

@secure()
@description('X (Twitter) API bearer token; empty when no X source is polled. Stored as the secret "x-bearer-token" when set.')
param xBearerToken string

@description('Whether an X bearer token was given (decides whether the "x-bearer-token" secret exists).')
param storeXBearerToken bool

@secure()
@description('Earlier token-signing keys that still verify during a rotation, comma-separated; empty when none. Stored as the secret "tokens-previous-keys" when set.')
param tokenPreviousKeys string

@description('Whether earlier signing keys were given (decides whether the "tokens-previous-keys" secret exists).')
param storeTokenPreviousKeys bool

@description('Refuse every network but the app subnet (networkAcls defaultAction Deny); see main.bicep privateNetworking.')
param privateNetworking bool = false

@description('Resource id of the app integration subnet allowed through when privateNetworking is on.')
param appSubnetId string = ''

resource vault 'Microsoft.KeyVault/vaults@2026-05-15' = {
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
    softDeleteRetentionInDays: softDeleteRetentionInDays
    enablePurgeProtection: enablePurgeProtection ? true : null
    enabledForDeployment: false
    enabledForDiskEncryption: false
    enabledForTemplateDeployment: false
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: privateNetworking ? 'Deny' : 'Allow'
      virtualNetworkRules: privateNetworking
        ? [
            {
              id: appSubnetId
              ignoreMissingVnetServiceEndpoint: false
            }
          ]
        : []
    }
  }
}

resource sendGridApiKeySecret 'Microsoft.KeyVault/vaults/secrets@2026-05-15' = {
  parent: vault
  name: 'sendgrid-api-key'
  properties: {
    value: sendGridApiKey
    contentType: 'text/plain'
  }
}

resource tokenSigningKeySecret 'Microsoft.KeyVault/vaults/secrets@2026-05-15' = {
  parent: vault
  name: 'tokens-signing-key'
  properties: {
    value: tokenSigningKey
    contentType: 'text/plain'
  }
}

resource xBearerTokenSecret 'Microsoft.KeyVault/vaults/secrets@2026-05-15' = if (storeXBearerToken) {
  parent: vault
  name: 'x-bearer-token'
  properties: {
    value: xBearerToken
    contentType: 'text/plain'
  }
}

resource tokenPreviousKeysSecret 'Microsoft.KeyVault/vaults/secrets@2026-05-15' = if (storeTokenPreviousKeys) {
  parent: vault
  name: 'tokens-previous-keys'
  properties: {
    value: tokenPreviousKeys
    contentType: 'text/plain'
  }
}

@description('Name of the Key Vault.')
output name string = vault.name

@description('Resource id of the Key Vault.')
output id string = vault.id

@description('Vault URI (https://<name>.vault.azure.net/).')
output uri string = vault.properties.vaultUri

@description('Versionless URI of the SendGrid API key entry: a Key Vault reference follows its latest version.')
output sendGridApiKeyUri string = sendGridApiKeySecret.properties.secretUri

@description('Versionless URI of the token-signing key entry.')
output tokenSigningKeyUri string = tokenSigningKeySecret.properties.secretUri

@description('Versionless URI of the X bearer token entry, or empty when no token was given.')
output xBearerTokenUri string = storeXBearerToken ? xBearerTokenSecret!.properties.secretUri : ''

@description('Versionless URI of the earlier token-signing keys entry, or empty when none were given.')
output tokenPreviousKeysUri string = storeTokenPreviousKeys ? tokenPreviousKeysSecret!.properties.secretUri : ''
