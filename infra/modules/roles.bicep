// Role assignments for the Function App's managed identity, least privilege, each on the
// narrowest scope that works (never the whole storage account):
//   deployment container        Storage Blob Data Reader        the platform reads the package;
//                                                               azd uploads it with the deployer's
//                                                               identity, not the app's
//   azure-webjobs-hosts,        Storage Blob Data Contributor   the Functions host's own blobs:
//   azure-webjobs-secrets                                       timer and singleton leases, host id,
//                                                               function keys. Declared in the storage
//                                                               module, so the host never needs to
//                                                               create a container (an account-level right)
//   each app queue and          Storage Queue Data Contributor  queue triggers (Reader+Processor cannot
//   its -poison queue                                           update a message after a failed run),
//                                                               producers, the host's poison moves
//   each app table              Storage Table Data Contributor  the app's tables
//   Key Vault                   Key Vault Secrets User          Key Vault references in app settings
//   App Insights                Monitoring Metrics Publisher    telemetry with Entra ID auth (local auth is off)
// Queues and tables are created by the storage module; the app's start-up CreateIfNotExists finds
// them and does not need account-level rights (a failure there is logged, not fatal).
// Names follow guid(scope.id, principalId, roleDefinitionId), so redeploying is idempotent.

// The same lists the storage module declares its containers, queues and tables from.
import { hostContainerNames, queueNames, tableNames } from 'names.bicep'

@description('Object (principal) id of the Function App managed identity.')
param principalId string

@description('Name of the storage account.')
param storageAccountName string

@description('Name of the blob container holding the Flex Consumption deployment package.')
param deploymentContainerName string

@description('Name of the Key Vault.')
param keyVaultName string

@description('Name of the Application Insights component.')
param applicationInsightsName string

// Built-in role definitions (ids are the same in every tenant).
var storageBlobDataReader = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1')
var storageBlobDataContributor = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'ba92f5b4-2d11-453d-a403-e96b0029c9fe')
var storageQueueDataContributor = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '974c5e8b-45b9-4653-ba55-5f855dd0fb88')
var storageTableDataContributor = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3')
var keyVaultSecretsUser = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4633458b-17de-408a-b874-0445c86b69e6')
var monitoringMetricsPublisher = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '3913510d-42f4-4e42-8a64-420c390055eb')

resource storage 'Microsoft.Storage/storageAccounts@2026-06-01' existing = {
  name: storageAccountName

  resource blobService 'blobServices' existing = {
    name: 'default'

    resource deploymentContainer 'containers' existing = {
      name: deploymentContainerName
    }
  }

  resource queueService 'queueServices' existing = {
    name: 'default'
  }

  resource tableService 'tableServices' existing = {
    name: 'default'
  }
}

resource hostContainers 'Microsoft.Storage/storageAccounts/blobServices/containers@2026-06-01' existing = [
  for containerName in hostContainerNames: {
    parent: storage::blobService
    name: containerName
  }
]

resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2026-06-01' existing = [
  for queueName in queueNames: {
    parent: storage::queueService
    name: queueName
  }
]

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2026-06-01' existing = [
  for tableName in tableNames: {
    parent: storage::tableService
    name: tableName
  }
]

resource vault 'Microsoft.KeyVault/vaults@2026-05-15' existing = {
  name: keyVaultName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource deploymentReaderAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage::blobService::deploymentContainer.id, principalId, storageBlobDataReader)
  scope: storage::blobService::deploymentContainer
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: storageBlobDataReader
  }
}

resource hostContainerContributorAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (containerName, i) in hostContainerNames: {
    name: guid(hostContainers[i].id, principalId, storageBlobDataContributor)
    scope: hostContainers[i]
    properties: {
      principalId: principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: storageBlobDataContributor
    }
  }
]

resource queueDataContributorAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (queueName, i) in queueNames: {
    name: guid(queues[i].id, principalId, storageQueueDataContributor)
    scope: queues[i]
    properties: {
      principalId: principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: storageQueueDataContributor
    }
  }
]

resource tableDataContributorAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (tableName, i) in tableNames: {
    name: guid(tables[i].id, principalId, storageTableDataContributor)
    scope: tables[i]
    properties: {
      principalId: principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: storageTableDataContributor
    }
  }
]

resource secretsUserAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, principalId, keyVaultSecretsUser)
  scope: vault
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: keyVaultSecretsUser
  }
}

resource metricsPublisherAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(applicationInsights.id, principalId, monitoringMetricsPublisher)
  scope: applicationInsights
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: monitoringMetricsPublisher
  }
}
