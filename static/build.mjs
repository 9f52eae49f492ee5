// Builds the portal's front end into static/build/ (git-ignored), run by `make assets`:
//   - the stylesheet: GOV.UK Frontend's Sass with our settings (static/scss/portal.scss), then trimmed by PurgeCSS
//     to the selectors our templates, the GOV.UK macros, our Python and the scripts can produce;
//   - the script: static/js/portal.mjs bundled by esbuild with only the GOV.UK Frontend components it imports;
//   - the favicon;
// each under a name with a hash of its contents (so WhiteNoise can cache it for a year), with .gz and .br copies
// beside it, and manifest.json mapping "portal.css" to "build/portal-<hash>.css" for the templates.
//
// Usage: node static/build.mjs <folder holding govuk_frontend_jinja and govuk_frontend_wtf>
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

import * as esbuild from "esbuild";
import { PurgeCSS } from "purgecss";
import * as sass from "sass";

const STATIC = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(STATIC);
const OUT = join(STATIC, "build");
const sitePackages = process.argv[2];
if (!sitePackages) throw new Error("Give the folder that holds govuk_frontend_jinja (site-packages)");

rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });

// Writes a file with pre-compressed copies: WhiteNoise sends .br to browsers that accept brotli, .gz to the rest.
function compressed(path, contents) {
  writeFileSync(path, contents);
  writeFileSync(`${path}.gz`, gzipSync(contents, { level: 9 }));
  writeFileSync(`${path}.br`, brotliCompressSync(contents, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
}

function fingerprinted(name, contents) {
  const hash = createHash("sha256").update(contents).digest("hex").slice(0, 12);
  const file = `${basename(name, extname(name))}-${hash}${extname(name)}`;
  compressed(join(OUT, file), contents);
  return `build/${file}`;
}

// --- Stylesheet ---------------------------------------------------------------------------------------------------
const compiled = sass.compile(join(STATIC, "scss/portal.scss"), {
  style: "compressed",
  loadPaths: [join(ROOT, "node_modules")],
  silenceDeprecations: ["import"],
});

// The GOV.UK macros our pages reach: those our templates and govuk-frontend-wtf's widgets import, and those they
// import in turn. The page template's own header and footer are left out (base.html draws its own), as are the
// file upload widget and every component no page uses, so their many variant classes do not keep CSS alive.
const JINJA = join(sitePackages, "govuk_frontend_jinja/templates");
const WTF = join(sitePackages, "govuk_frontend_wtf/templates");
const importsOf = (file) =>
  [...readFileSync(file, "utf8").matchAll(/govuk_frontend_jinja\/components\/([a-z-]+)\/macro\.html/g)].map((m) => m[1]);
const ours = readdirSync(join(ROOT, "templates"), { recursive: true })
  .filter((file) => file.endsWith(".html"))
  .map((file) => join(ROOT, "templates", file));
const widgets = readdirSync(WTF)
  .filter((file) => file.endsWith(".html") && file !== "file-upload.html")
  .map((file) => join(WTF, file));
const components = new Set();
const pending = [...ours, ...widgets].flatMap(importsOf);
while (pending.length) {
  const component = pending.pop();
  if (components.has(component)) continue;
  components.add(component);
  pending.push(...importsOf(join(JINJA, "components", component, "macro.html")));
}

// Class names may contain "!" (GOV.UK's override classes, govuk-!-margin-bottom-0) and ":" ; keep them whole.
const wholeClassNames = (content) => content.match(/[A-Za-z0-9_!:-]+/g) || [];
const [trimmed] = await new PurgeCSS().purge({
  content: [
    join(ROOT, "templates/**/*.html"),
    join(ROOT, "portal/**/*.py"),
    join(STATIC, "js/**/*.mjs"),
    ...[...components].map((component) => join(JINJA, "components", component, "*.html")),
    ...widgets,
    join(sitePackages, "govuk_frontend_wtf/*.py"),
    // Classes GOV.UK Frontend's scripts add as they run (menu open, character count status, exit overlay...).
    join(ROOT, "node_modules/govuk-frontend/dist/govuk/components/*/*.mjs"),
    join(ROOT, "node_modules/govuk-frontend/dist/govuk/common/*.mjs"),
    // <html dir="rtl">, set from the page's language (portal/i18n.py's text_direction), keeps the right-to-left rules
    // (static/scss/_rtl.scss) whatever words the templates happen to hold.
    { raw: '<html dir="rtl">', extension: "html" },
  ],
  css: [{ raw: compiled.css }],
  defaultExtractor: wholeClassNames,
  // Built from a macro argument, so never written out whole: the table macro's "format" (numeric).
  safelist: { standard: [/--numeric$/], greedy: [/^govuk-frontend-supported/, /^js-enabled/] },
  variables: false, // keep every custom property: GOV.UK's scripts read the breakpoints (--govuk-breakpoint-*) from :root
  keyframes: true,
});

// --- Scripts ------------------------------------------------------------------------------------------------------
// portal.js starts the components every page may have; the larger ones only some pages have (character count,
// password input, exit this page, the live reading-age check) are bundled on their own and fetched by those pages
// alone.
const SCRIPTS = {
  "portal.js": "js/portal.mjs",
  "character-count.js": "js/components/character-count.mjs",
  "password-input.js": "js/components/password-input.mjs",
  "exit-this-page.js": "js/components/exit-this-page.mjs",
  "reading-age.js": "js/components/reading-age.mjs",
};
const scripts = {};
for (const [name, source] of Object.entries(SCRIPTS)) {
  const bundled = await esbuild.build({
    entryPoints: [join(STATIC, source)],
    bundle: true,
    minify: true,
    format: "esm",
    target: ["es2020"],
    write: false,
    legalComments: "none",
    logLevel: "warning",
  });
  scripts[name] = fingerprinted(name, Buffer.from(bundled.outputFiles[0].contents));
}

const manifest = {
  "portal.css": fingerprinted("portal.css", Buffer.from(trimmed.css)),
  ...scripts,
  "favicon.svg": fingerprinted("favicon.svg", readFileSync(join(STATIC, "images/favicon.svg"))),
};
writeFileSync(join(OUT, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);

console.log(`GOV.UK components reached: ${[...components].sort().join(", ")}`);
for (const [name, path] of Object.entries(manifest)) {
  const raw = readFileSync(join(STATIC, path));
  const br = readFileSync(join(STATIC, `${path}.br`));
  console.log(`${name.padEnd(12)} ${path.padEnd(36)} ${String(raw.length).padStart(7)} bytes, ${br.length} brotli`);
}
