/**
 * The entry point Cloud Functions loads (the upload's package.json `main`), and the local
 * stack too. The Functions Framework checks a `.js` entry for being an ES module by
 * importing read-package-up and reading package.json, ~100 ms of CPU on every cold start;
 * for a `.cjs` file it knows the answer and skips that.
 */
import './index.js';
