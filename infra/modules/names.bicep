// Names shared by the storage module (which declares the resources) and the role assignments
// (which scope each role to them). Queues and tables must match src/Alerts.Core/Configuration/AlertsNames.cs;
// tests/Alerts.Infrastructure.Tests checks the compiled template against that list.

// AlertsNames.Queues.All and AlertsNames.Queues.PoisonOf(each).
@export()
var queueNames = [
  'poll-requests'
  'poll-requests-poison'
  'statements'
  'statements-poison'
  'deliveries'
  'deliveries-poison'
]

// AlertsNames.Tables.All. The near-duplicate index is sourceitems00-15 (AlertsNames.Tables.SourceItemsShards).
@export()
var tableNames = [
  'officials'
  'sources'
  'sourceitems00'
  'sourceitems01'
  'sourceitems02'
  'sourceitems03'
  'sourceitems04'
  'sourceitems05'
  'sourceitems06'
  'sourceitems07'
  'sourceitems08'
  'sourceitems09'
  'sourceitems10'
  'sourceitems11'
  'sourceitems12'
  'sourceitems13'
  'sourceitems14'
  'sourceitems15'
  'statements'
  'subscriptions'
  'deliveries'
  'ratelimits'
  'feedback'
]

// The Functions host's own containers (timer and singleton leases, host id; function keys). Declared
// so the host never creates them, which would need a role on the whole account.
@export()
var hostContainerNames = [
  'azure-webjobs-hosts'
  'azure-webjobs-secrets'
]
