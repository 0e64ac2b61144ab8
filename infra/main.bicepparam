// Parameters for `azd up` / `azd provision`: azd exports its environment (.azure/<env>/.env)
// as environment variables, so every value here comes from there.
//   azd env set SENDGRID_FROM_EMAIL alerts@example.org
//   azd env set SENDGRID_API_KEY <key>          (secret: lives only in the azd env and Key Vault)
//   azd env set TOKENS_SIGNING_KEY "$(openssl rand -base64 48)"
//   azd env set X_BEARER_TOKEN <token>          (optional)
//   azd env set TOKENS_PREVIOUS_KEYS <old-key>  (only during a key rotation: docs/operations.md)
//   azd env set ALERT_EMAIL ops@example.org     (optional)
//   azd env set KEYVAULT_PURGE_PROTECTION false (optional, throwaway environments only)
using './main.bicep'

param environmentName = readEnvironmentVariable('AZURE_ENV_NAME', 'alerts')
param location = readEnvironmentVariable('AZURE_LOCATION', 'swedencentral')
param sendGridFromEmail = readEnvironmentVariable('SENDGRID_FROM_EMAIL', 'alerts@example.org')
param sendGridFromName = readEnvironmentVariable('SENDGRID_FROM_NAME', 'Alerts')
param sendGridApiKey = readEnvironmentVariable('SENDGRID_API_KEY')
param tokenSigningKey = readEnvironmentVariable('TOKENS_SIGNING_KEY')
param xBearerToken = readEnvironmentVariable('X_BEARER_TOKEN', '')
param tokenPreviousKeys = readEnvironmentVariable('TOKENS_PREVIOUS_KEYS', '')
param alertEmail = readEnvironmentVariable('ALERT_EMAIL', '')
param instanceMemoryMB = 2048
param maximumInstanceCount = int(readEnvironmentVariable('FUNCTIONS_MAXIMUM_INSTANCE_COUNT', '100'))
param keyVaultPurgeProtection = bool(readEnvironmentVariable('KEYVAULT_PURGE_PROTECTION', 'true'))
