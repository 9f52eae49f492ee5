// GOV.UK's password-input, fetched by portal.mjs only on pages that have one.
import { PasswordInput } from "govuk-frontend/dist/govuk/components/password-input/password-input.mjs";
import { createAll } from "govuk-frontend/dist/govuk/init.mjs";

createAll(PasswordInput);
