// Development environment: small, cheap, easy to tear down.
//   export SENDGRID_API_KEY=... TOKENS_SIGNING_KEY="$(openssl rand -base64 48)"
//   az deployment sub create -n alerts-dev -l swedencentral -f infra/main.bicep -p infra/env/dev.bicepparam
using '../main.bicep'

param environmentName = 'alerts-dev'
param location = 'swedencentral'
param instanceMemoryMB = 2048
param maximumInstanceCount = 40
param storageSkuName = 'Standard_LRS'
param logRetentionInDays = 30
// Purge protection cannot be turned off once on; dev vaults are deleted and recreated.
param keyVaultPurgeProtection = false
param pollSchedule = '0 */5 * * * *'
param digestSchedule = '0 0 7 * * *'
param sendGridFromEmail = readEnvironmentVariable('SENDGRID_FROM_EMAIL', 'alerts-dev@example.org')
param sendGridFromName = 'Alerts (dev)'
param deliveryMaxAlertsPerHour = 10
param threatRulesPath = ''
param sendGridApiKey = readEnvironmentVariable('SENDGRID_API_KEY')
param tokenSigningKey = readEnvironmentVariable('TOKENS_SIGNING_KEY')
param xBearerToken = readEnvironmentVariable('X_BEARER_TOKEN', '')
param tokenPreviousKeys = readEnvironmentVariable('TOKENS_PREVIOUS_KEYS', '')
param alertEmail = readEnvironmentVariable('ALERT_EMAIL', '')
