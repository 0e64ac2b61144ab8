// Production environment: zone-redundant storage, longer log retention, purge-protected vault,
// alert emails to ops.
//   export SENDGRID_API_KEY=... TOKENS_SIGNING_KEY=... ALERT_EMAIL=ops@example.org
//   az deployment sub create -n alerts-prod -l swedencentral -f infra/main.bicep -p infra/env/prod.bicepparam
using '../main.bicep'

param environmentName = 'alerts-prod'
param location = 'swedencentral'
param instanceMemoryMB = 2048
param maximumInstanceCount = 100
param storageSkuName = 'Standard_ZRS'
param logRetentionInDays = 90
param keyVaultPurgeProtection = true
param pollSchedule = '0 */5 * * * *'
param digestSchedule = '0 0 7 * * *'
param sendGridFromEmail = readEnvironmentVariable('SENDGRID_FROM_EMAIL', 'alerts@example.org')
param sendGridFromName = 'Alerts'
param deliveryMaxAlertsPerHour = 10
param threatRulesPath = ''
param sendGridApiKey = readEnvironmentVariable('SENDGRID_API_KEY')
param tokenSigningKey = readEnvironmentVariable('TOKENS_SIGNING_KEY')
param xBearerToken = readEnvironmentVariable('X_BEARER_TOKEN', '')
param tokenPreviousKeys = readEnvironmentVariable('TOKENS_PREVIOUS_KEYS', '')
param alertEmail = readEnvironmentVariable('ALERT_EMAIL', '')
