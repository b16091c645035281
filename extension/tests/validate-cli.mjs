// Reads a JSON array of taxonomy documents on stdin and prints, as a JSON array, what
// validate.js says about each: `{ok: true}` or `{ok: false, problems: [{path, message}]}`.
// tests/test_validate_js.py runs it to compare the JavaScript and Python validators.
import fs from "node:fs";

import { validateTaxonomy } from "../lib/validate.js";

const documents = JSON.parse(fs.readFileSync(0, "utf8"));
if (!Array.isArray(documents)) throw new Error("stdin must hold a JSON array of documents");
process.stdout.write(JSON.stringify(documents.map((document) => validateTaxonomy(document))));
