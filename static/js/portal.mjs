// Starts GOV.UK Frontend's components (exit this page, character counts, the menu). Every page works without it.
// Bundled by esbuild (static/build.mjs) with only the components the portal's pages use: not the accordion, tabs or
// file upload, each from its own module rather than the package index. A component added to a page needs adding here.
import { Button } from "govuk-frontend/dist/govuk/components/button/button.mjs";
import { Checkboxes } from "govuk-frontend/dist/govuk/components/checkboxes/checkboxes.mjs";
import { ErrorSummary } from "govuk-frontend/dist/govuk/components/error-summary/error-summary.mjs";
import { NotificationBanner } from "govuk-frontend/dist/govuk/components/notification-banner/notification-banner.mjs";
import { Radios } from "govuk-frontend/dist/govuk/components/radios/radios.mjs";
import { ServiceNavigation } from "govuk-frontend/dist/govuk/components/service-navigation/service-navigation.mjs";
import { SkipLink } from "govuk-frontend/dist/govuk/components/skip-link/skip-link.mjs";
import { createAll } from "govuk-frontend/dist/govuk/init.mjs";

for (const Component of [Button, Checkboxes, ErrorSummary, NotificationBanner, Radios, ServiceNavigation, SkipLink]) {
  createAll(Component);
}

// GOV.UK's character count writes its numbers in the digits of its language (Intl.NumberFormat), which are Persian
// for Dari and Farsi; every other number on our pages is 0-9 (README, "Digits"). So each count's language names
// 0-9 digits, a BCP 47 extension (fa-AF-u-nu-latn), before its script starts below.
for (const count of document.querySelectorAll('[data-module="govuk-character-count"]')) {
  const language = count.closest("[lang]")?.lang;
  if (language && language !== "en") count.lang = `${language}-u-nu-latn`;
}

// The larger components only some pages have are separate files (static/js/components/), fetched by those pages
// alone; base.html gives their fingerprinted addresses as data-* attributes on this script's own tag.
const extras = document.getElementById("portal-script").dataset;
for (const name of ["characterCount", "passwordInput", "exitThisPage"]) {
  const moduleName = name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
  if (document.querySelector(`[data-module="govuk-${moduleName}"]`)) import(extras[name]);
}

// Exit this page also forgets the Tell us answers on this device. GOV.UK's component leaves by setting
// window.location after it adds its overlay (button, skip link, or Shift three times), so we watch for the overlay,
// and for the click itself, and tell the server with a beacon, which the browser still sends as the page goes.
function forgetAnswersOnExit() {
  const exit = document.querySelector("[data-portal-forget-url]");
  if (!exit || !navigator.sendBeacon) return;
  // Without this script the button goes through /tell-us/exit, which forgets and sends the person on. Here the
  // beacon forgets, so the button can leave straight for the exit address with no round trip to us first.
  const button = exit.querySelector(".govuk-exit-this-page__button");
  if (button && exit.dataset.portalExitUrl) button.href = exit.dataset.portalExitUrl;
  let told = false;
  const tell = () => {
    if (told) return;
    told = true;
    const body = new FormData();
    body.append("csrf_token", exit.dataset.portalCsrfToken);
    navigator.sendBeacon(exit.dataset.portalForgetUrl, body);
  };
  exit.addEventListener("click", tell, true);
  new MutationObserver((changes) => {
    for (const change of changes) {
      for (const node of change.addedNodes) {
        if (node.classList && node.classList.contains("govuk-exit-this-page-overlay")) tell();
      }
    }
  }).observe(document.body, { childList: true });
}

forgetAnswersOnExit();
