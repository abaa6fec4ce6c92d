// Validates Kubernetes objects against the API schemas that the npm packages kubernetes-models and
// @kubernetes-models/prometheus-operator carry. Reads a JSON array of objects from the file named by the first
// argument; prints one line per object, "VALID <apiVersion> <kind> <name>" or "INVALID <apiVersion> <kind> <name>:
// <reason>". A kind without a schema is INVALID: nothing is waved through.
import { readFileSync } from "node:fs";

const objects = JSON.parse(readFileSync(process.argv[2], "utf8"));

function modulePath(apiVersion, kind) {
  if (apiVersion.startsWith("monitoring.coreos.com/")) {
    return `@kubernetes-models/prometheus-operator/${apiVersion}/${kind}`;
  }
  return `kubernetes-models/${apiVersion}/${kind}`;
}

for (const object of objects) {
  const { apiVersion = "?", kind = "?" } = object;
  const name = object.metadata?.name ?? "?";
  const label = `${apiVersion} ${kind} ${name}`;
  let model;
  try {
    model = (await import(modulePath(apiVersion, kind)))[kind];
  } catch (e) {
    console.log(`INVALID ${label}: no schema for this kind (${e.code ?? e.message})`);
    continue;
  }
  if (typeof model !== "function") {
    console.log(`INVALID ${label}: no schema for this kind`);
    continue;
  }
  try {
    new model(object).validate();
    console.log(`VALID ${label}`);
  } catch (e) {
    console.log(`INVALID ${label}: ${e.message.replace(/\s+/g, " ")}`);
  }
}
