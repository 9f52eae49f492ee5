// Starts GOV.UK Frontend's components (exit this page, character counts, the menu). Every page works without it.
import { initAll } from "../govuk/govuk-frontend.min.js";

initAll();
