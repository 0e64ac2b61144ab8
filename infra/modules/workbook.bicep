// The ops workbook (Azure Monitor > Workbooks, or the Application Insights component's Workbooks):
// the pipeline funnel (items polled -> statements -> threats -> alert emails), queue and poison
// backlogs, source failures by reason, SendGrid failures and alerts per official per day.
// Its queries live in workbook.json (the workbook's own gallery format, editable in the portal and
// pasted back); Alerts.Infrastructure.Tests checks that every log template and metric name they use
// is one the app writes.

import { resourceTags } from 'types.bicep'

@description('Azure region of the workbook.')
param location string

@description('Tags applied to the workbook.')
param tags resourceTags

@description('Name of the Application Insights component the workbook queries.')
param applicationInsightsName string

@description('Display name shown in the workbook gallery.')
param displayName string = 'Alerts pipeline'

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource workbook 'Microsoft.Insights/workbooks@2023-06-01' = {
  // Workbook names must be GUIDs; this one is stable per component, so redeploys update it in place.
  name: guid(applicationInsights.id, 'alerts-pipeline-workbook')
  location: location
  tags: tags
  kind: 'shared'
  properties: {
    displayName: displayName
    category: 'workbook'
    sourceId: applicationInsights.id
    serializedData: loadTextContent('workbook.json')
    version: 'Notebook/1.0'
  }
}

@description('Resource id of the workbook.')
output id string = workbook.id
