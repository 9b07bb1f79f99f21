export { KQL_BEHAVIOUR_IDS, type KqlQuery, kqlQueries } from './queries.ts';
export { KQL_TABLES, SECURITY_ALERT_SCHEMA, SECURITY_INCIDENT_SCHEMA } from './schema.ts';
