/**
 * Bounds the article leaves open, named so reports and the model README can cite them. Each constant is
 * one ASSUME-… of model/README.md; the reference simulator draws within them and invariants judge with them.
 */
import { MINUTE } from './time.ts';

/** ASSUME-SUB-DELAY: the subscription connector delivers an MDC event within 10 minutes. */
export const SUB_DELAY_MAX_MS = 10 * MINUTE;
/** ASSUME-TENANT-DELAY: the tenant connector delivers an MDC event within 30 minutes. */
export const TENANT_DELAY_MAX_MS = 30 * MINUTE;
/** ASSUME-XDR-INCIDENT-DELAY: an XDR incident reaches Sentinel within 10 minutes of its alert reaching XDR. */
export const XDR_INCIDENT_DELAY_MAX_MS = 10 * MINUTE;
/** ASSUME-SYNC-DELAY: any sync (Sentinel incident → MDC alert, Sentinel ⇄ XDR incident) lands within 5 minutes. */
export const SYNC_DELAY_MAX_MS = 5 * MINUTE;
/** ASSUME-RULE-DELAY: a Microsoft incident creation rule creates the incident within 2 minutes of the row. */
export const RULE_DELAY_MAX_MS = 2 * MINUTE;
/** ASSUME-TENANT-REPEATS: a repeat of the tenant connector lands within 30 minutes of its original. */
export const TENANT_REPEAT_GAP_MAX_MS = 30 * MINUTE;
/** ASSUME-SETTLE: the settle window must cover the longest causal chain of delays (sync → tenant → rule/XDR). */
export const SETTLE_MIN_MINUTES = 60;
/** ASSUME-TIME-TOLERANCE: timestamps compared for equality may differ by up to one second. */
export const TIME_TOLERANCE_MS = 1000;
