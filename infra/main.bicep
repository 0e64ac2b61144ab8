// Alerts: Azure deployment.
//
// Subscription-scoped, as azd expects by default: the template creates the resource group
// (rg-<environmentName>) and deploys everything into it through modules under ./modules.
//   azd up                                      (reads main.bicepparam)
//   az deployment sub create -l <region> -f infra/main.bicep -p infra/env/prod.bicepparam
// Only local modules: bicep build/lint work offline (no registry restore).

targetScope = 'subscription'

@minLength(1)
@maxLength(40)
@description('Environment name (azd AZURE_ENV_NAME): names the resource group and seeds the resource token.')
param environmentName string

@minLength(1)
@description('Azure region for every resource. It must offer the Flex Consumption plan.')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Name of the resource group to create; empty for rg-<environmentName>.')
param resourceGroupName string = ''

@description('Memory per Function App instance in MB: 512, 2048 or 4096.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Maximum number of instances the Flex Consumption plan scales out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Storage redundancy SKU.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param storageSkuName string = 'Standard_LRS'

@description('Days to keep logs in the Log Analytics workspace.')
@minValue(30)
@maxValue(730)
param logRetentionInDays int = 30

@description('Turn on Key Vault purge protection (irreversible; keep on in production).')
param keyVaultPurgeProtection bool = true

@description('PollSchedule: NCRONTAB (six fields, UTC) of the feed poll timer.')
param pollSchedule string = '0 */5 * * * *'

@description('DigestSchedule: NCRONTAB (six fields, UTC) of the daily digest timer.')
param digestSchedule string = '0 0 7 * * *'

@description('SendGrid__FromEmail: sender address of alert emails (a SendGrid verified sender).')
@minLength(3)
param sendGridFromEmail string

@description('SendGrid__FromName: sender display name of alert emails.')
param sendGridFromName string = 'Alerts'

@description('Delivery__MaxAlertsPerHour: most alerts one subscriber is sent per hour.')
@minValue(1)
param deliveryMaxAlertsPerHour int = 10

@description('Threats__RulesPath: path of a threat-rules file inside the app; empty for the built-in rules.')
param threatRulesPath string = ''

@description('Provision Azure AI Translator and turn the translation stage on (Translator__Enabled): statements in languages the judge does not read are judged on a machine translation. Off by default.')
param enableTranslator bool = false

@description('Translator pricing tier when enableTranslator is true: F0 (free, 2M characters a month) or S1.')
@allowed([
  'F0'
  'S1'
])
param translatorSkuName string = 'S1'

@secure()
@minLength(1)
@description('SendGrid API key (Mail Send). Written to Key Vault; the app reads it through a Key Vault reference.')
param sendGridApiKey string

@secure()
@minLength(32)
@description('Token-signing key for unsubscribe and confirmation links (at least 32 characters, e.g. openssl rand -base64 48). Written to Key Vault.')
param tokenSigningKey string

@secure()
@description('X API bearer token; empty when no X source is polled. Written to Key Vault when set.')
param xBearerToken string = ''

@secure()
@description('Earlier token-signing keys that still verify (comma-separated) while links they signed are alive; empty outside a rotation. Written to Key Vault when set.')
param tokenPreviousKeys string = ''

@description('Email address that receives operational alerts; empty for no action group (rules still fire in the portal).')
param alertEmail string = ''

@description('Private networking: integrate the app with a new virtual network and let storage and Key Vault accept only its subnet (networkAcls Deny), and close the monitoring query endpoints. Off by default.')
param privateNetworking bool = false

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
  application: 'alerts'
}
var names = {
  functionApp: 'func-${resourceToken}'
  plan: 'plan-${resourceToken}'
  identity: 'id-${resourceToken}'
  storage: 'st${resourceToken}'
  deploymentContainer: 'app-package-${resourceToken}'
  logAnalytics: 'log-${resourceToken}'
  applicationInsights: 'appi-${resourceToken}'
  keyVault: 'kv-${resourceToken}'
  virtualNetwork: 'vnet-${resourceToken}'
  translator: 'tr-${resourceToken}'
}

resource rg 'Microsoft.Resources/resourceGroups@2025-04-01' = {
  name: empty(resourceGroupName) ? 'rg-${environmentName}' : resourceGroupName
  location: location
  tags: tags
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: names.identity
    location: location
    tags: tags
  }
}

module network 'modules/network.bicep' = if (privateNetworking) {
  name: 'network'
  scope: rg
  params: {
    name: names.virtualNetwork
    location: location
    tags: tags
  }
}

// Built from names rather than read from the module's output, so the rules can be set in the same deployment.
var appSubnetId = privateNetworking ? '${rg.id}/providers/Microsoft.Network/virtualNetworks/${names.virtualNetwork}/subnets/app' : ''

module storage 'modules/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: names.storage
    location: location
    tags: tags
    skuName: storageSkuName
    deploymentContainerName: names.deploymentContainer
    privateNetworking: privateNetworking
    appSubnetId: appSubnetId
  }
  // The subnet must exist before a network rule can name it.
  dependsOn: [
    network
  ]
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: names.logAnalytics
    applicationInsightsName: names.applicationInsights
    location: location
    tags: tags
    retentionInDays: logRetentionInDays
    privateNetworking: privateNetworking
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    name: names.keyVault
    location: location
    tags: tags
    enablePurgeProtection: keyVaultPurgeProtection
    softDeleteRetentionInDays: 90
    sendGridApiKey: sendGridApiKey
    tokenSigningKey: tokenSigningKey
    xBearerToken: xBearerToken
    storeXBearerToken: !empty(xBearerToken)
    tokenPreviousKeys: tokenPreviousKeys
    storeTokenPreviousKeys: !empty(tokenPreviousKeys)
    privateNetworking: privateNetworking
    appSubnetId: appSubnetId
  }
  // The subnet must exist before a network rule can name it.
  dependsOn: [
    network
  ]
}

module roles 'modules/roles.bicep' = {
  name: 'roles'
  scope: rg
  params: {
    // The principal id exists only once the identity does; role assignment names must use it.
    #disable-next-line what-if-short-circuiting
    principalId: identity.outputs.principalId
    storageAccountName: names.storage
    deploymentContainerName: names.deploymentContainer
    keyVaultName: names.keyVault
    applicationInsightsName: names.applicationInsights
  }
  dependsOn: [
    storage
    keyVault
    monitoring
  ]
}

module translator 'modules/translator.bicep' = if (enableTranslator) {
  name: 'translator'
  scope: rg
  params: {
    name: names.translator
    location: location
    tags: tags
    skuName: translatorSkuName
    #disable-next-line what-if-short-circuiting
    principalId: identity.outputs.principalId
  }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  scope: rg
  params: {
    name: names.functionApp
    planName: names.plan
    location: location
    tags: tags
    serviceName: 'functions'
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: names.storage
    deploymentContainerName: names.deploymentContainer
    applicationInsightsName: names.applicationInsights
    keyVaultUris: {
      sendGridApiKey: keyVault.outputs.sendGridApiKeyUri
      tokenSigningKey: keyVault.outputs.tokenSigningKeyUri
      xBearerToken: keyVault.outputs.xBearerTokenUri
      tokenPreviousKeys: keyVault.outputs.tokenPreviousKeysUri
    }
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    pollSchedule: pollSchedule
    digestSchedule: digestSchedule
    sendGridFromEmail: sendGridFromEmail
    sendGridFromName: sendGridFromName
    deliveryMaxAlertsPerHour: deliveryMaxAlertsPerHour
    threatRulesPath: threatRulesPath
    virtualNetworkSubnetId: appSubnetId
    translator: {
      enabled: enableTranslator
      endpoint: enableTranslator ? translator!.outputs.endpoint : ''
      resourceId: enableTranslator ? translator!.outputs.id : ''
      region: enableTranslator ? location : ''
    }
  }
  // The identity must hold its storage, Key Vault and monitoring roles before the host starts.
  dependsOn: [
    roles
  ]
}

module workbook 'modules/workbook.bicep' = {
  name: 'workbook'
  scope: rg
  params: {
    location: location
    tags: tags
    applicationInsightsName: names.applicationInsights
  }
  dependsOn: [
    monitoring
  ]
}

module operationalAlerts 'modules/alerts.bicep' = {
  name: 'alerts'
  scope: rg
  params: {
    location: location
    tags: tags
    applicationInsightsName: names.applicationInsights
    alertEmail: alertEmail
    resourceToken: resourceToken
    healthUrl: '${functionApp.outputs.uri}/api/health'
  }
  dependsOn: [
    monitoring
  ]
}

@description('Azure region of the deployment.')
output AZURE_LOCATION string = location

@description('Entra ID tenant of the deployment.')
output AZURE_TENANT_ID string = tenant().tenantId

@description('Resource group holding every resource.')
output AZURE_RESOURCE_GROUP string = rg.name

@description('Name of the Function App.')
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name

@description('Default host name of the Function App.')
output AZURE_FUNCTION_APP_HOSTNAME string = functionApp.outputs.defaultHostName

@description('HTTPS base URL of the Function App (also Alerts__PublicBaseUrl).')
output AZURE_FUNCTION_APP_URL string = functionApp.outputs.uri

@description('Storage account holding host storage, queues and tables.')
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name

@description('Queue endpoint of the storage account (for the replay-poison CLI with Entra ID auth).')
output AZURE_STORAGE_QUEUE_ENDPOINT string = storage.outputs.queueEndpoint

@description('Table endpoint of the storage account.')
output AZURE_STORAGE_TABLE_ENDPOINT string = storage.outputs.tableEndpoint

@description('Key Vault holding the app secrets.')
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name

@description('Key Vault URI.')
output AZURE_KEY_VAULT_ENDPOINT string = keyVault.outputs.uri

@description('Application Insights component receiving the app telemetry.')
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName

@description('Client id of the managed identity the app runs as.')
output AZURE_MANAGED_IDENTITY_CLIENT_ID string = identity.outputs.clientId
