import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ARTICLE, CATALOGUE } from '../model/spec/catalogue.ts';
import { parseSpec } from '../scripts/spec-parse.ts';

const SPEC = new URL('../../shared/spec/behaviours.md', import.meta.url);
const ARTICLE_FILE = new URL(`../../shared/seed/${ARTICLE.file}`, import.meta.url);
const haveSpec = existsSync(SPEC);
const haveArticle = existsSync(ARTICLE_FILE);
if (!haveSpec)
  console.warn(
    'NOTICE: ../shared/spec/behaviours.md is absent: the catalogue is not compared with the spec.',
  );
if (!haveArticle)
  console.warn('NOTICE: the article is absent in ../shared/seed/: quotes are not checked against it.');

describe('the behaviour catalogue', () => {
  it('should hold 50 behaviours with unique IDs', () => {
    expect(CATALOGUE).toHaveLength(50);
    expect(new Set(CATALOGUE.map((b) => b.id)).size).toBe(50);
  });

  it('should cite a line and a quote for every behaviour from the article', () => {
    for (const entry of CATALOGUE.filter((b) => b.source === 'article')) {
      expect(entry.line, entry.id).toBeGreaterThan(0);
      expect(entry.quote.length, entry.id).toBeGreaterThan(10);
    }
  });

  it.skipIf(!haveSpec)('should agree with the spec, entry by entry', () => {
    expect(parseSpec(readFileSync(SPEC, 'utf8'))).toEqual(CATALOGUE);
  });

  it.skipIf(!haveArticle)('should pin the article by its SHA-256', () => {
    expect(createHash('sha256').update(readFileSync(ARTICLE_FILE)).digest('hex')).toBe(ARTICLE.sha256);
  });

  it.skipIf(!haveArticle)('should find every quote verbatim on its line of the article', () => {
    const lines = readFileSync(ARTICLE_FILE, 'utf8').split('\n');
    for (const entry of CATALOGUE.filter((b) => b.line !== null)) {
      expect(lines[(entry.line ?? 0) - 1], entry.id).toContain(entry.quote);
    }
  });
});
