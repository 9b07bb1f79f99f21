/**
 * linkClassOf (src/trace-check/alerts.ts) remembers the start of the last Defender for Cloud portal link it
 * took, to skip the pattern for links that share it: its answers must stay model/links.ts's, link after link,
 * whatever came before.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isMdcPortalLink, isXdrLink } from '../../model/links.ts';
import { LINK_NONE, LINK_OTHER, LINK_PORTAL, LINK_XDR, linkClassOf } from '../../src/trace-check/alerts.ts';

const starts = [
  'https://portal.azure.com/#blade/Microsoft_Azure_Security/AlertBlade/',
  'https://portal.azure.com/#blade/Microsoft_Azure_Security_AzureDefenderForData/AlertBlade/',
  'https://portal.azure.com/#blade/Microsoft_Azure_Security',
  'https://portal.azure.com/#blade/Microsoft_Azure_Security/AlertBlad/',
  'https://portal.azure.com/#blade/Microsoft_Azure_Security-x/AlertBlade/',
  'https://security.microsoft.com/',
  'https://security.microsoft.com',
  'http://portal.azure.com/#blade/Microsoft_Azure_Security/AlertBlade/',
  '',
];

function expected(link: string): number {
  if (link === '') return LINK_NONE;
  if (isMdcPortalLink(link)) return LINK_PORTAL;
  if (isXdrLink(link)) return LINK_XDR;
  return LINK_OTHER;
}

describe('linkClassOf', () => {
  it('should class every link as model/links.ts does, whatever links came before', () => {
    const link = fc
      .tuple(fc.constantFrom(...starts), fc.string({ maxLength: 8 }), fc.nat({ max: 70 }))
      .map(
        ([start, rest, cut]) => (cut < start.length && cut % 3 === 0 ? start.slice(0, cut) : start) + rest,
      );
    fc.assert(
      fc.property(fc.array(link, { minLength: 1, maxLength: 30 }), (links) => {
        for (const l of links) expect(linkClassOf(l)).toBe(expected(l));
      }),
    );
  });
});
