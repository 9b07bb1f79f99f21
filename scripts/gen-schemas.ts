/**
 * Writes docs/schema/*.schema.json from model/schema.ts. The files are committed for implementers in
 * other languages; test/protocol/schema-files.test.ts fails when they differ from what the module makes.
 * Run: npx tsx scripts/gen-schemas.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { schemaDocuments } from '../model/schema.ts';

const dir = new URL('../docs/schema/', import.meta.url);
mkdirSync(dir, { recursive: true });
for (const [file, text] of Object.entries(schemaDocuments())) {
  writeFileSync(new URL(file, dir), text);
  console.log(`wrote docs/schema/${file}`);
}
