/**
 * The two tables as Log Analytics declares them (domain-facts §1.1, §1.2), in Kusto's schema syntax: what the
 * KQL queries are analysed against. Column types are the real ones: datetimes are datetime, Labels / AlertIds
 * and the other bags of SecurityIncident are dynamic, IncidentNumber is int.
 */

export const SECURITY_ALERT_SCHEMA =
  '(TenantId:string, TimeGenerated:datetime, DisplayName:string, AlertName:string, AlertSeverity:string, ' +
  'Description:string, ProviderName:string, VendorName:string, VendorOriginalId:string, SystemAlertId:string, ' +
  'ResourceId:string, SourceComputerId:string, AlertType:string, ConfidenceLevel:string, ConfidenceScore:real, ' +
  'IsIncident:bool, StartTime:datetime, EndTime:datetime, ProcessingEndTime:datetime, RemediationSteps:string, ' +
  'ExtendedProperties:string, Entities:string, SourceSystem:string, WorkspaceSubscriptionId:string, ' +
  'WorkspaceResourceGroup:string, ExtendedLinks:string, ProductName:string, ProductComponentName:string, ' +
  'AlertLink:string, Status:string, CompromisedEntity:string, Tactics:string, Techniques:string, ' +
  'SubTechniques:string, Type:string)';

export const SECURITY_INCIDENT_SCHEMA =
  '(TenantId:string, TimeGenerated:datetime, IncidentName:string, IncidentNumber:int, Title:string, ' +
  'Description:string, Severity:string, Status:string, Classification:string, ClassificationReason:string, ' +
  'ClassificationComment:string, Owner:dynamic, ProviderName:string, ProviderIncidentId:string, ' +
  'FirstActivityTime:datetime, LastActivityTime:datetime, CreatedTime:datetime, FirstModifiedTime:datetime, ' +
  'LastModifiedTime:datetime, ClosedTime:datetime, AlertIds:dynamic, BookmarkIds:dynamic, Comments:dynamic, ' +
  'Tasks:dynamic, Labels:dynamic, RelatedAnalyticRuleIds:dynamic, IncidentUrl:string, AdditionalData:dynamic, ' +
  'ModifiedBy:string, SourceSystem:string, Type:string)';

export const KQL_TABLES: readonly { name: string; schema: string }[] = [
  { name: 'SecurityAlert', schema: SECURITY_ALERT_SCHEMA },
  { name: 'SecurityIncident', schema: SECURITY_INCIDENT_SCHEMA },
];
