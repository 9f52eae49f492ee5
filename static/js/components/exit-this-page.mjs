// GOV.UK's exit-this-page, fetched by portal.mjs only on pages that have one.
import { ExitThisPage } from "govuk-frontend/dist/govuk/components/exit-this-page/exit-this-page.mjs";
import { createAll } from "govuk-frontend/dist/govuk/init.mjs";

createAll(ExitThisPage);
