// Optional Azure AI Translator (Text Translation v3) for statements the threat judge does not read.
// Deployed only when main.bicep's enableTranslator is true. Entra ID only: local (key) auth is off,
// so no key exists to leak; the app signs in with its user-assigned identity, which gets
// Cognitive Services User on this account alone. The custom subdomain is what Entra ID auth needs.

import { resourceTags } from 'types.bicep'

@description('Name of the Translator account; also its custom subdomain.')
param name string

@description('Azure region of the account.')
param location string

@description('Tags applied to the account.')
param tags resourceTags

@description('Pricing tier: F0 (free, 2M characters a month) or S1 (pay as you go).')
@allowed([
  'F0'
  'S1'
])
param skuName string

@description('Object (principal) id of the Function App managed identity.')
param principalId string

// Built-in role: Cognitive Services User (call the data plane, no keys).
var cognitiveServicesUser = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'a97b65f3-24c7-4388-baec-2e87135dc908')

resource translator 'Microsoft.CognitiveServices/accounts@2025-06-01' = {
  name: name
  location: location
  tags: tags
  kind: 'TextTranslation'
  sku: {
    name: skuName
  }
  properties: {
    customSubDomainName: name
    disableLocalAuth: true
    publicNetworkAccess: 'Enabled'
  }
}

resource userAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(translator.id, principalId, cognitiveServicesUser)
  scope: translator
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: cognitiveServicesUser
  }
}

@description('Custom-subdomain endpoint (Translator__Endpoint).')
output endpoint string = translator.properties.endpoint

@description('Resource id of the account (Translator__ResourceId).')
output id string = translator.id
