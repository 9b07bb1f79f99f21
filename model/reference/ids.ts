/**
 * Deterministic identifiers and display values for the reference simulator: Sentinel's SystemAlertId and
 * IncidentName (GUIDs the real service draws at random; here a hash of what they belong to), Defender XDR's
 * alert IDs, an alert's display name and the ARM resource it is about. Same input, same value.
 */

/** 32-bit FNV-1a of a text, from a given offset basis. */
function fnv1a(text: string, basis: number): number {
  let hash = basis >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

const BASES = [0x811c9dc5, 0x050c5d1f, 0x1b873593, 0x6a09e667] as const;

/**
 * Memoises a pure function of a text (the values below are asked for again and again: per row, per run,
 * and across runs of the same scenario). Bounded: cleared when full, so a long run does not grow it.
 */
function memoised(compute: (text: string) => string, limit = 50_000): (text: string) => string {
  const cache = new Map<string, string>();
  return (text) => {
    let value = cache.get(text);
    if (value === undefined) {
      value = compute(text);
      if (cache.size >= limit) cache.clear();
      cache.set(text, value);
    }
    return value;
  };
}

/**
 * Memoises a pure function of a text and a small whole number (an index or a count): per text, an array by
 * number, so asking again builds no key. Other numbers are computed each time. Bounded like memoised.
 */
function memoisedByIndex(
  compute: (text: string, index: number) => string,
  limit = 1_000,
): (text: string, index: number) => string {
  const cache = new Map<string, string[]>();
  return (text, index) => {
    if (!Number.isInteger(index) || index < 0 || index > 10_000) return compute(text, index);
    let values = cache.get(text);
    if (values === undefined) {
      if (cache.size >= limit) cache.clear();
      values = [];
      cache.set(text, values);
    }
    let value = values[index];
    if (value === undefined) {
      value = compute(text, index);
      values[index] = value;
    }
    return value;
  };
}

/** 32 hex digits derived from a text. */
function hex128(text: string): string {
  return BASES.map((basis) => fnv1a(text, basis).toString(16).padStart(8, '0')).join('');
}

/** A version-4-shaped GUID derived from a text. */
export const guidFrom: (text: string) => string = memoised(computeGuid);

function computeGuid(text: string): string {
  const hex = hex128(text);
  const variant = ((Number.parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    `4${hex.slice(13, 16)}`,
    `${variant}${hex.slice(17, 20)}`,
    hex.slice(20, 32),
  ].join('-');
}

/** Sentinel's SystemAlertId of an MDC alert: one per alert, shared by both connectors, opaque. */
export function systemAlertIdOf(guid: string): string {
  return systemAlertIdMemo(guid);
}

// Memoised by the GUID itself: the scenario's string, whose hash is kept, rather than a text built per call.
const systemAlertIdMemo = memoised((guid) => guidFrom(`SecurityAlert.SystemAlertId/${guid}`));

/** Sentinel's IncidentName (resource name) of an incident. */
export function incidentNameOf(tenantId: string, incidentNumber: number): string {
  return incidentNameMemo(tenantId, incidentNumber);
}

const incidentNameMemo = memoisedByIndex((tenantId, incidentNumber) =>
  guidFrom(`SecurityIncident.IncidentName/${tenantId}/${incidentNumber}`),
);

/** Defender XDR's ID of an MDC alert it received (MDC alerts carry the 'fa' prefix there). */
export function xdrAlertIdOf(guid: string): string {
  return xdrAlertIdMemo(guid);
}

const xdrAlertIdMemo = memoised((guid) => `fa${hex128(`xdr-alert/${guid}`).slice(0, 24)}`);

/**
 * A readable display name from an MDC detection type: `VM_SuspectExecutablePath` → 'Suspect executable
 * path'; MDC's sample alerts (`SIMULATED_…`) carry the '[SAMPLE ALERT]' prefix as in the portal.
 */
export function displayNameOf(alertType: string): string {
  return displayNameMemo(alertType);
}

const displayNameMemo = memoised(computeDisplayName);

function computeDisplayName(alertType: string): string {
  const sample = alertType.startsWith('SIMULATED_');
  const core = (sample ? alertType.slice('SIMULATED_'.length) : alertType).split('_').pop() ?? '';
  const words = core
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/\s+/)
    .filter((word) => word !== '');
  const text = words
    .map((word, i) => (i === 0 || /^[A-Z0-9]{2,}$/.test(word) ? word : word.toLowerCase()))
    .join(' ');
  const name = text === '' ? alertType : text.charAt(0).toUpperCase() + text.slice(1);
  return sample ? `[SAMPLE ALERT] ${name}` : name;
}

export const RESOURCE_GROUP = 'rg-workloads';

/** The ARM ID of the virtual machine an alert is about, in the alert's subscription. */
export function resourceIdOf(subscription: string, alertIndex: number): string {
  return resourceIdMemo(subscription, alertIndex);
}

const resourceIdMemo = memoisedByIndex(
  (subscription, alertIndex) =>
    `/subscriptions/${subscription}/resourceGroups/${RESOURCE_GROUP}` +
    `/providers/Microsoft.Compute/virtualMachines/vm-${alertIndex + 1}`,
);
