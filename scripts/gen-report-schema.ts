/**
 * Writes docs/schema/report.schema.json from src/report/report-schema.ts. The file is committed for tools
 * that read report.json; test/report/report-schema.test.ts fails when it differs from what the module makes.
 * Run: npx tsx scripts/gen-report-schema.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { reportSchemaDocument } from '../src/report/report-schema.ts';

const dir = new URL('../docs/schema/', import.meta.url);
mkdirSync(dir, { recursive: true });
writeFileSync(new URL('report.schema.json', dir), reportSchemaDocument());
console.log('wrote docs/schema/report.schema.json');
