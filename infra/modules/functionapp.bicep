// The Function App on the Flex Consumption plan (Linux, dotnet-isolated .NET 10), running as a
// user-assigned managed identity. Host storage is identity-based (AzureWebJobsStorage__*), the
// deployment package lives in a blob container read with the same identity, and secrets are Key
// Vault references resolved with that identity. No key or connection string is set here: the
// only non-reference value that looks like one is the App Insights connection string, which is
// an endpoint locator (local auth is off, so telemetry needs the AAD token below).
//
// Every setting in AlertsNames.Settings.All is set in `appSettings`;
// tests/Alerts.Infrastructure.Tests checks the compiled template against that list.

import { resourceTags, secretUris, instanceMemory } from 'types.bicep'

@description('Name of the Function App.')
param name string

@description('Name of the Flex Consumption plan.')
param planName string

@description('Azure region of the plan and the app.')
param location string

@description('Tags applied to the plan and the app (the app also gets azd-service-name).')
param tags resourceTags

@description('Service name in azure.yaml; azd finds the app by the azd-service-name tag.')
param serviceName string

@description('Resource id of the user-assigned managed identity the app runs as.')
param identityId string

@description('Client id of that identity.')
param identityClientId string

@description('Name of the storage account for host storage, the deployment package, queues and tables.')
param storageAccountName string

@description('Name of the blob container holding the deployment package.')
param deploymentContainerName string

@description('Name of the Application Insights component.')
param applicationInsightsName string

@description('Versionless Key Vault secret URIs for the secret settings.')
param keyVaultUris secretUris

@description('Memory per instance in MB (512, 2048 or 4096).')
param instanceMemoryMB instanceMemory

@description('Upper bound on instances the plan scales out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int

@description('NCRONTAB (six fields, UTC) for the feed poll timer: PollSchedule.')
param pollSchedule string

@description('NCRONTAB (six fields, UTC) for the digest timer: DigestSchedule.')
param digestSchedule string

@description('Sender address of alert emails (a SendGrid verified sender): SendGrid__FromEmail.')
param sendGridFromEmail string

@description('Sender display name of alert emails: SendGrid__FromName.')
param sendGridFromName string

@description('Delivery__MaxAlertsPerHour: most alerts one subscriber is sent per hour.')
@minValue(1)
param deliveryMaxAlertsPerHour int

@description('Threats__RulesPath: path of a threat-rules file; empty for the built-in rules.')
param threatRulesPath string

@description('Resource id of the subnet to integrate with (private networking), or empty for none.')
param virtualNetworkSubnetId string = ''

@description('The optional translation stage: Translator__Enabled, __Endpoint, __ResourceId, __Region (no key: the app signs in with its identity).')
param translator { enabled: bool, endpoint: string, resourceId: string, region: string }

resource storage 'Microsoft.Storage/storageAccounts@2026-06-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': serviceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    // With private networking all outbound traffic, Key Vault references and the package download
    // included, leaves through the integrated subnet, whose service endpoints the storage and vault rules allow.
    virtualNetworkSubnetId: empty(virtualNetworkSubnetId) ? null : virtualNetworkSubnetId
    outboundVnetRouting: empty(virtualNetworkSubnetId)
      ? null
      : {
          allTraffic: true
        }
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// No FTP or basic-auth publishing: azd and az deploy with an Entra ID token.
resource ftpCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

resource appSettings 'Microsoft.Web/sites/config@2025-03-01' = {
  parent: site
  name: 'appsettings'
  properties: {
    // Host storage through the managed identity (no connection string, shared key is off).
    AzureWebJobsStorage__credential: 'managedidentity'
    AzureWebJobsStorage__clientId: identityClientId
    AzureWebJobsStorage__blobServiceUri: storage.properties.primaryEndpoints.blob
    AzureWebJobsStorage__queueServiceUri: storage.properties.primaryEndpoints.queue
    AzureWebJobsStorage__tableServiceUri: storage.properties.primaryEndpoints.table

    // Telemetry with Entra ID auth (App Insights local auth is disabled).
    APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'

    // Schedules (NCRONTAB, UTC), read by the timer triggers as %PollSchedule% and %DigestSchedule%.
    PollSchedule: pollSchedule
    DigestSchedule: digestSchedule
    ReconcileSchedule: '0 */15 * * * *'

    // Links in emails point at this app.
    Alerts__PublicBaseUrl: 'https://${site.properties.defaultHostName}'

    // Email.
    SendGrid__ApiKey: '@Microsoft.KeyVault(SecretUri=${keyVaultUris.sendGridApiKey})'
    SendGrid__FromEmail: sendGridFromEmail
    SendGrid__FromName: sendGridFromName
    SendGrid__TimeoutSeconds: '30'
    Delivery__MaxAlertsPerHour: string(deliveryMaxAlertsPerHour)
    Delivery__MaxDigestCatchUpDays: '7'
    // Weekly digest subscribers get theirs from the daily digest run on this UTC weekday.
    Delivery__WeeklyDigestDay: 'Monday'

    // Unsubscribe and confirmation tokens.
    Tokens__SigningKey: '@Microsoft.KeyVault(SecretUri=${keyVaultUris.tokenSigningKey})'
    Tokens__PreviousKeys: empty(keyVaultUris.tokenPreviousKeys) ? '' : '@Microsoft.KeyVault(SecretUri=${keyVaultUris.tokenPreviousKeys})'

    // Sign-up abuse limits (docs/operations.md): padded answer time, per-client and global requests per hour.
    Subscribe__AnswerMilliseconds: '2000'
    Subscribe__PerIpPerHour: '10'
    Subscribe__GlobalPerHour: '300'

    // Sources.
    X__BearerToken: empty(keyVaultUris.xBearerToken) ? '' : '@Microsoft.KeyVault(SecretUri=${keyVaultUris.xBearerToken})'
    Fetch__AllowPrivateAddresses: 'false'
    Threats__RulesPath: threatRulesPath

    // Optional machine translation (Azure AI Translator, managed identity; no key exists).
    Translator__Enabled: string(translator.enabled)
    Translator__Endpoint: translator.endpoint
    Translator__ResourceId: translator.resourceId
    Translator__Region: translator.region
  }
}

@description('Name of the Function App.')
output name string = site.name

@description('Default host name of the Function App.')
output defaultHostName string = site.properties.defaultHostName

@description('HTTPS base URL of the Function App.')
output uri string = 'https://${site.properties.defaultHostName}'
