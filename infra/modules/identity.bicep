// The user-assigned managed identity the Function App runs as. It reads storage, Key Vault and
// publishes telemetry; its role assignments live in roles.bicep.

@description('Name of the user-assigned managed identity.')
param name string

@description('Azure region of the identity.')
param location string

@description('Tags applied to the identity.')
param tags resourceTags

import { resourceTags } from 'types.bicep'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

@description('Resource id of the identity.')
output id string = identity.id

@description('Name of the identity.')
output name string = identity.name

@description('Client (application) id of the identity, used by AzureWebJobsStorage__clientId and App Insights AAD auth.')
output clientId string = identity.properties.clientId

@description('Object (principal) id of the identity, used by role assignments.')
output principalId string = identity.properties.principalId
