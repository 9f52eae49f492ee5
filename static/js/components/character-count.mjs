// GOV.UK's character-count, fetched by portal.mjs only on pages that have one.
import { CharacterCount } from "govuk-frontend/dist/govuk/components/character-count/character-count.mjs";
import { createAll } from "govuk-frontend/dist/govuk/init.mjs";

createAll(CharacterCount);
