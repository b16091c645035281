// A small JSON Schema (2020-12) interpreter for the keywords shared/taxonomy.schema.json
// uses, reporting problems where the service's marshmallow schemas report them. Pure and
// table-driven: no eval or new Function (MV3's content security policy forbids both).
//
// Where JSON Schema leaves the report open, it follows marshmallow, so that paths match
// the service's exactly (tests/test_validate_js.py compares them):
// - a value of the wrong type gets that one problem, nothing about its length or items;
// - an array's own size (minItems, maxItems, uniqueItems) is judged only when every item
//   is valid, as marshmallow's List runs its validators only then;
// - a failed anyOf reports the problems of the one branch whose type fits the value (a
//   citation given as an object: the object's own fields), else one problem at the value;
// - strings are counted in code points (Python's len), and text (a string whose pattern
//   refuses control characters: the service's Text fields) is put in NFC first, as the
//   service checks it.
// Problems are `{path, message}` with paths as the service writes them
// (`categories[3].cautions[1]`).

const CONTROL_CLASS = "\\u0000-\\u0008";
const KNOWN = new Set([
  "$schema",
  "$defs",
  "$ref",
  "title",
  "description",
  "type",
  "enum",
  "const",
  "minLength",
  "maxLength",
  "pattern",
  "format",
  "minimum",
  "maximum",
  "items",
  "minItems",
  "maxItems",
  "uniqueItems",
  "properties",
  "required",
  "additionalProperties",
  "if",
  "then",
  "anyOf",
  "allOf",
  "not",
]);

/** A path (keys and indexes) as the service writes it; `_schema` names the object itself. */
export function formatPath(keys) {
  let text = "";
  for (const key of keys) {
    if (typeof key === "number") text += `[${key}]`;
    else if (key !== "_schema") text = text ? `${text}.${key}` : key;
  }
  return text;
}

export function isPlainObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Length in code points, as Python's len() counts (a surrogate pair is one). */
export function codePoints(text) {
  let count = 0;
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i += 1;
    }
    count += 1;
  }
  return count;
}

/** What a pattern asks for, in words: the text patterns are the service's (fields.py). */
function patternMessage(pattern, isText) {
  const words = /\{0,(\d+)\}\$$/.exec(pattern);
  if (isText && words) return `At most ${Number(words[1]) + 1} words of plain text.`;
  if (isText)
    return "Must be plain text: not blank, no control characters, no space at either end.";
  return `Must match ${pattern}.`;
}

/** JSON equality, for enum, const and uniqueItems. */
function equal(a, b) {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((item, i) => equal(item, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length &&
      keys.every((key) => Object.hasOwn(b, key) && equal(a[key], b[key]))
    );
  }
  return false;
}

const TYPES = {
  object: isPlainObject,
  array: Array.isArray,
  string: (value) => typeof value === "string",
  integer: (value) => typeof value === "number" && Number.isInteger(value),
  number: (value) => typeof value === "number" && Number.isFinite(value),
  boolean: (value) => typeof value === "boolean",
  null: (value) => value === null,
};

/** Every keyword a schema uses that this interpreter does not know (none, for ours). */
export function unknownKeywords(schema) {
  const found = new Set();
  const walk = (node) => {
    if (Array.isArray(node)) node.forEach(walk);
    if (!isPlainObject(node)) return;
    for (const [key, value] of Object.entries(node)) {
      if (!KNOWN.has(key)) found.add(key);
      if (key === "properties" || key === "$defs") Object.values(value).forEach(walk);
      else if (key !== "enum" && key !== "const" && key !== "required") walk(value);
    }
  };
  walk(schema);
  return [...found].sort();
}

/**
 * A validator for `root`: `(value) => [{path, message}]`. `options.formats` maps a
 * format name to `(string) => message | null`; `options.extra(keys)` may return another
 * such check for the strings at a place (the match patterns, which JSON Schema cannot
 * state); every format the schema names must be given.
 */
export function compile(root, options = {}) {
  const formats = options.formats ?? {};
  const extra = options.extra ?? (() => null);
  const patterns = new Map();

  function regex(source) {
    if (!patterns.has(source)) patterns.set(source, new RegExp(source, "u"));
    return patterns.get(source);
  }

  /** The schema a node stands for: `$ref`s followed (siblings of a `$ref` apply too). */
  function resolve(node) {
    let current = node;
    for (let hops = 0; current.$ref !== undefined; hops += 1) {
      const match = /^#\/\$defs\/([^/]+)$/.exec(current.$ref);
      const target = match && root.$defs?.[match[1]];
      if (!target || hops > 32) throw new Error(`cannot resolve ${current.$ref}`);
      const { $ref: _ref, ...siblings } = current;
      if (Object.keys(siblings).length) return { allOf: [target, siblings] };
      current = target;
    }
    return current;
  }

  function typeFits(node, value) {
    const resolved = resolve(node);
    if (resolved.type === undefined) return false;
    const types = Array.isArray(resolved.type) ? resolved.type : [resolved.type];
    return types.some((type) => TYPES[type]?.(value));
  }

  function check(node, value, keys, problems) {
    const before = problems.length;
    const fail = (message, at = keys) => problems.push({ keys: at, message });
    const schema = resolve(node);
    if (schema.type !== undefined && !typeFits(schema, value)) {
      const types = Array.isArray(schema.type) ? schema.type : [schema.type];
      fail(`Not a valid ${types.join(" or ")}.`);
      return false;
    }
    if (schema.enum !== undefined && !schema.enum.some((option) => equal(option, value))) {
      fail(`Must be one of: ${schema.enum.join(", ")}.`);
    }
    if (schema.const !== undefined && !equal(schema.const, value)) {
      fail(`Must be ${JSON.stringify(schema.const)}.`);
    }
    if (typeof value === "string") checkString(schema, value, keys, fail);
    if (typeof value === "number") checkNumber(schema, value, fail);
    if (Array.isArray(value)) checkArray(schema, value, keys, problems, fail);
    if (isPlainObject(value)) checkObject(schema, value, keys, problems, fail);
    checkCombinations(schema, value, keys, problems, fail);
    return problems.length === before;
  }

  function checkString(schema, value, keys, fail) {
    const isText = typeof schema.pattern === "string" && schema.pattern.includes(CONTROL_CLASS);
    const text = isText ? value.normalize("NFC") : value;
    const length = codePoints(text);
    if (schema.minLength !== undefined && length < schema.minLength) {
      fail(`Shorter than minimum length ${schema.minLength}.`);
    }
    if (schema.maxLength !== undefined && length > schema.maxLength) {
      fail(`Longer than maximum length ${schema.maxLength}.`);
    }
    if (schema.pattern !== undefined && !regex(schema.pattern).test(text)) {
      fail(patternMessage(schema.pattern, isText));
    }
    if (schema.format !== undefined) {
      const format = formats[schema.format];
      if (!format) throw new Error(`no check for the format ${schema.format}`);
      const message = format(value);
      if (message) fail(message);
    }
    const more = extra(keys);
    if (more) {
      const message = more(value);
      if (message) fail(message);
    }
  }

  function checkNumber(schema, value, fail) {
    if (schema.minimum !== undefined && value < schema.minimum) {
      fail(`Must be at least ${schema.minimum}.`);
    }
    if (schema.maximum !== undefined && value > schema.maximum) {
      fail(`Must be at most ${schema.maximum}.`);
    }
  }

  function checkArray(schema, value, keys, problems, fail) {
    let itemsOk = true;
    if (schema.items !== undefined) {
      value.forEach((item, index) => {
        if (!check(schema.items, item, [...keys, index], problems)) itemsOk = false;
      });
    }
    if (!itemsOk) return;
    if (schema.minItems !== undefined && value.length < schema.minItems) {
      fail(`Must have at least ${schema.minItems} items.`);
    }
    if (schema.maxItems !== undefined && value.length > schema.maxItems) {
      fail(`Must have at most ${schema.maxItems} items.`);
    }
    if (schema.uniqueItems && value.some((item, i) => value.findIndex((o) => equal(o, item)) < i)) {
      fail("Lists a value more than once.");
    }
  }

  function checkObject(schema, value, keys, problems, fail) {
    const properties = schema.properties ?? {};
    for (const [name, property] of Object.entries(properties)) {
      if (Object.hasOwn(value, name)) check(property, value[name], [...keys, name], problems);
    }
    for (const name of schema.required ?? []) {
      if (!Object.hasOwn(value, name)) fail("Missing data for required field.", [...keys, name]);
    }
    if (schema.additionalProperties === false) {
      for (const name of Object.keys(value)) {
        if (!Object.hasOwn(properties, name)) fail("Unknown field.", [...keys, name]);
      }
    }
  }

  function holds(node, value, keys) {
    return check(node, value, keys, []);
  }

  function checkCombinations(schema, value, keys, problems, fail) {
    if (schema.if !== undefined && holds(schema.if, value, keys) && schema.then !== undefined) {
      check(schema.then, value, keys, problems);
    }
    for (const part of schema.allOf ?? []) check(part, value, keys, problems);
    if (schema.not !== undefined && holds(schema.not, value, keys)) {
      fail("Matches a form that is not allowed.");
    }
    if (schema.anyOf !== undefined) checkAnyOf(schema.anyOf, value, keys, problems, fail);
  }

  function checkAnyOf(branches, value, keys, problems, fail) {
    const reports = branches.map((branch) => {
      const found = [];
      check(branch, value, keys, found);
      return found;
    });
    if (reports.some((found) => found.length === 0)) return;
    const fitting = branches.flatMap((branch, i) => (typeFits(branch, value) ? [i] : []));
    if (fitting.length === 1) {
      problems.push(...reports[fitting[0]]);
      return;
    }
    const required = branches.flatMap((branch) => resolve(branch).required ?? []);
    fail(
      required.length === branches.length
        ? `Give one of: ${required.join(", ")}.`
        : "Matches none of the allowed forms.",
    );
  }

  return (value) => {
    const problems = [];
    check(root, value, [], problems);
    return problems.map(({ keys, message }) => ({ path: formatPath(keys), message }));
  };
}
