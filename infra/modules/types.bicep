// Shared user-defined types for the Alerts infrastructure modules.

@export()
@description('Resource tags: string values keyed by tag name.')
type resourceTags = {
  *: string
}

@export()
@description('Versionless Key Vault secret URIs the app settings reference. An empty URI means "not configured".')
type secretUris = {
  @description('URI of the SendGrid API key entry.')
  sendGridApiKey: string

  @description('URI of the token-signing key entry.')
  tokenSigningKey: string

  @description('URI of the X bearer token entry, or empty when no token is configured.')
  xBearerToken: string

  @description('URI of the entry holding earlier token-signing keys that still verify, or empty when none are kept.')
  tokenPreviousKeys: string
}

@export()
@description('Flex Consumption instance memory in MB.')
type instanceMemory = 512 | 2048 | 4096
