// An Azure Monitor workbook over the app's Application Insights telemetry: customer journeys, conversion, delivery
// outcomes by channel, latency of the customer endpoints and the 5xx rate. Every query reads what the app emits (see
// infra/README.md "Workbook"): requests by function name or route, and the app's own log lines in traces.
@description('Application Insights component the app exports to.')
param applicationInsightsName string
param location string
param tags object = {}

@description('Title of the workbook in the portal.')
param displayName string = 'OTP sessions: journeys and deliveries'

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

// The app's HTTP requests, each with the function it reached: by the request's name (the function's name) or, when the
// name is a route, by its path. StartSession needs its 201 there: GET /api/sessions is ListSessions.
var appRequests = '''
let appRequests = requests
| extend path = tolower(trim_end("/", tostring(parse_url(url).Path)))
| extend endpoint = case(
    name == "VerifyOtp" or path endswith "/api/join/otp/verify", "VerifyOtp",
    name == "ResendOtp" or path endswith "/api/join/otp/resend", "ResendOtp",
    name == "RequestOtp" or path endswith "/api/join/otp", "RequestOtp",
    name == "EnterWithoutCode" or path endswith "/api/join/enter", "EnterWithoutCode",
    name == "RequestNewLink" or path endswith "/api/join/new-link", "RequestNewLink",
    name == "OpenJoinLink" or path endswith "/api/join", "OpenJoinLink",
    name == "SignOut" or path endswith "/api/me/sign-out", "SignOut",
    name == "Me" or path endswith "/api/me", "Me",
    name == "StartSession" or (path endswith "/api/sessions" and resultCode == "201"), "StartSession",
    name)
| extend status = toint(resultCode);
let customerEndpoints = dynamic(["OpenJoinLink", "RequestNewLink", "EnterWithoutCode", "RequestOtp", "ResendOtp", "VerifyOtp", "Me", "SignOut"]);
'''

// The delivery workers' outcome line: "{Queue}: {Delivery} of participant {ParticipantId} in session {SessionId}: {Status}, {Why}".
var deliveryResults = '''
let deliveryResults = traces
| where message matches regex @"^[a-z-]+: .+ of participant .+ in session .+: (Sent|Failed|Skipped), "
| parse message with queue ": " delivery " of participant " participantId " in session " sessionId ": " outcome ", " why;
'''

var journeys = '''
appRequests
| where endpoint in ("StartSession", "VerifyOtp", "EnterWithoutCode") and status between (200 .. 299)
| extend series = case(endpoint == "StartSession", "sessions started", endpoint == "VerifyOtp", "participants verified with a code", "participants entered without a code")
| summarize count() by series, bin(timestamp, 1h)
| render timechart
'''

var conversion = '''
let invited = toscalar(deliveryResults | where queue == "invitations" and outcome == "Sent" | count);
union
  (deliveryResults | where queue == "invitations" and outcome == "Sent" | summarize events = count() | extend step = "1. invitations sent"),
  (appRequests | where endpoint == "OpenJoinLink" and status == 200 | summarize events = count() | extend step = "2. invite links opened"),
  (appRequests | where endpoint in ("RequestOtp", "ResendOtp") and status between (200 .. 299) | summarize events = count() | extend step = "3. codes asked for"),
  (deliveryResults | where queue == "otp-deliveries" and outcome == "Sent" | summarize events = count() | extend step = "4. codes sent"),
  (appRequests | where endpoint in ("VerifyOtp", "EnterWithoutCode") and status == 200 | summarize events = count() | extend step = "5. participants authenticated")
| project step, events, percentOfInvitations = iff(invited == 0, real(null), round(100.0 * events / invited, 1))
| order by step asc
'''

// The ACS clients' lines: "SMS to … accepted by ACS as …", "Email to … refused by ACS with HTTP …", "SMS … not sent: …".
var channelOutcomes = '''
let sends = traces
| where message matches regex @"^(SMS|Email) (to |[^ ]+ not sent)"
| extend channel = extract(@"^(SMS|Email)", 1, message)
| extend outcome = case(
    message has "accepted by ACS" or message has "already has operation", "sent",
    message has "could not be reached", "retried: ACS out of reach",
    "failed");
'''

var deliveriesByChannel = '''
sends
| summarize count() by channel, outcome
| order by channel asc, outcome asc
'''

var failuresByChannel = '''
sends
| where outcome == "failed"
| summarize count() by channel, bin(timestamp, 1h)
| render timechart
'''

var queueOutcomes = '''
deliveryResults
| summarize count() by queue, outcome
| order by queue asc, outcome asc
'''

var latency = '''
appRequests
| where endpoint in (customerEndpoints)
| summarize requests = count(), p50Ms = round(percentile(duration, 50), 0), p95Ms = round(percentile(duration, 95), 0), errors5xx = countif(status >= 500) by endpoint
| order by requests desc
'''

var latencyOverTime = '''
appRequests
| where endpoint in (customerEndpoints)
| summarize p95Ms = percentile(duration, 95) by endpoint, bin(timestamp, 1h)
| render timechart
'''

// A code's delivery runs under the trace of the request that queued it, so its outcome line shares the request's operation_Id.
var codeSentDelay = '''
let asked = appRequests
| where endpoint in ("RequestOtp", "ResendOtp", "OpenJoinLink", "EnterWithoutCode") and status between (200 .. 299)
| project operation_Id, askedAt = timestamp, endpoint;
deliveryResults
| where queue == "otp-deliveries" and outcome == "Sent"
| project operation_Id, sentAt = timestamp
| join kind=inner asked on operation_Id
| extend seconds = (sentAt - askedAt) / 1s
| where seconds >= 0
| summarize codes = count(), p50Seconds = round(percentile(seconds, 50), 1), p95Seconds = round(percentile(seconds, 95), 1) by endpoint
'''

var serverErrors = '''
appRequests
| where status between (100 .. 599)
| summarize total = count(), errors = countif(status >= 500) by bin(timestamp, 15m)
| project timestamp, percent5xx = round(100.0 * errors / total, 2)
| render timechart
'''

var defaultRange = {
  durationMs: 86400000
}

// title, query, visualization, width (percent)
var tiles = [
  {
    title: 'Journeys per hour: sessions started, participants authenticated'
    query: '${appRequests}${journeys}'
    visualization: 'timechart'
    width: '100'
  }
  {
    title: 'Conversion: invitation to authenticated participant (counts of events, not of distinct people)'
    query: '${appRequests}${deliveryResults}${conversion}'
    visualization: 'table'
    width: '50'
  }
  {
    title: 'Delivery outcomes by queue (Sent / Failed / Skipped; -poison = retries given up)'
    query: '${deliveryResults}${queueOutcomes}'
    visualization: 'table'
    width: '50'
  }
  {
    title: 'Sends to ACS by channel (sent / failed / retried)'
    query: '${channelOutcomes}${deliveriesByChannel}'
    visualization: 'table'
    width: '50'
  }
  {
    title: 'Failed sends by channel per hour'
    query: '${channelOutcomes}${failuresByChannel}'
    visualization: 'timechart'
    width: '50'
  }
  {
    title: 'Customer endpoints: request duration p50 / p95 (ms)'
    query: '${appRequests}${latency}'
    visualization: 'table'
    width: '50'
  }
  {
    title: 'Customer endpoints: p95 duration per hour (ms)'
    query: '${appRequests}${latencyOverTime}'
    visualization: 'timechart'
    width: '50'
  }
  {
    title: 'From asking for a code to the code sent (seconds, by the request that asked)'
    query: '${appRequests}${deliveryResults}${codeSentDelay}'
    visualization: 'table'
    width: '50'
  }
  {
    title: '5xx answers (% of HTTP requests per 15 minutes)'
    query: '${appRequests}${serverErrors}'
    visualization: 'timechart'
    width: '50'
  }
]

var workbook = {
  version: 'Notebook/1.0'
  items: concat(
    [
      {
        type: 1
        name: 'intro'
        content: {
          json: '## OTP sessions\nJourneys, conversion, deliveries and latency from the app\'s requests and log lines. Counts are of events: a participant who opens a link twice counts twice.'
        }
      }
      {
        type: 9
        name: 'parameters'
        content: {
          version: 'KqlParameterItem/1.0'
          parameters: [
            {
              id: 'time-range'
              version: 'KqlParameterItem/1.0'
              name: 'TimeRange'
              label: 'Time range'
              type: 4
              isRequired: true
              value: defaultRange
              typeSettings: {
                allowCustom: true
                selectableValues: [
                  { durationMs: 3600000 }
                  { durationMs: 14400000 }
                  { durationMs: 86400000 }
                  { durationMs: 259200000 }
                  { durationMs: 604800000 }
                  { durationMs: 2592000000 }
                ]
              }
            }
          ]
          style: 'pills'
          queryType: 0
          resourceType: 'microsoft.insights/components'
        }
      }
    ],
    map(tiles, tile => {
      type: 3
      name: tile.title
      customWidth: tile.width
      content: {
        version: 'KqlItem/1.0'
        title: tile.title
        query: tile.query
        size: 0
        timeContext: defaultRange
        timeContextFromParameter: 'TimeRange'
        queryType: 0
        resourceType: 'microsoft.insights/components'
        visualization: tile.visualization
      }
    })
  )
  fallbackResourceIds: [
    applicationInsights.id
  ]
  '$schema': 'https://github.com/Microsoft/Application-Insights-Workbooks/blob/master/schema/workbook.json'
}

resource dashboard 'Microsoft.Insights/workbooks@2023-06-01' = {
  name: guid(applicationInsights.id, 'otp-sessions-workbook')
  location: location
  tags: tags
  kind: 'shared'
  properties: {
    displayName: displayName
    category: 'workbook'
    sourceId: applicationInsights.id
    serializedData: string(workbook)
  }
}

output workbookId string = dashboard.id
