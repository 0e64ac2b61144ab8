// Log Analytics workspace and a workspace-based Application Insights component with local
// (instrumentation-key) authentication disabled: telemetry must be sent with an Entra ID token,
// which the Function App gets through its managed identity (Monitoring Metrics Publisher).

import { resourceTags } from 'types.bicep'

@description('Name of the Log Analytics workspace.')
param logAnalyticsName string

@description('Name of the Application Insights component.')
param applicationInsightsName string

@description('Azure region of the monitoring resources.')
param location string

@description('Tags applied to the monitoring resources.')
param tags resourceTags

@description('Days to keep logs in the Log Analytics workspace.')
@minValue(30)
@maxValue(730)
param retentionInDays int

@description('Close the query endpoints of the workspace and Application Insights to public networks; see main.bicep privateNetworking.')
param privateNetworking bool = false

resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2026-03-01' = {
  name: logAnalyticsName
  location: location
  tags: tags
  properties: {
    retentionInDays: retentionInDays
    publicNetworkAccessForIngestion: 'Enabled'
    publicNetworkAccessForQuery: privateNetworking ? 'Disabled' : 'Enabled'
    sku: {
      name: 'PerGB2018'
    }
  }
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: applicationInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    DisableLocalAuth: true
    WorkspaceResourceId: logAnalytics.id
    IngestionMode: 'LogAnalytics'
    // Ingestion stays reachable: it already requires Entra ID (local auth is off), and closing it needs an
    // Azure Monitor Private Link Scope with private DNS, which this option does not create (docs/operations.md).
    publicNetworkAccessForIngestion: 'Enabled'
    publicNetworkAccessForQuery: privateNetworking ? 'Disabled' : 'Enabled'
  }
}

@description('Name of the Application Insights component.')
output applicationInsightsName string = applicationInsights.name

@description('Resource id of the Application Insights component.')
output applicationInsightsId string = applicationInsights.id

@description('Name of the Log Analytics workspace.')
output logAnalyticsName string = logAnalytics.name
