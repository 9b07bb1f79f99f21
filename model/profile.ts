/**
 * A profile says which of the real service's documented anomalies (quirks) an implementation may show,
 * and which merge variant it follows when Defender XDR correlates incidents: the article's (a new incident
 * takes all alerts, XDR-REDIRECT) or Microsoft's documentation's (one existing incident takes them,
 * DOC-MERGE-TARGET). See ASSUME-MERGE-VARIANT.
 */
export const QUIRK_IDS = [
  'Q-FUTURE-TIME',
  'Q-NON-UTC-STARTTIME',
  'Q-INCIDENT-BEFORE-ALERT',
  'Q-TENANT-REPEATS',
] as const;
export type QuirkId = (typeof QUIRK_IDS)[number];

export type MergeVariant = 'new-incident' | 'into-target';
export type ProfileName = 'ideal' | 'observed';

export interface Profile {
  name: ProfileName;
  allowedQuirks: readonly QuirkId[];
  merge: MergeVariant;
}

export const IDEAL: Profile = { name: 'ideal', allowedQuirks: [], merge: 'into-target' };
export const OBSERVED: Profile = { name: 'observed', allowedQuirks: QUIRK_IDS, merge: 'new-incident' };

export function profileByName(name: ProfileName): Profile {
  return name === 'ideal' ? IDEAL : OBSERVED;
}

export function allows(profile: Profile, quirk: QuirkId): boolean {
  return profile.allowedQuirks.includes(quirk);
}
