// ESLint for every JavaScript file of the project: the recommended rules, with no unused
// code (variables, arguments, imports, caught errors). Formatting is Prettier's job
// (.prettierrc.json), so no style rule is turned on here.
import js from "@eslint/js";
import globals from "globals";

export default [
  { ignores: ["node_modules/", "dist/", "build/", ".venv/", "test-results/"] },
  js.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2024,
      sourceType: "module",
      globals: { ...globals.browser, ...globals.webextensions },
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      // `_name` marks what is left out on purpose (a destructured key to drop).
      "no-unused-vars": [
        "error",
        { args: "all", argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "all" },
      ],
      "no-implicit-globals": "error",
      eqeqeq: ["error", "always"],
      "prefer-const": "error",
      "no-var": "error",
    },
  },
  {
    // Injected into pages, or loaded as plain scripts by the extension's pages and the
    // admin preview: classic scripts that share one global each (DpgDom, DpgCard*).
    files: ["extension/ui/dom.js", "extension/content/*.js"],
    languageOptions: { sourceType: "script" },
  },
  {
    // Node scripts; the Firefox suite's files drive a browser from Node, and the
    // functions they evaluate in its pages use the browser and extension globals above.
    files: ["extension/tests/**", "bench/**", "tests/firefox/**"],
    languageOptions: { globals: { ...globals.node } },
  },
];
