// The reading-age check beside "What this means for you", updated as a young writer types. The words come from the
// server (portal.pledge.text.reading_age, through POST /pledge/reading-age), so the live check and the "Check
// reading age" button, which works without JavaScript, always say the same thing. Fetched only by pages with a
// check (templates/pledge/_macros.html: reading_note).
const PAUSE_MS = 600; // ask once they pause, not on every key

for (const note of document.querySelectorAll("[data-portal-reading-age-url]")) {
  const field = document.getElementById(note.dataset.portalReadingAgeFor);
  const token = field && field.form && field.form.querySelector("input[name='csrf_token']");
  if (!token) continue;
  let timer;
  let latest = 0;
  field.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const asked = ++latest;
      const body = new FormData();
      body.append("csrf_token", token.value);
      body.append("text", field.value);
      try {
        const response = await fetch(note.dataset.portalReadingAgeUrl, { method: "POST", body });
        // An older answer arriving after a newer one is dropped; an error leaves the button to do the work.
        if (response.ok && asked === latest) note.innerHTML = await response.text();
      } catch {
        // Offline or the server is away: the "Check reading age" button still works.
      }
    }, PAUSE_MS);
  });
}
