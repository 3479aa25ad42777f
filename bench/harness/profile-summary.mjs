/**
 * What a .cpuprofile (node --cpu-prof) spent its time on: the functions and the packages or files with the most
 * self time, as shares of the whole.
 *
 *   node bench/harness/profile-summary.mjs file.cpuprofile [how many lines, 25]
 *
 * LAST_SECONDS=n looks only at the profile's last n seconds (the measured stage, after start-up and warm-up).
 * INCLUSIVE=regexp adds the time spent under each function whose file matches (its callees included, counted once).
 */
import { readFileSync } from "node:fs";

const profile = JSON.parse(readFileSync(process.argv[2], "utf8"));
const lines = Number(process.argv[3] ?? 25);
const nodeById = new Map(profile.nodes.map((node) => [node.id, node]));

const selfTime = new Map();
const from = process.env.LAST_SECONDS ? profile.endTime - Number(process.env.LAST_SECONDS) * 1e6 : 0;
let at = profile.startTime;
profile.samples.forEach((id, index) => {
  const delta = profile.timeDeltas[index] ?? 0;
  at += delta;
  if (at >= from) selfTime.set(id, (selfTime.get(id) ?? 0) + delta);
});
const total = [...selfTime.values()].reduce((sum, value) => sum + value, 0);

const shortUrl = (url) => url.replace(/.*node_modules\//, "").replace(/^file:\/\/.*?\/(dist|src|bench)\//, "$1/");
const functionKey = ({ functionName, url, lineNumber }) =>
  `${functionName || "(anonymous)"} ${shortUrl(url)}:${lineNumber + 1}`;
function packageKey({ functionName, url }) {
  if (url.includes("node_modules/")) return url.replace(/.*node_modules\/((@[^/]+\/)?[^/]+).*/, "$1");
  if (url.startsWith("node:")) return `node:${url.slice(5).split("/")[0]}`;
  return url === "" ? functionName || "(native)" : shortUrl(url);
}

const byFunction = new Map();
const byPackage = new Map();
for (const [id, time] of selfTime) {
  const frame = nodeById.get(id).callFrame;
  byFunction.set(functionKey(frame), (byFunction.get(functionKey(frame)) ?? 0) + time);
  byPackage.set(packageKey(frame), (byPackage.get(packageKey(frame)) ?? 0) + time);
}
const table = (map) =>
  [...map]
    .sort((x, y) => y[1] - x[1])
    .slice(0, lines)
    .map(([key, time]) => `${((time / total) * 100).toFixed(1).padStart(5)}% ${key}`)
    .join("\n");
console.log(`total ${(total / 1e6).toFixed(2)} s\n-- functions --\n${table(byFunction)}\n-- packages and files --`);
console.log(table(byPackage));

if (process.env.INCLUSIVE) {
  const parentOf = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const pattern = new RegExp(process.env.INCLUSIVE);
  const inclusive = new Map();
  for (const [id, time] of selfTime) {
    const seen = new Set();
    for (let node = id; node !== undefined; node = parentOf.get(node)) {
      const frame = nodeById.get(node).callFrame;
      const key = functionKey(frame);
      if (!pattern.test(frame.url) || seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + time);
    }
  }
  console.log(`-- time under functions in files matching ${process.env.INCLUSIVE} --\n${table(inclusive)}`);
}
