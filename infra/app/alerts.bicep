// Alert rules on what the app reports in Application Insights (log-search alerts over its traces and requests), and the
// action group they notify. Each query names the app's own log lines (see docs/events.md and docs/api.md), so a rule
// fires on the condition, not on a platform metric that cannot tell the queues apart.
@description('Application Insights component the app exports to.')
param applicationInsightsName string
param location string
param tags object = {}

@description('Name of the action group created when alertEmail is set.')
param actionGroupName string

@description('An existing action group to notify (resource id); empty = none.')
param actionGroupId string = ''

@description('An email address to notify through a new action group; empty = no new group.')
param alertEmail string = ''

@description('Percentage of 5xx answers over 15 minutes that fires the 5xx alert (with at least 20 requests).')
@minValue(1)
@maxValue(100)
param serverErrorPercent int = 5

@description('Percentage of failed deliveries (invitations and codes) over an hour that fires the delivery alert (with at least 10 deliveries).')
@minValue(1)
@maxValue(100)
param deliveryFailurePercent int = 10

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource emailGroup 'Microsoft.Insights/actionGroups@2023-01-01' = if (!empty(alertEmail)) {
  name: actionGroupName
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'otp-alerts'
    enabled: true
    emailReceivers: [
      {
        name: 'on-call'
        emailAddress: alertEmail
        useCommonAlertSchema: true
      }
    ]
  }
}

var actionGroups = concat(empty(actionGroupId) ? [] : [actionGroupId], empty(alertEmail) ? [] : [emailGroup.id])

// name, severity, window, frequency, query (one row = fire), description
var rules = [
  {
    name: 'poison-messages'
    severity: 1
    window: 'PT15M'
    frequency: 'PT5M'
    description: 'A queue message reached its poison queue after 5 failed attempts: an invitation or a code was given up (the poison handlers mark the delivery failed; the agent reads the code out or resends).'
    query: 'traces | where message matches regex @"^[a-z-]+-poison: " | summarize poisoned = count() | where poisoned > 0'
  }
  {
    name: 'outbox-stuck-or-parked'
    severity: 1
    window: 'PT15M'
    frequency: 'PT5M'
    description: 'An integration event is stuck (its session\'s later events wait behind it) or was refused and parked (never published); GET /api/health shows events: degraded.'
    query: 'traces | where message has "is stuck after" or message has "was refused and parked" or message has "outbox events are stuck" | summarize events = count() | where events > 0'
  }
  {
    name: 'delivery-failure-rate'
    severity: 2
    window: 'PT1H'
    frequency: 'PT15M'
    description: 'More than ${deliveryFailurePercent}% of invitation and code deliveries failed in an hour (ACS refusals, failed delivery reports, or retries given up).'
    query: 'traces | where message matches regex @"^[a-z-]+: .+ of participant .+ in session .+: (Sent|Failed|Skipped), " | summarize total = count(), failed = countif(message has ": Failed, ") | where total >= 10 and failed * 100.0 / total > ${deliveryFailurePercent}'
  }
  {
    name: 'server-error-rate'
    severity: 1
    window: 'PT15M'
    frequency: 'PT5M'
    description: 'More than ${serverErrorPercent}% of API requests answered 5xx in 15 minutes (503 busy included: storage out of reach).'
    query: 'requests | summarize total = count(), errors = countif(toint(resultCode) >= 500) | where total >= 20 and errors * 100.0 / total > ${serverErrorPercent}'
  }
  {
    name: 'send-budget-refusals'
    severity: 3
    window: 'PT1H'
    frequency: 'PT15M'
    description: 'Sends were refused because a send budget was spent (event sends.budget_exceeded): a participant or the service is sending more SMS/email than its budget allows.'
    query: 'traces | where message has "sends.budget_exceeded" or tostring(customDimensions.EventType) == "sends.budget_exceeded" | summarize refusals = count() | where refusals > 0'
  }
]

resource alerts 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = [
  for rule in rules: {
    name: 'alert-${rule.name}-${applicationInsightsName}'
    location: location
    tags: tags
    kind: 'LogAlert'
    properties: {
      displayName: 'otp-sessions: ${rule.name}'
      description: rule.description
      severity: rule.severity
      enabled: true
      scopes: [
        applicationInsights.id
      ]
      evaluationFrequency: rule.frequency
      windowSize: rule.window
      autoMitigate: true
      criteria: {
        allOf: [
          {
            query: rule.query
            timeAggregation: 'Count'
            operator: 'GreaterThan'
            threshold: 0
            failingPeriods: {
              numberOfEvaluationPeriods: 1
              minFailingPeriodsToAlert: 1
            }
          }
        ]
      }
      actions: {
        actionGroups: actionGroups
      }
    }
  }
]

output alertRuleNames array = [for (rule, i) in rules: alerts[i].name]
