// Compiles the stylesheet and gathers the browser scripts into opensend/static/build.
// GOV.UK Frontend's own assets (the crown, the logo and the GDS Transport font) are
// deliberately not copied: OpenSEND is not a GOV.UK service.
import { mkdirSync, copyFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "opensend", "static", "build");
mkdirSync(out, { recursive: true });

const result = sass.compile(join(root, "frontend", "scss", "opensend.scss"), {
  loadPaths: [root],
  style: "compressed",
  quietDeps: true,
  logger: sass.Logger.silent,
  silenceDeprecations: ["import"],
});
writeFileSync(join(out, "opensend.css"), result.css);

const scripts = {
  "govuk-frontend.min.js": "node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js",
  "moj-frontend.min.js": "node_modules/@ministryofjustice/frontend/moj/moj-frontend.min.js",
  "htmx.min.js": "node_modules/htmx.org/dist/htmx.min.js",
};
for (const [name, source] of Object.entries(scripts)) {
  copyFileSync(join(root, source), join(out, name));
}
// MOJ Frontend's icons (arrows, alerts, ticks), without its copy of the GOV.UK crown.
const mojImages = join(root, "node_modules/@ministryofjustice/frontend/moj/assets/images");
mkdirSync(join(out, "moj-images"), { recursive: true });
for (const name of readdirSync(mojImages).filter((file) => file.startsWith("icon-"))) {
  copyFileSync(join(mojImages, name), join(out, "moj-images", name));
}
console.log(`built ${out}`);
