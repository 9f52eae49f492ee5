// Starts GOV.UK Frontend's components (exit this page, character counts, the menu). Every page works without it.
import { initAll } from "../govuk/govuk-frontend.min.js";

initAll();

// Exit this page also forgets the Tell us answers on this device. GOV.UK's component leaves by setting
// window.location after it adds its overlay (button, skip link, or Shift three times), so we watch for the overlay,
// and for the click itself, and tell the server with a beacon, which the browser still sends as the page goes.
function forgetAnswersOnExit() {
  const exit = document.querySelector("[data-portal-forget-url]");
  if (!exit || !navigator.sendBeacon) return;
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
