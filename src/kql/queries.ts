/**
 * KQL a SOC engineer runs in their own Log Analytics workspace, one query per behaviour that trace mode
 * checks. Each returns the rows that violate the behaviour (for a quirk: where it occurs; for a `must` whose
 * precondition is configuration, which the tables do not hold: where it shows), with the behaviour's ID in
 * the `BehaviourId` column, and evidence columns to name a witness. An empty result means no witness in the
 * time range the portal's picker sets. Each query starts with a comment naming the ID and its statement.
 *
 * Conventions shared with the model (model/rows.ts, model/links.ts, model/time.ts):
 * - an MDC row is one whose VendorOriginalId (newer rows) or SystemAlertId (older rows) is an MDC alert name
 *   `<reverseTicks>_<GUID>`; the GUID names the MDC alert;
 * - reverseTicks decodes to the UTC start: ticks = 3155378975999999999 − reverseTicks (100 ns since
 *   0001-01-01), µs since 1970 = (ticks − 621355968000000000) / 10; all in 64-bit long;
 * - the connector is read from AlertLink (ASSUME-ROUTE): the Defender for Cloud blade on portal.azure.com is
 *   the subscription connector, any https link on security.microsoft.com the tenant one (ASSUME-TENANT-LINK);
 * - XDR incidents: ProviderName 'Microsoft XDR', 'Microsoft 365 Defender' or 'Microsoft Defender XDR';
 *   Sentinel's own: 'Azure Sentinel' or 'AzureSentinel'; the redirect tag matches `redirect(ed)`, any case;
 * - times compared allow 1 s (ASSUME-TIME-TOLERANCE); an incident's current state is its latest row by
 *   LastModifiedTime.
 */
import { behaviour } from '../../model/spec/catalogue.ts';

export interface KqlQuery {
  id: string;
  title: string;
  query: string;
}

/** SecurityAlert rows of MDC alerts, with MdcName, MdcGuid. */
const MDC_ROWS = String.raw`SecurityAlert
| extend MdcName = case(
    VendorOriginalId matches regex @"^\d{18,19}_.+$", VendorOriginalId,
    SystemAlertId matches regex @"^\d{18,19}_.+$", SystemAlertId,
    "")
| where isnotempty(MdcName)
| extend MdcGuid = extract(@"^\d{18,19}_(.+)$", 1, MdcName)`;

/** The start time an MDC name encodes (UTC). */
const DECODED_START = String.raw`| extend DecodedStart = unixtime_microseconds_todatetime(
    (3155378975999999999 - tolong(extract(@"^(\d{18,19})_", 1, MdcName)) - 621355968000000000) / 10)`;

/** Which connector wrote a row, from its AlertLink. */
const CONNECTOR = String.raw`| extend Connector = case(
    AlertLink matches regex @"^https://portal\.azure\.com/#blade/Microsoft_Azure_Security[A-Za-z_]*/AlertBlade/", "subscription",
    AlertLink startswith "https://security.microsoft.com/", "tenant",
    "unknown")`;

/**
 * Whether StartTime is the decoded start shifted by a time-zone offset: a non-zero whole number of quarter
 * hours, at most 14 h, within 1 s (Q-NON-UTC-STARTTIME).
 */
const ZONE_SHIFT = `| extend ShiftSeconds = (StartTime - DecodedStart) / 1s
| extend ShiftQuarters = round(ShiftSeconds / 900.0)
| extend ZoneShifted = isnotnull(StartTime) and ShiftQuarters != 0 and abs(ShiftQuarters) <= 56
    and abs(ShiftSeconds - ShiftQuarters * 900.0) <= 1.0`;

const XDR_PROVIDERS = '("Microsoft XDR", "Microsoft 365 Defender", "Microsoft Defender XDR")';
const SENTINEL_PROVIDERS = '("Azure Sentinel", "AzureSentinel")';
const REDIRECT_LABEL = String.raw`tostring(Labels) matches regex @'(?i)"labelName"\s*:\s*"\s*redirect(ed)?\s*"'`;
/** Fusion puts alerts that have incidents of their own into one more incident: not a rule duplicate. */
const NOT_FUSION = 'not(tostring(RelatedAnalyticRuleIds) has "BuiltInFusion")';

function header(id: string, title: string, note: string): string {
  const entry = behaviour(id);
  return [
    `// ${id} (${entry.kind}): ${entry.says}`,
    `// Returns: ${title}.`,
    ...(note ? [`// ${note}`] : []),
  ].join('\n');
}

interface Definition {
  id: string;
  /** What the result rows are. */
  title: string;
  /** Optional second comment line: caveats. */
  note?: string;
  body: string;
}

const DEFINITIONS: Definition[] = [
  {
    id: 'ALERT-ID-STABLE',
    title: 'MDC alerts written under several SystemAlertIds, and SystemAlertIds shared by several MDC alerts',
    body: `let MdcRows = ${MDC_ROWS};
let SplitAlerts = MdcRows
| summarize SystemAlertIds = make_set(SystemAlertId, 50), Rows = count(), FirstSeen = min(TimeGenerated) by MdcGuid
| where array_length(SystemAlertIds) > 1
| extend Problem = "one MDC alert, several SystemAlertIds";
let SharedIds = MdcRows
| summarize MdcGuids = make_set(MdcGuid, 50), Rows = count(), FirstSeen = min(TimeGenerated) by SystemAlertId
| where array_length(MdcGuids) > 1
| extend Problem = "one SystemAlertId, several MDC alerts";
union SplitAlerts, SharedIds
| extend BehaviourId = "ALERT-ID-STABLE"
| project BehaviourId, Problem, MdcGuid, SystemAlertId, SystemAlertIds, MdcGuids, Rows, FirstSeen`,
  },
  {
    id: 'ALERT-STATUS-NEW-ROW',
    title:
      "MDC alert rows that carry an open status (New, InProgress) after the same connector's earlier row of the alert said it was closed (Resolved, Dismissed)",
    note: 'A later row with an older status means the latest row does not carry the current status (unless MDC reopened the alert, which is not documented).',
    body: `${MDC_ROWS}
${CONNECTOR}
| sort by SystemAlertId asc, Connector asc, TimeGenerated asc
| extend PrevId = prev(SystemAlertId), PrevConnector = prev(Connector), PrevStatus = prev(Status), PrevTime = prev(TimeGenerated)
| where PrevId == SystemAlertId and PrevConnector == Connector
    and PrevStatus in ("Resolved", "Dismissed") and Status in ("New", "InProgress")
| extend BehaviourId = "ALERT-STATUS-NEW-ROW"
| project BehaviourId, SystemAlertId, MdcName, Connector, PrevTime, PrevStatus, TimeGenerated, Status, AlertLink`,
  },
  {
    id: 'RULE-ONE-INCIDENT',
    title:
      'MDC alerts (by SystemAlertId) that sit in more than one Azure Sentinel incident (Fusion incidents aside)',
    body: `let MdcAlertIds = ${MDC_ROWS}
| distinct SystemAlertId;
SecurityIncident
| where ProviderName in ${SENTINEL_PROVIDERS} and ${NOT_FUSION}
| mv-expand AlertId = AlertIds to typeof(string)
| where AlertId in (MdcAlertIds)
| summarize Incidents = make_set(IncidentNumber, 50), IncidentNames = make_set(IncidentName, 50), FirstSeen = min(TimeGenerated) by AlertId
| where array_length(Incidents) > 1
| extend BehaviourId = "RULE-ONE-INCIDENT"
| project BehaviourId, AlertId, Incidents, IncidentNames, FirstSeen`,
  },
  {
    id: 'DOC-RULES-ONE-INCIDENT',
    title:
      "alerts of Microsoft security products (not Sentinel's own analytics) that sit in more than one Azure Sentinel incident (Fusion incidents aside)",
    body: `let ProductAlertIds = SecurityAlert
| where ProductName != "Azure Sentinel" and ProviderName !in ("ASI Scheduled Alerts", "CustomAlertRule")
| distinct SystemAlertId;
SecurityIncident
| where ProviderName in ${SENTINEL_PROVIDERS} and ${NOT_FUSION}
| mv-expand AlertId = AlertIds to typeof(string)
| where AlertId in (ProductAlertIds)
| summarize Incidents = make_set(IncidentNumber, 50), IncidentNames = make_set(IncidentName, 50), FirstSeen = min(TimeGenerated) by AlertId
| where array_length(Incidents) > 1
| extend BehaviourId = "DOC-RULES-ONE-INCIDENT"
| project BehaviourId, AlertId, Incidents, IncidentNames, FirstSeen`,
  },
  {
    id: 'DOC-INCIDENT-APPEND-ONLY',
    title:
      'incidents whose rows disagree on IncidentName or CreatedTime, and incident names used by more than one IncidentNumber',
    body: `let ByNumber = SecurityIncident
| summarize IncidentNames = make_set(IncidentName, 20), CreatedTimes = make_set(CreatedTime, 20), Rows = count() by TenantId, IncidentNumber
| where array_length(IncidentNames) > 1 or array_length(CreatedTimes) > 1
| extend Problem = iff(array_length(IncidentNames) > 1, "rows of one IncidentNumber carry several IncidentNames", "rows of one incident carry several CreatedTimes");
let ByName = SecurityIncident
| where isnotempty(IncidentName)
| summarize IncidentNumbers = make_set(IncidentNumber, 20), Rows = count() by TenantId, IncidentName
| where array_length(IncidentNumbers) > 1
| extend Problem = "one IncidentName, several IncidentNumbers";
union ByNumber, ByName
| extend BehaviourId = "DOC-INCIDENT-APPEND-ONLY"
| project BehaviourId, Problem, TenantId, IncidentNumber, IncidentName, IncidentNames, IncidentNumbers, CreatedTimes, Rows`,
  },
  {
    id: 'XDR-REDIRECT',
    title:
      'incidents tagged Redirected whose latest row is not Closed, and redirected incidents whose alerts no single other (unredirected) XDR incident now holds',
    body: `let Latest = SecurityIncident
| summarize arg_max(LastModifiedTime, *) by TenantId, IncidentNumber
| extend Redirected = ${REDIRECT_LABEL};
let NotClosed = Latest
| where Redirected and Status != "Closed"
| extend Problem = "tagged Redirected but not closed", Missing = long(null);
let Moved = SecurityIncident
| join kind=leftsemi (Latest | where Redirected) on TenantId, IncidentNumber
| mv-expand AlertId = AlertIds to typeof(string)
| where isnotempty(AlertId)
| distinct TenantId, Source = IncidentNumber, AlertId;
let Held = Latest
| where not(Redirected) and ProviderName in ${XDR_PROVIDERS}
| mv-expand AlertId = AlertIds to typeof(string)
| distinct TenantId, Holder = IncidentNumber, AlertId;
let Totals = Moved | summarize Total = dcount(AlertId) by TenantId, Source;
let Best = Moved
| join kind=inner Held on TenantId, AlertId
| where Holder != Source
| summarize Matched = dcount(AlertId) by TenantId, Source, Holder
| summarize BestHeld = max(Matched) by TenantId, Source;
let Unheld = Totals
| join kind=leftouter Best on TenantId, Source
| extend Missing = Total - coalesce(BestHeld, 0)
| where Missing > 0
| project TenantId, IncidentNumber = Source, Missing, Problem = "no single other incident holds all of its alerts";
union NotClosed, Unheld
| extend BehaviourId = "XDR-REDIRECT"
| project BehaviourId, Problem, TenantId, IncidentNumber, IncidentName, Status, Labels, Missing`,
  },
  {
    id: 'XDR-DUPLICATE-INCIDENTS',
    title:
      'alerts held both by an XDR incident and by an Azure Sentinel incident (Fusion aside): where the behaviour shows, i.e. a Microsoft incident creation rule runs beside the XDR connector',
    note: 'The tables do not say whether a rule is on, so no row here is no violation (see ADV-NO-RULE-WITH-XDR).',
    body: `SecurityIncident
| where ProviderName in ${XDR_PROVIDERS} or (ProviderName in ${SENTINEL_PROVIDERS} and ${NOT_FUSION})
| extend Side = iff(ProviderName in ${XDR_PROVIDERS}, "xdr", "sentinel")
| mv-expand AlertId = AlertIds to typeof(string)
| where isnotempty(AlertId)
| summarize XdrIncidents = make_set_if(IncidentNumber, Side == "xdr", 20), SentinelIncidents = make_set_if(IncidentNumber, Side == "sentinel", 20), FirstSeen = min(TimeGenerated) by AlertId
| where array_length(XdrIncidents) > 0 and array_length(SentinelIncidents) > 0
| extend BehaviourId = "XDR-DUPLICATE-INCIDENTS"
| project BehaviourId, AlertId, XdrIncidents, SentinelIncidents, FirstSeen`,
  },
  {
    id: 'XDR-EMPTY-WITHOUT-MDC-CONNECTOR',
    title:
      'XDR incidents whose latest row holds no alert that has a SecurityAlert row: where the behaviour shows (no MDC connector brought the alerts)',
    note: 'The tables do not say which connectors are on; an incident that is empty only for a while is Q-INCIDENT-BEFORE-ALERT.',
    body: `let AlertIdsSeen = SecurityAlert | distinct SystemAlertId;
let Latest = SecurityIncident
| where ProviderName in ${XDR_PROVIDERS}
| summarize arg_max(LastModifiedTime, *) by TenantId, IncidentNumber;
let Backed = Latest
| mv-expand AlertId = AlertIds to typeof(string)
| where AlertId in (AlertIdsSeen)
| distinct TenantId, IncidentNumber;
Latest
| join kind=leftanti Backed on TenantId, IncidentNumber
| extend BehaviourId = "XDR-EMPTY-WITHOUT-MDC-CONNECTOR", AlertCount = array_length(AlertIds), AlertProducts = tostring(AdditionalData.alertProductNames)
| project BehaviourId, TenantId, IncidentNumber, IncidentName, ProviderIncidentId, Title, Status, AlertCount, AlertIds, AlertProducts, LastModifiedTime`,
  },
  {
    id: 'SUB-LINK',
    title:
      "MDC alert rows whose AlertLink is neither connector's (so the subscription connector's link is missing or wrong), and Defender for Cloud links that point at another alert",
    body: `${MDC_ROWS}
${CONNECTOR}
| extend LinkedAlert = extract(@"/AlertBlade/alertId/([^/]+)/", 1, AlertLink)
| where Connector == "unknown" or (Connector == "subscription" and LinkedAlert != MdcName)
| extend Problem = iff(Connector == "unknown", "AlertLink is neither a Defender for Cloud nor a Defender XDR link", "the Defender for Cloud link names another alert")
| extend BehaviourId = "SUB-LINK"
| project BehaviourId, Problem, TimeGenerated, SystemAlertId, MdcName, AlertLink`,
  },
  {
    id: 'TEN-LINK',
    title:
      "MDC alert rows whose AlertLink is neither connector's (so the tenant connector's link is missing or wrong), and Defender XDR links not in https form",
    body: `${MDC_ROWS}
${CONNECTOR}
| where Connector == "unknown"
| extend Problem = iff(AlertLink has "security.microsoft.com", "a Defender XDR link that is not https://security.microsoft.com/…", "AlertLink is neither a Defender for Cloud nor a Defender XDR link")
| extend BehaviourId = "TEN-LINK"
| project BehaviourId, Problem, TimeGenerated, SystemAlertId, MdcName, AlertLink`,
  },
  {
    id: 'DOC-TIME-ORDER',
    title:
      'SecurityAlert rows where StartTime ≤ EndTime ≤ ProcessingEndTime ≤ TimeGenerated fails by more than 1 s (empty times skipped), unless the row is a Q-FUTURE-TIME or Q-NON-UTC-STARTTIME occurrence',
    body: String.raw`SecurityAlert
| extend MdcName = case(
    VendorOriginalId matches regex @"^\d{18,19}_.+$", VendorOriginalId,
    SystemAlertId matches regex @"^\d{18,19}_.+$", SystemAlertId,
    "")
${DECODED_START}
${ZONE_SHIFT}
| extend FutureTime = isnotempty(MdcName) and DecodedStart > TimeGenerated + 1s
| extend Explained = isnotempty(MdcName) and (FutureTime or ZoneShifted)
| extend Broken = case(
    StartTime > EndTime + 1s, "StartTime > EndTime",
    EndTime > ProcessingEndTime + 1s, "EndTime > ProcessingEndTime",
    ProcessingEndTime > TimeGenerated + 1s, "ProcessingEndTime > TimeGenerated",
    StartTime > TimeGenerated + 1s, "StartTime > TimeGenerated",
    EndTime > TimeGenerated + 1s, "EndTime > TimeGenerated",
    StartTime > ProcessingEndTime + 1s, "StartTime > ProcessingEndTime",
    "")
| where isnotempty(Broken) and not(Explained)
| extend BehaviourId = "DOC-TIME-ORDER"
| project BehaviourId, Broken, SystemAlertId, StartTime, EndTime, ProcessingEndTime, TimeGenerated, ProviderName, ProductName`,
  },
  {
    id: 'DOC-MDC-NAME-ENCODES-START',
    title:
      'MDC alert rows whose StartTime differs by more than 1 s from the start their name encodes, other than by a time-zone offset (those are Q-NON-UTC-STARTTIME)',
    body: `${MDC_ROWS}
${DECODED_START}
| where isnotnull(StartTime)
${ZONE_SHIFT}
| where abs(ShiftSeconds) > 1.0 and not(ZoneShifted)
| extend BehaviourId = "DOC-MDC-NAME-ENCODES-START"
| project BehaviourId, TimeGenerated, SystemAlertId, MdcName, DecodedStart, StartTime, ShiftSeconds`,
  },
  {
    id: 'Q-NON-UTC-STARTTIME',
    title:
      'MDC alert rows whose StartTime is the start their name encodes shifted by a time-zone offset (a non-zero whole number of quarter hours, at most 14 h, within 1 s)',
    body: `${MDC_ROWS}
${DECODED_START}
| where isnotnull(StartTime)
${ZONE_SHIFT}
| where ZoneShifted
${CONNECTOR}
| extend BehaviourId = "Q-NON-UTC-STARTTIME", OffsetHours = ShiftQuarters / 4.0
| project BehaviourId, TimeGenerated, SystemAlertId, MdcName, DecodedStart, StartTime, OffsetHours, Connector`,
  },
  {
    id: 'Q-FUTURE-TIME',
    title:
      'MDC alert rows whose encoded start (the alert name) lies more than 1 s after the row was written (TimeGenerated)',
    body: `${MDC_ROWS}
${DECODED_START}
| where DecodedStart > TimeGenerated + 1s
| extend BehaviourId = "Q-FUTURE-TIME", AheadBy = DecodedStart - TimeGenerated
| project BehaviourId, TimeGenerated, SystemAlertId, MdcName, DecodedStart, StartTime, AheadBy`,
  },
  {
    id: 'Q-TENANT-REPEATS',
    title:
      "tenant-connector rows of an MDC alert that repeat the status of that connector's previous row of the alert",
    body: `${MDC_ROWS}
${CONNECTOR}
| where Connector == "tenant"
| sort by SystemAlertId asc, TimeGenerated asc
| extend PrevId = prev(SystemAlertId), PrevStatus = prev(Status), PrevTime = prev(TimeGenerated)
| where PrevId == SystemAlertId and PrevStatus == Status
| extend BehaviourId = "Q-TENANT-REPEATS"
| project BehaviourId, SystemAlertId, MdcName, Status, PrevTime, TimeGenerated, AlertLink`,
  },
  {
    id: 'Q-INCIDENT-BEFORE-ALERT',
    title:
      "(XDR incident, alert) pairs where the incident's first row was written before the alert's first SecurityAlert row",
    body: `let AlertFirst = SecurityAlert
| summarize AlertFirstSeen = min(TimeGenerated) by SystemAlertId;
let Xdr = SecurityIncident
| where ProviderName in ${XDR_PROVIDERS};
let IncidentFirst = Xdr
| summarize IncidentFirstSeen = min(TimeGenerated) by TenantId, IncidentNumber;
Xdr
| mv-expand AlertId = AlertIds to typeof(string)
| where isnotempty(AlertId)
| distinct TenantId, IncidentNumber, AlertId
| join kind=inner IncidentFirst on TenantId, IncidentNumber
| join kind=inner AlertFirst on $left.AlertId == $right.SystemAlertId
| where IncidentFirstSeen < AlertFirstSeen
| extend BehaviourId = "Q-INCIDENT-BEFORE-ALERT", AlertLag = AlertFirstSeen - IncidentFirstSeen
| project BehaviourId, TenantId, IncidentNumber, AlertId, IncidentFirstSeen, AlertFirstSeen, AlertLag`,
  },
];

/** The KQL queries, one per behaviour that trace mode checks, in catalogue order of the list above. */
export function kqlQueries(): { id: string; title: string; query: string }[] {
  return DEFINITIONS.map((d) => ({
    id: d.id,
    title: d.title,
    query: `${header(d.id, d.title, d.note ?? '')}\n${d.body}\n`,
  }));
}

/** The IDs the queries cover. */
export const KQL_BEHAVIOUR_IDS: readonly string[] = DEFINITIONS.map((d) => d.id);
