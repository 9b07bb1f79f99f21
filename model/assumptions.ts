/**
 * Bounds the article leaves open, named so reports and the model README can cite them. Each constant is
 * one ASSUME-… of model/README.md; the reference simulator draws within them and invariants judge with them.
 */
import { MINUTE } from './time.ts';

/** ASSUME-SUB-DELAY: the subscription connector delivers an MDC event within 10 minutes. */
export const SUB_DELAY_MAX_MS = 10 * MINUTE;
/** ASSUME-TENANT-DELAY: the tenant connector delivers an MDC event within 30 minutes. */
export const TENANT_DELAY_MAX_MS = 30 * MINUTE;
/** ASSUME-XDR-INCIDENT-DELAY: an XDR incident reaches Sentinel within 10 minutes of XDR creating it (docs: up to 10 minutes). */
export const XDR_INCIDENT_DELAY_MAX_MS = 10 * MINUTE;
/** ASSUME-SYNC-DELAY: bi-directional sync (a Sentinel rule incident → its MDC alert) lands within 5 minutes. */
export const SYNC_DELAY_MAX_MS = 5 * MINUTE;
/**
 * ASSUME-XDR-SYNC-DELAY: a sync through the XDR connector (Sentinel ⇄ XDR incident, and an XDR closure on to
 * the MDC alerts it holds) lands within 10 minutes: Microsoft's docs allow the XDR connector up to 10 minutes.
 */
export const XDR_SYNC_DELAY_MAX_MS = 10 * MINUTE;
/**
 * ASSUME-XDR-INGEST-DELAY: Defender XDR ingests an MDC alert within 5 minutes of its raise, and decides then
 * (by its MDC setting) whether it takes it. Neither the article nor the docs give a figure; 5 minutes is generous.
 */
export const XDR_INGEST_DELAY_MAX_MS = 5 * MINUTE;
/**
 * ASSUME-XDR-INCIDENT-CREATE-DELAY: Defender XDR creates the incident for an ingested alert within 5 minutes of
 * ingesting it. Not stated anywhere; generous.
 */
export const XDR_INCIDENT_CREATE_DELAY_MAX_MS = 5 * MINUTE;
/**
 * ASSUME-COVERAGE-AT-EVENT: a connector decides whether it takes an MDC event at some moment within 2 minutes
 * either side of the time MDC records for it (MDC's and the connectors' clocks are only known to the minute,
 * and a sync may be recorded in MDC after the connector saw it). A configuration change inside that window
 * leaves the event's outcome open. Not stated anywhere; chosen wider than the minute granularity.
 */
export const COVERAGE_WINDOW_MS = 2 * MINUTE;
/** ASSUME-RULE-DELAY: a Microsoft incident creation rule creates the incident within 2 minutes of the row. */
export const RULE_DELAY_MAX_MS = 2 * MINUTE;
/** ASSUME-TENANT-REPEATS: a repeat of the tenant connector lands within 30 minutes of its original. */
export const TENANT_REPEAT_GAP_MAX_MS = 30 * MINUTE;
/** ASSUME-SETTLE: the settle window must cover the longest causal chain of delays (sync → tenant → rule/XDR). */
export const SETTLE_MIN_MINUTES = 60;
/** ASSUME-TIME-TOLERANCE: timestamps compared for equality may differ by up to one second. */
export const TIME_TOLERANCE_MS = 1000;
