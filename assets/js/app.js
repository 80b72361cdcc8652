// Starts GOV.UK Frontend's components (Exit this page, service navigation,
// error summary, notification banner...). Loaded as a module, so browsers
// that GOV.UK Frontend does not support simply get the no-JavaScript pages.
import { initAll } from "./govuk-frontend.min.js";

initAll();
