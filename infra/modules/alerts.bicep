// Azure Monitor log alert rules over Application Insights for what ops must watch:
//   - messages moved to a poison queue (the Functions host logs "Message has reached
//     MaxDequeueCount of N. Moving message to queue '<queue>-poison'.")
//   - failed function executions
//   - failing feed sources (outbound HTTP calls other than SendGrid and Azure services)
//   - SendGrid failures (HTTP calls to api.sendgrid.com that did not succeed)
//   - liveness: a standard availability test calls the app's anonymous GET /api/health, which
//     answers "healthy" while the app runs and reaches storage (503 otherwise) and reveals nothing
//     else; a metric alert fires when it fails. Queue backlogs and poison counts are at
//     GET /api/health/details behind a function key (poison moves are alerted by the log rule above).
//   - deliveries of unknown outcome (the reconciler could not read SendGrid's record of a stale claim)
// The HTTP checks read the dependency telemetry the worker's Application Insights SDK collects
// for HttpClient calls. docs/operations.md holds the same queries for ad-hoc use.

import { resourceTags } from 'types.bicep'

@description('Azure region of the alert rules (the Application Insights region).')
param location string

@description('Tags applied to the alert rules and the action group.')
param tags resourceTags

@description('Name of the Application Insights component the rules query.')
param applicationInsightsName string

@description('Email address notified when a rule fires; empty for no action group.')
param alertEmail string

@description('Resource token used to name the rules.')
param resourceToken string

@description('Absolute URL of the app health endpoint (GET, anonymous), e.g. https://<host>/api/health.')
param healthUrl string

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = if (!empty(alertEmail)) {
  name: 'ag-${resourceToken}'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'alerts-ops'
    enabled: true
    emailReceivers: [
      {
        name: 'ops-email'
        emailAddress: alertEmail
        useCommonAlertSchema: true
      }
    ]
  }
}

var loginHost = replace(replace(environment().authentication.loginEndpoint, 'https://', ''), '/', '')
var azureHosts = [
  environment().suffixes.storage
  environment().suffixes.keyvaultDns
  loginHost
  'monitor.azure.com'
  'applicationinsights.azure.com'
  'sendgrid.com'
]
var azureHostFilter = join(map(azureHosts, h => 'target contains "${h}"'), ' or ')

var rules = [
  {
    name: 'poison-messages'
    displayName: 'Alerts: messages moved to a poison queue'
    description: 'A queue message failed maxDequeueCount times and was moved to <queue>-poison. Find the cause in the failed executions, fix it, then replay with: dotnet run --project src/Alerts.Cli -- replay-poison <queue>.'
    severity: 2
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    query: 'traces | where message contains "Moving message to queue" and message contains "-poison" | extend queue = extract(@"queue \'([^\']+)\'", 1, message) | summarize poisoned = count() by queue'
    measure: 'poisoned'
    dimension: 'queue'
    threshold: 0
  }
  {
    name: 'function-failures'
    displayName: 'Alerts: failed function executions'
    description: 'Function executions failed repeatedly in the last 15 minutes (queue functions retry, then poison).'
    severity: 3
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    query: 'requests | where success == false | summarize failures = count() by operation_Name'
    measure: 'failures'
    dimension: 'operation_Name'
    threshold: 10
  }
  {
    name: 'source-failures'
    displayName: 'Alerts: feed source failures'
    description: 'Outbound HTTP calls to a feed host failed repeatedly in the last hour: the source is down, moved or blocking us.'
    severity: 3
    evaluationFrequency: 'PT15M'
    windowSize: 'PT1H'
    query: 'dependencies | where type == "Http" and success == false | where not(${azureHostFilter}) | summarize failures = count() by target'
    measure: 'failures'
    dimension: 'target'
    threshold: 5
  }
  {
    name: 'sendgrid-failures'
    displayName: 'Alerts: SendGrid failures'
    description: 'Calls to the SendGrid API failed (401/403: key revoked or rotated; 429: throttled; 5xx: SendGrid outage). Subscribers are not getting email.'
    severity: 2
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    query: 'dependencies | where target contains "sendgrid.com" and success == false | summarize failures = count() by resultCode'
    measure: 'failures'
    dimension: 'resultCode'
    threshold: 0
  }
  {
    name: 'delivery-unknown'
    displayName: 'Alerts: deliveries of unknown outcome'
    description: 'A delivery stayed at Sending past its lease and SendGrid\'s Email Activity could not say whether it went out; the ledger row is now Unknown and is never sent again automatically. See docs/operations.md, "Deliveries of unknown outcome".'
    severity: 2
    evaluationFrequency: 'PT15M'
    windowSize: 'PT1H'
    query: 'traces | where message has "LedgerUnknown" | summarize unknown = count() by cloud_RoleName'
    measure: 'unknown'
    dimension: 'cloud_RoleName'
    threshold: 0
  }
]

resource logAlerts 'Microsoft.Insights/scheduledQueryRules@2026-03-01' = [
  for rule in rules: {
    name: 'alert-${rule.name}-${resourceToken}'
    location: location
    tags: tags
    kind: 'LogAlert'
    properties: {
      displayName: rule.displayName
      description: rule.description
      severity: rule.severity
      enabled: true
      scopes: [
        applicationInsights.id
      ]
      evaluationFrequency: rule.evaluationFrequency
      windowSize: rule.windowSize
      autoMitigate: true
      criteria: {
        allOf: [
          {
            query: rule.query
            timeAggregation: 'Total'
            metricMeasureColumn: rule.measure
            dimensions: [
              {
                name: rule.dimension
                operator: 'Include'
                values: [
                  '*'
                ]
              }
            ]
            operator: 'GreaterThan'
            threshold: rule.threshold
            failingPeriods: {
              numberOfEvaluationPeriods: 1
              minFailingPeriodsToAlert: 1
            }
          }
        ]
      }
      actions: {
        actionGroups: empty(alertEmail) ? [] : [actionGroup.id]
      }
    }
  }
]

// Five locations spread over Europe and North America; two failing ones raise the alert.
var healthTestLocations = [
  'emea-nl-ams-azr'
  'emea-gb-db3-azr'
  'emea-se-sto-edge'
  'us-va-ash-azr'
  'us-il-ch1-azr'
]

resource healthTest 'Microsoft.Insights/webtests@2022-06-15' = {
  name: 'health-${resourceToken}'
  location: location
  tags: union(tags, { 'hidden-link:${applicationInsights.id}': 'Resource' })
  kind: 'standard'
  properties: {
    SyntheticMonitorId: 'health-${resourceToken}'
    Name: 'Alerts health: app up, storage reachable'
    Description: 'GET /api/health must answer 200 with status "healthy"; 503 means storage is unreachable. Backlogs and poison counts: GET /api/health/details with a function key.'
    Enabled: true
    Kind: 'standard'
    Frequency: 300
    Timeout: 30
    RetryEnabled: true
    Locations: [for id in healthTestLocations: { Id: id }]
    Request: {
      RequestUrl: healthUrl
      HttpVerb: 'GET'
      ParseDependentRequests: false
    }
    ValidationRules: {
      ExpectedHttpStatusCode: 200
      SSLCheck: true
      SSLCertRemainingLifetimeCheck: 7
      ContentValidation: {
        ContentMatch: '"healthy"'
        IgnoreCase: false
        PassIfTextFound: true
      }
    }
  }
}

resource healthAlert 'Microsoft.Insights/metricAlerts@2026-01-01' = {
  name: 'alert-health-${resourceToken}'
  location: 'global'
  tags: tags
  properties: {
    description: 'The health check fails: the app does not answer or storage is unreachable (503). GET /api/health/details with a function key shows the queues.'
    severity: 2
    enabled: true
    scopes: [
      healthTest.id
      applicationInsights.id
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    autoMitigate: true
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.WebtestLocationAvailabilityCriteria'
      webTestId: healthTest.id
      componentId: applicationInsights.id
      failedLocationCount: 2
    }
    actions: empty(alertEmail) ? [] : [{ actionGroupId: actionGroup.id }]
  }
}
