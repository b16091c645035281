// Written by scripts/build_extension.py from shared/taxonomy.schema.json and
// shared/taxonomy-rules.json: do not edit (tests/test_build_extension.py fails
// while this copy differs; `python scripts/build_extension.py
// --update-schema-module` writes it again).
export const TAXONOMY_SCHEMA = {
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "title": "Digital Practice Guide taxonomy",
  "description": "Guidance categories, cautions, references and site rules (schema_version 2). The rules between items (ids resolve and are unique, dates in order, jurisdictions form a tree) are in taxonomy-rules.json; documents are at most 2 MiB.",
  "type": "object",
  "properties": {
    "schema_version": {
      "type": "integer",
      "enum": [
        2
      ]
    },
    "meta": {
      "$ref": "#/$defs/Meta"
    },
    "jurisdictions": {
      "type": "array",
      "minItems": 0,
      "maxItems": 50,
      "items": {
        "$ref": "#/$defs/Jurisdiction"
      }
    },
    "profiles": {
      "type": "array",
      "minItems": 0,
      "maxItems": 20,
      "items": {
        "$ref": "#/$defs/Profile"
      }
    },
    "groups": {
      "type": "array",
      "minItems": 2,
      "maxItems": 10,
      "items": {
        "$ref": "#/$defs/Group"
      }
    },
    "categories": {
      "type": "array",
      "minItems": 1,
      "maxItems": 50,
      "items": {
        "$ref": "#/$defs/Category"
      }
    },
    "cautions": {
      "type": "array",
      "minItems": 1,
      "maxItems": 1000,
      "items": {
        "$ref": "#/$defs/Caution"
      }
    },
    "references": {
      "type": "array",
      "minItems": 1,
      "maxItems": 1000,
      "items": {
        "$ref": "#/$defs/Reference"
      }
    },
    "sites": {
      "type": "array",
      "minItems": 0,
      "maxItems": 5000,
      "items": {
        "$ref": "#/$defs/Site"
      }
    }
  },
  "required": [
    "categories",
    "cautions",
    "groups",
    "jurisdictions",
    "meta",
    "profiles",
    "references",
    "schema_version",
    "sites"
  ],
  "additionalProperties": false,
  "$defs": {
    "Meta": {
      "type": "object",
      "properties": {
        "title": {
          "type": "string",
          "minLength": 1,
          "maxLength": 120,
          "pattern": "^(?:[^\\t\\n\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f](?:[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]*[^\\t\\n\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f])?)$"
        },
        "publisher": {
          "type": "string",
          "minLength": 1,
          "maxLength": 120,
          "pattern": "^(?:[^\\t\\n\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f](?:[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]*[^\\t\\n\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f])?)$"
        },
        "reviewed": {
          "type": "string",
          "format": "date"
        },
        "next_review": {
          "type": "string",
          "format": "date"
        },
        "language": {
          "type": "string",
          "pattern": "^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$"
        },
        "notice": {
          "type": "string",
          "minLength": 1,
          "maxLength": 600,
          "pattern": "^(?:[^\\t\\n\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f](?:[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]*[^\\t\\n\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f])?)$"
        }
      },
      "required": [
        "language",
        "publisher",
        "reviewed",
        "title"
      ],
      "additionalProperties": false
    },
    "EmergencyContact": {
      "type": "object",
      "properties": {
        "name": {
          "type": "string",
          "minLength": 1,
          "maxLength": 80,
          "pattern": "^(?:[^\\t\\n\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f](?:[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]*[^\\t\\n\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f])?)$"
        },
        "number": {
          "type": "string",
          "minLength": 2,
          "maxLength": 20,
          "pattern": "^\\+?[0-9](?:[0-9 ]*[0-9])?$"
        },
        "when": {
          "type": "string",
          "minLength": 1,
          "maxLength": 200,
          "pattern": "^(?:[^\\t\\n\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f](?:[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]*[^\\t\\n\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f])?)$"
        }
      },
      "required": [
        "name",
        "number",
        "when"
      ],
      "additionalProperties": false
    },
    "Jurisdiction": {
      "type": "object",
      "properties": {
        "id": {
          "type": "string",
          "minLength": 1,
          "maxLength": 64,
          "pattern": "^[a-z0-9]+(?:-[a-z0-9]+)*$"
        },
        "name": {
          "type": "string",
          "minLength": 1,
          "maxLength": 80,
          "pattern": "^(?:[^\\t\\n\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f](?:[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]*[^\\t\\n\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f])?)$"
        },
        "parent": {
          "type": "string",
          "minLength": 1,
          "maxLength": 64,
          "pattern": "^[a-z0-9]+(?:-[a-z0-9]+)*$"
        },
        "emergency": {
          "type": "array",
          "minItems": 0,
          "maxItems": 8,
          "items": {
            "$ref": "#/$defs/EmergencyContact"
          }
        }
      },
      "required": [
        "id",
        "name"
      ],
      "additionalProperties": false
    },
    "Profile": {
      "type": "object",
      "properties": {
        "id": {
          "type": "string",
          "minLength": 1,
          "maxLength": 64,
          "pattern": "^[a-z0-9]+(?:-[a-z0-9]+)*$"
        },
        "question": {
          "type": "string",
          "minLength": 1,
          "maxLength": 200,
          "pattern": "^(?:[^\\t\\n\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f](?:[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]*[^\\t\\n\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f])?)$"
        },
        "help": {
          "type": "string",
          "minLength": 1,
          "maxLength": 400,
          "pattern": "^(?:[^\\t\\n\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f](?:[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]*[^\\t\\n\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f])?)$"
        }
      },
      "required": [
        "id",
        "question"
      ],
      "additionalProperties": false
    },
    "Group": {
      "type": "object",
      "properties": {
        "id": {
          "type": "string",
          "minLength": 1,
          "maxLength": 64,
          "pattern": "^[a-z0-9]+(?:-[a-z0-9]+)*$"
        },
        "name": {
          "type": "string",
          "minLength": 1,
          "maxLength": 80,
          "pattern": "^(?:[^\\t\\n\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f](?:[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]*[^\\t\\n\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f])?)$"
        },
        "description": {
          "type": "string",
          "minLength": 1,
          "maxLength": 400,
          "pattern": "^(?:[^\\t\\n\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f](?:[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]*[^\\t\\n\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f])?)$"
        }
      },
      "required": [
        "description",
        "id",
        "name"
      ],
      "additionalProperties": false
    },
    "Citation": {
      "type": "object",
      "properties": {
        "ref": {
          "type": "string",
          "minLength": 1,
          "maxLength": 64,
          "pattern": "^[a-z0-9]+(?:-[a-z0-9]+)*$"
        },
        "section": {
          "type": "string",
          "minLength": 1,
          "maxLength": 60,
          "pattern": "^(?:[^\\t\\n\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f](?:[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]*[^\\t\\n\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f])?)$"
        }
      },
      "required": [
        "ref",
        "section"
      ],
      "additionalProperties": false
    },
    "Category": {
      "type": "object",
      "properties": {
        "id": {
          "type": "string",
          "minLength": 1,
          "maxLength": 64,
          "pattern": "^[a-z0-9]+(?:-[a-z0-9]+)*$"
        },
        "name": {
          "type": "string",
          "minLength": 1,
          "maxLength": 80,
          "pattern": "^(?:[^\\t\\n\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f](?:[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]*[^\\t\\n\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f])?)$"
        },
        "groups": {
          "type": "array",
          "minItems": 1,
          "maxItems": 4,
          "items": {
            "type": "string",
            "minLength": 1,
            "maxLength": 64,
            "pattern": "^[a-z0-9]+(?:-[a-z0-9]+)*$"
          }
        },
        "mode": {
          "type": "string",
          "enum": [
            "synchronous",
            "asynchronous",
            "both"
          ]
        },
        "mode_note": {
          "type": "string",
          "minLength": 1,
          "maxLength": 200,
          "pattern": "^(?:[^\\t\\n\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f](?:[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]*[^\\t\\n\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f])?)$"
        },
        "summary": {
          "type": "string",
          "minLength": 1,
          "maxLength": 600,
          "pattern": "^(?:[^\\t\\n\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f](?:[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]*[^\\t\\n\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f])?)$"
        },
        "benefits": {
          "type": "array",
          "minItems": 1,
          "maxItems": 12,
          "items": {
            "type": "string",
            "minLength": 1,
            "maxLength": 300,
            "pattern": "^(?:[^\\t\\n\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f](?:[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]*[^\\t\\n\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f])?)$"
          }
        },
        "cautions": {
          "type": "array",
          "minItems": 1,
          "maxItems": 30,
          "items": {
            "type": "string",
            "minLength": 1,
            "maxLength": 64,
            "pattern": "^[a-z0-9]+(?:-[a-z0-9]+)*$"
          }
        },
        "questions": {
          "type": "array",
          "minItems": 1,
          "maxItems": 6,
          "items": {
            "type": "string",
            "minLength": 1,
            "maxLength": 300,
            "pattern": "^(?:[^\\t\\n\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f](?:[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]*[^\\t\\n\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f])?)$"
          }
        },
        "checklist": {
          "type": "array",
          "minItems": 0,
          "maxItems": 12,
          "items": {
            "type": "string",
            "minLength": 1,
            "maxLength": 200,
            "pattern": "^(?:[^\\t\\n\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f](?:[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]*[^\\t\\n\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f])?)$"
          }
        },
        "references": {
          "type": "array",
          "minItems": 1,
          "maxItems": 20,
          "items": {
            "anyOf": [
              {
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
                "pattern": "^[a-z0-9]+(?:-[a-z0-9]+)*$"
              },
              {
                "$ref": "#/$defs/Citation"
              }
            ]
          }
        }
      },
      "required": [
        "benefits",
        "cautions",
        "groups",
        "id",
        "mode",
        "mode_note",
        "name",
        "questions",
        "references",
        "summary"
      ],
      "additionalProperties": false
    },
    "Caution": {
      "type": "object",
      "properties": {
        "id": {
          "type": "string",
          "minLength": 1,
          "maxLength": 64,
          "pattern": "^[a-z0-9]+(?:-[a-z0-9]+)*$"
        },
        "title": {
          "type": "string",
          "minLength": 1,
          "maxLength": 120,
          "pattern": "^(?:[^\\t\\n\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f](?:[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]*[^\\t\\n\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f])?)$"
        },
        "headline": {
          "type": "string",
          "minLength": 1,
          "maxLength": 100,
          "pattern": "^[^\\t\\n\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]+(?:[\\t\\n\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]+[^\\t\\n\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]+){0,11}$"
        },
        "action": {
          "type": "string",
          "minLength": 1,
          "maxLength": 250,
          "pattern": "^[^\\t\\n\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]+(?:[\\t\\n\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]+[^\\t\\n\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]+){0,29}$"
        },
        "detail": {
          "type": "string",
          "minLength": 1,
          "maxLength": 600,
          "pattern": "^(?:[^\\t\\n\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f](?:[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]*[^\\t\\n\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f])?)$"
        },
        "severity": {
          "type": "string",
          "enum": [
            "high",
            "medium",
            "low"
          ]
        },
        "stage": {
          "type": "array",
          "minItems": 1,
          "maxItems": 5,
          "uniqueItems": true,
          "items": {
            "type": "string",
            "enum": [
              "choosing",
              "before",
              "during",
              "after",
              "anytime"
            ]
          }
        },
        "force": {
          "type": "string",
          "enum": [
            "must",
            "should",
            "consider"
          ]
        },
        "basis": {
          "type": "string",
          "enum": [
            "law",
            "regulator",
            "professional-code",
            "guidance",
            "practice"
          ]
        },
        "reviewed": {
          "type": "string",
          "format": "date"
        },
        "review_by": {
          "type": "string",
          "format": "date"
        },
        "jurisdictions": {
          "type": "array",
          "minItems": 0,
          "maxItems": 20,
          "items": {
            "type": "string",
            "minLength": 1,
            "maxLength": 64,
            "pattern": "^[a-z0-9]+(?:-[a-z0-9]+)*$"
          }
        },
        "applies_if": {
          "type": "array",
          "minItems": 0,
          "maxItems": 5,
          "items": {
            "type": "string",
            "minLength": 1,
            "maxLength": 64,
            "pattern": "^[a-z0-9]+(?:-[a-z0-9]+)*$"
          }
        },
        "references": {
          "type": "array",
          "minItems": 0,
          "maxItems": 10,
          "items": {
            "anyOf": [
              {
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
                "pattern": "^[a-z0-9]+(?:-[a-z0-9]+)*$"
              },
              {
                "$ref": "#/$defs/Citation"
              }
            ]
          }
        }
      },
      "required": [
        "action",
        "basis",
        "detail",
        "force",
        "headline",
        "id",
        "reviewed",
        "severity",
        "stage",
        "title"
      ],
      "additionalProperties": false,
      "if": {
        "properties": {
          "force": {
            "const": "must"
          }
        },
        "required": [
          "force"
        ]
      },
      "then": {
        "properties": {
          "basis": {
            "enum": [
              "law",
              "regulator",
              "professional-code"
            ]
          }
        }
      }
    },
    "Reference": {
      "type": "object",
      "properties": {
        "id": {
          "type": "string",
          "minLength": 1,
          "maxLength": 64,
          "pattern": "^[a-z0-9]+(?:-[a-z0-9]+)*$"
        },
        "title": {
          "type": "string",
          "minLength": 1,
          "maxLength": 300,
          "pattern": "^(?:[^\\t\\n\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f](?:[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]*[^\\t\\n\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f])?)$"
        },
        "publisher": {
          "type": "string",
          "minLength": 1,
          "maxLength": 120,
          "pattern": "^(?:[^\\t\\n\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f](?:[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]*[^\\t\\n\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f])?)$"
        },
        "kind": {
          "type": "string",
          "enum": [
            "law",
            "regulator",
            "professional-body",
            "government-guidance",
            "research",
            "other"
          ]
        },
        "year": {
          "type": "integer",
          "minimum": 1900,
          "maximum": 2100
        },
        "accessed": {
          "type": "string",
          "format": "date"
        },
        "url": {
          "type": "string",
          "format": "url",
          "maxLength": 2000,
          "pattern": "^https://"
        }
      },
      "required": [
        "id",
        "kind",
        "publisher",
        "title",
        "url"
      ],
      "additionalProperties": false,
      "anyOf": [
        {
          "required": [
            "year"
          ]
        },
        {
          "required": [
            "accessed"
          ]
        }
      ]
    },
    "SiteUse": {
      "type": "object",
      "properties": {
        "id": {
          "type": "string",
          "minLength": 1,
          "maxLength": 64,
          "pattern": "^[a-z0-9]+(?:-[a-z0-9]+)*$"
        },
        "label": {
          "type": "string",
          "minLength": 1,
          "maxLength": 60,
          "pattern": "^(?:[^\\t\\n\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f](?:[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]*[^\\t\\n\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f])?)$"
        },
        "categories": {
          "type": "array",
          "minItems": 0,
          "maxItems": 9,
          "items": {
            "type": "string",
            "minLength": 1,
            "maxLength": 64,
            "pattern": "^[a-z0-9]+(?:-[a-z0-9]+)*$"
          }
        }
      },
      "required": [
        "categories",
        "id",
        "label"
      ],
      "additionalProperties": false
    },
    "Site": {
      "type": "object",
      "properties": {
        "id": {
          "type": "string",
          "minLength": 1,
          "maxLength": 64,
          "pattern": "^[a-z0-9]+(?:-[a-z0-9]+)*$"
        },
        "name": {
          "type": "string",
          "minLength": 1,
          "maxLength": 80,
          "pattern": "^(?:[^\\t\\n\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f](?:[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]*[^\\t\\n\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f])?)$"
        },
        "patterns": {
          "type": "array",
          "minItems": 1,
          "maxItems": 50,
          "items": {
            "type": "string",
            "minLength": 1,
            "maxLength": 500
          }
        },
        "exclude": {
          "type": "array",
          "minItems": 0,
          "maxItems": 50,
          "items": {
            "type": "string",
            "minLength": 1,
            "maxLength": 500
          }
        },
        "categories": {
          "type": "array",
          "minItems": 1,
          "maxItems": 9,
          "items": {
            "type": "string",
            "minLength": 1,
            "maxLength": 64,
            "pattern": "^[a-z0-9]+(?:-[a-z0-9]+)*$"
          }
        },
        "cautions": {
          "type": "array",
          "minItems": 0,
          "maxItems": 10,
          "items": {
            "type": "string",
            "minLength": 1,
            "maxLength": 64,
            "pattern": "^[a-z0-9]+(?:-[a-z0-9]+)*$"
          }
        },
        "uses": {
          "type": "array",
          "minItems": 0,
          "maxItems": 6,
          "items": {
            "$ref": "#/$defs/SiteUse"
          }
        }
      },
      "required": [
        "categories",
        "id",
        "name",
        "patterns"
      ],
      "additionalProperties": false
    }
  }
};
export const TAXONOMY_RULES = {
  "description": "The rules of taxonomy format 2 that JSON Schema cannot state (taxonomy.schema.json states the rest). The service (server/taxonomy/rules.py) and the extension (extension/lib/taxonomy-rules.js, from a copy bundled at build time) both read this table. Paths name a field of each item of a section; 'a[].b' is field b of each item of list a. exclude_patterns are match patterns too, each under the host of one of the item's own 'under' patterns.",
  "schema_version": 2,
  "sections": [
    "jurisdictions",
    "profiles",
    "groups",
    "categories",
    "cautions",
    "references",
    "sites"
  ],
  "unique_ids": [
    {
      "section": "jurisdictions"
    },
    {
      "section": "profiles"
    },
    {
      "section": "groups"
    },
    {
      "section": "categories"
    },
    {
      "section": "cautions"
    },
    {
      "section": "references"
    },
    {
      "section": "sites"
    },
    {
      "section": "sites",
      "within": "uses"
    }
  ],
  "required_ids": {
    "groups": [
      "working-online",
      "digital-communication"
    ],
    "categories": [
      "telephone",
      "live-chat",
      "video",
      "email",
      "texting",
      "social-media",
      "online-resources",
      "calendar",
      "ai-assistants"
    ]
  },
  "references": [
    {
      "section": "jurisdictions",
      "field": "parent",
      "target": "jurisdictions"
    },
    {
      "section": "categories",
      "field": "groups",
      "target": "groups"
    },
    {
      "section": "categories",
      "field": "cautions",
      "target": "cautions"
    },
    {
      "section": "categories",
      "field": "references",
      "target": "references"
    },
    {
      "section": "cautions",
      "field": "jurisdictions",
      "target": "jurisdictions"
    },
    {
      "section": "cautions",
      "field": "applies_if",
      "target": "profiles"
    },
    {
      "section": "cautions",
      "field": "references",
      "target": "references"
    },
    {
      "section": "sites",
      "field": "categories",
      "target": "categories"
    },
    {
      "section": "sites",
      "field": "cautions",
      "target": "cautions"
    },
    {
      "section": "sites",
      "field": "uses[].categories",
      "target": "categories"
    }
  ],
  "used": [
    "cautions",
    "references",
    "profiles"
  ],
  "later_dates": [
    {
      "section": "meta",
      "field": "next_review",
      "than": "reviewed"
    },
    {
      "section": "cautions",
      "field": "review_by",
      "than": "reviewed"
    }
  ],
  "tree": {
    "section": "jurisdictions",
    "field": "parent"
  },
  "match_patterns": {
    "section": "sites",
    "field": "patterns"
  },
  "exclude_patterns": {
    "section": "sites",
    "field": "exclude",
    "under": "patterns"
  }
};
