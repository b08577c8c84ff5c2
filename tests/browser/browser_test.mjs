// SPDX-License-Identifier: MIT
// Drives the example web app (examples/web_app) in Debian's Chromium, headless, through
// playwright-core: uploads with the page's presigned PUT and POST forms, downloads through its
// presigned GET links, and checks what the bucket refuses. run_browser.py starts everything
// and checks the stored objects afterwards with botocore.
//
// Environment: PRESIGN_PAGE_URL (the app), PRESIGN_WORK_DIR (files to upload are made here),
// PRESIGN_ARTIFACTS (screenshot), PRESIGN_POST_MAX_BYTES (the back end's POST limit),
// PRESIGN_CHROMIUM (default /usr/bin/chromium).
// Output: `PASS: what`, `FAIL: what: detail`, `NOTE: fact`, and one `UPLOADED: JSON` line
// listing {key, file, type} of every object that must now be in the bucket.
import { chromium } from "playwright-core";
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const pageUrl = process.env.PRESIGN_PAGE_URL;
const work = process.env.PRESIGN_WORK_DIR;
const artifacts = process.env.PRESIGN_ARTIFACTS;
const postMax = Number(process.env.PRESIGN_POST_MAX_BYTES);
let failed = 0;
const uploaded = [];

function check(what, ok, detail = "") {
  if (!ok) failed += 1;
  console.log(ok ? `PASS: ${what}` : `FAIL: ${what}: ${detail}`);
  return ok;
}

function makeFile(name, bytes, dir = work) {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

// Clicks an upload button and waits for its status line to leave "uploading...".
async function upload(page, which, path) {
  await page.setInputFiles(`#${which}-file`, path);
  await page.click(`#${which}-upload`);
  const status = page.locator(`#${which}-status`);
  await page.waitForFunction(
    (id) => /^(uploaded|refused|failed)/.test(document.getElementById(id).textContent),
    `${which}-status`);
  return status.textContent();
}

// Clicks a download link; returns the name the browser chose and the bytes it saved.
async function download(page, selector) {
  const [dl] = await Promise.all([page.waitForEvent("download"), page.click(selector)]);
  const saved = join(work, `download-${randomBytes(4).toString("hex")}`);
  await dl.saveAs(saved);
  return { name: dl.suggestedFilename(), bytes: readFileSync(saved), failure: await dl.failure() };
}

// What the browser's network layer saw, from the DevTools protocol: the status of every
// response from the bucket, including those the page cannot read (a refusal without CORS
// headers reaches the page only as a TypeError), and the preflights (OPTIONS).
class Wire {
  constructor(cdp, origin) {
    this.origin = origin;
    this.requests = new Map();  // requestId -> {method, url, status}
    cdp.on("Network.requestWillBeSent", (e) => {
      if (e.request.url.startsWith(origin)) {
        this.requests.set(e.requestId, { method: e.request.method, url: e.request.url });
      }
    });
    // ExtraInfo carries the status as received, also for responses CORS then blocks.
    cdp.on("Network.responseReceivedExtraInfo", (e) => {
      const r = this.requests.get(e.requestId);
      if (r) r.status = e.statusCode;
    });
    cdp.on("Network.responseReceived", (e) => {
      const r = this.requests.get(e.requestId);
      if (r && r.status === undefined) r.status = e.response.status;
    });
  }
  mark() { return new Set(this.requests.keys()); }
  // Statuses of the non-preflight requests since `mark`, in order.
  since(mark) {
    return [...this.requests.entries()].filter(([id]) => !mark.has(id))
      .map(([, r]) => `${r.method} ${r.status ?? "none"}`);
  }
}

// Runs `fn(window.presignDemo, arg)` in the page; returns its result plus `wire`: what the
// network layer saw meanwhile ("PUT 403", ...).
async function inPage(page, wire, fn, arg) {
  const mark = wire.mark();
  const result = await page.evaluate(
    async ({ source, argument }) => {
      try {
        return await new Function("demo", "arg", `return (${source})(demo, arg);`)(
          window.presignDemo, argument);
      } catch (e) {
        return { error: String(e) };
      }
    },
    { source: fn.toString(), argument: arg });
  // Let the last events arrive: the status of a response CORS blocks comes in its own DevTools
  // event, which on a loaded machine came later than a fixed 100 ms (an expired GET once read
  // "GET none" in CI). Wait until every request has its status, at most 3 s.
  for (let waited = 0; waited < 3000 && wire.since(mark).some((w) => w.endsWith(" none"));
       waited += 50) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await new Promise((resolve) => setTimeout(resolve, 100));
  return { ...result, wire: wire.since(mark) };
}

// A refusal as the page sees it: a readable status `status`, or (no CORS headers on the
// error) a TypeError while the wire shows `status` for the request or for its preflight (RGW
// checks a presigned URL's expiry on the preflight too), and never a success.
function refused(r, key, method, status) {
  if (r.wire.some((w) => new RegExp(`^${method} 2`).test(w))) return false;
  return r[key] === status ||
    (typeof r.error === "string" && r.error.includes("TypeError") &&
     (r.wire.includes(`${method} ${status}`) || r.wire.includes(`OPTIONS ${status}`)));
}

async function main() {
  mkdirSync(artifacts, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.PRESIGN_CHROMIUM || "/usr/bin/chromium",
    headless: true,
  });
  console.log(`NOTE: browser ${browser.version()}`);
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  const consoleErrors = [];
  page.on("console", (m) => { if (m.type() === "error") consoleErrors.push(m.text()); });
  await page.goto(pageUrl);
  await page.waitForFunction(() => window.presignDemo !== undefined);
  const slotUrl = await page.evaluate(async () =>
    (await fetch("/api/upload?name=probe&type=text/plain", { method: "POST" }).then((r) =>
      r.json())).url);
  const bucketOrigin = new URL(slotUrl).origin;
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  const wire = new Wire(cdp, bucketOrigin);
  check("the page and the bucket are different origins (CORS applies)",
        bucketOrigin !== new URL(pageUrl).origin, `${bucketOrigin} vs ${pageUrl}`);

  // --- presigned PUT from the page, then the presigned GET download link ---------------
  const binary = Buffer.alloc(300 * 1024);
  for (let i = 0; i < binary.length; ++i) binary[i] = i % 256;
  randomBytes(4096).copy(binary, 1000);
  const cases = [
    { name: "payload.bin", bytes: binary, type: "application/octet-stream" },
    { name: "Grüße aus Köln, 日本語 ✓.txt",
      bytes: Buffer.from("UTF-8 text: Grüße, 日本語, ✓\n"), type: "text/plain" },
  ];
  for (const c of cases) {
    const path = makeFile(c.name, c.bytes);
    const status = await upload(page, "put", path);
    if (!check(`PUT upload of ${JSON.stringify(c.name)} from the page`,
               status.startsWith("uploaded"), status)) continue;
    uploaded.push({ key: `uploads/${c.name}`, file: path, type: c.type });
    const got = await download(page, "#put-download");
    check(`download link of ${JSON.stringify(c.name)} saves under its UTF-8 name`,
          got.name === c.name, `browser chose ${JSON.stringify(got.name)}`);
    check(`download link of ${JSON.stringify(c.name)} saves the uploaded bytes`,
          got.failure === null && Buffer.compare(got.bytes, c.bytes) === 0,
          `failure ${got.failure}, ${got.bytes.length} bytes instead of ${c.bytes.length}`);
    // The slot was signed with If-None-Match: * (the checkbox is on): a second upload of the
    // same name must not overwrite.
    const again = await upload(page, "put", makeFile(c.name, Buffer.from("overwrite!"),
                                                   join(work, "again")));
    check(`second PUT of ${JSON.stringify(c.name)} to an If-None-Match: * slot is refused`,
          again === "refused: HTTP 412", again);
  }

  // --- presigned POST form from the page ----------------------------------------------
  const postName = "form upload, é.txt";
  const postBytes = Buffer.from("posted from a browser form\n".repeat(100));
  const postPath = makeFile(postName, postBytes);
  const postStatus = await upload(page, "post", postPath);
  if (check("POST form upload from the page", postStatus.startsWith("uploaded"), postStatus)) {
    uploaded.push({ key: `post-uploads/${postName}`, file: postPath, type: "text/plain" });
    const got = await download(page, "#post-download");
    check("download link of the POST upload saves the right bytes under the right name",
          got.name === postName && Buffer.compare(got.bytes, postBytes) === 0,
          `${JSON.stringify(got.name)}, ${got.bytes.length} bytes`);
  }
  const big = await upload(page, "post", makeFile("too-big.txt", Buffer.alloc(postMax + 1, 97)));
  check(`POST form with a file over the policy's ${postMax} bytes is refused`,
        big === "refused: HTTP 400 EntityTooLarge", big);
  const prefix = await inPage(page, wire, async (demo) => {
    const file = new File(["outside the prefix"], "x.txt", { type: "text/plain" });
    const r = await demo.postFile(file, {
      edit: (fields) => fields.map(([n, v]) => [n, n === "key" ? "elsewhere/x.txt" : v]),
    });
    return { status: r.status };
  });
  check("POST form with a key outside the policy's prefix is refused (403)",
        refused(prefix, "status", "POST", 403), JSON.stringify(prefix));

  // --- what the bucket must refuse, seen from the page ---------------------------------
  // Each case is one fetch from the page; `refused` accepts the status read by the page or,
  // when the refusal carries no CORS headers (RGW adds none to a 403), a TypeError in the
  // page with the status seen on the wire. A preflight refusal would show no PUT at all.
  const slotFor = async (name, extra = "") => (await inPage(page, wire, async (demo, q) => {
    const r = await fetch(`/api/upload?${q}`, { method: "POST" });
    return r.json();
  }, `name=${encodeURIComponent(name)}&type=text/plain${extra}`));
  const put = (slot, headers, url = slot.url, body = "refuse me") =>
    inPage(page, wire, async (demo, a) => {
      const r = await fetch(a.url, { method: "PUT", body: a.body, headers: a.headers });
      return { status: r.status };
    }, { url, headers, body });
  const get = (url) => inPage(page, wire, async (demo, u) => {
    const r = await fetch(u);
    return { status: r.status, body: await r.text() };
  }, url);
  const linkFor = (key, name, expires) => inPage(page, wire, async (demo, a) => (
    { url: await demo.downloadLink(a.key, a.name, a.expires) }), { key, name, expires });

  // A signed Content-Type sent with another value; then the same slot as signed (control).
  const typed = await slotFor("typed.txt");
  const wrongType = await put(typed, { ...typed.headers, "Content-Type": "text/html" });
  check("PUT with another Content-Type than the signed one is refused (403)",
        refused(wrongType, "status", "PUT", 403), JSON.stringify(wrongType));
  const rightType = await put(typed, typed.headers);
  check("the same PUT URL with the signed Content-Type succeeds (control)",
        rightType.status === 200, JSON.stringify(rightType));
  if (rightType.status === 200) {
    uploaded.push({ key: "uploads/typed.txt", file: makeFile("typed.txt", "refuse me"),
                    type: "text/plain" });
  }
  // A signed Content-Length (the page's uploads above sign theirs: the controls): a body of
  // another size is refused. The browser sets Content-Length itself from the body.
  const sized = await slotFor("sized.txt", "&size=9");
  const tooLong = await put(sized, sized.headers, sized.url, "refuse me!");
  check("PUT of 10 bytes to a slot signed with Content-Length: 9 is refused (403)",
        refused(tooLong, "status", "PUT", 403), JSON.stringify(tooLong));
  // A header the CORS rule does not list: the preflight stops it, the PUT is never sent.
  const extraSlot = await slotFor("extra.txt");
  const extra = await put(extraSlot, { ...extraSlot.headers, "X-Not-Allowed": "1" });
  check("PUT with a header the CORS rule does not list is stopped by the preflight",
        typeof extra.error === "string" && !extra.wire.some((w) => /^PUT \d/.test(w)),
        JSON.stringify(extra));
  // URLs whose key was changed after signing.
  const mine = await slotFor("mine.txt");
  const otherPut = await put(mine, mine.headers,
                             mine.url.replace("/uploads/mine.txt?", "/uploads/theirs.txt?"));
  check("PUT URL used for another key is refused (403)",
        refused(otherPut, "status", "PUT", 403), JSON.stringify(otherPut));
  const link = await linkFor("uploads/payload.bin", "payload.bin", 600);
  const otherGet = await get(link.url.replace("/uploads/payload.bin?", "/uploads/typed.txt?"));
  check("GET link used for another key is refused (403)",
        refused(otherGet, "status", "GET", 403), JSON.stringify(otherGet));
  // Expired URLs: signed for 5 s, used 6.5 s later (X-Amz-Date has whole seconds, so a URL
  // may have up to 1 s less than it says; 5 s leaves a loaded machine time for the control);
  // the fresh link works (the control).
  const lateSlot = await slotFor("late.txt", "&expires=5");
  const lateLink = await linkFor("uploads/typed.txt", "typed.txt", 5);
  const fresh = await get(lateLink.url);
  check("a 5-second GET link works at once (control)",
        fresh.status === 200 && fresh.body === "refuse me", JSON.stringify(fresh));
  await new Promise((resolve) => setTimeout(resolve, 6500));
  const latePut = await put(lateSlot, lateSlot.headers);
  check("an expired PUT URL is refused (403)", refused(latePut, "status", "PUT", 403),
        JSON.stringify(latePut));
  const lateGet = await get(lateLink.url);
  check("an expired GET link is refused (403)", refused(lateGet, "status", "GET", 403),
        JSON.stringify(lateGet));

  const shot = join(artifacts, "browser-page.png");
  await page.screenshot({ path: shot, fullPage: true });
  console.log(`NOTE: screenshot ${shot}`);
  // Refusals print console errors (failed loads); anything else would be a bug in the page.
  const unexpected = consoleErrors.filter(
    (e) => !/status of (403|412|400)|CORS policy|ERR_FAILED/.test(e));
  check("no unexpected console errors in the page", unexpected.length === 0,
        JSON.stringify(unexpected));
  await browser.close();
  console.log(`UPLOADED: ${JSON.stringify(uploaded)}`);
}

main().then(
  () => process.exit(failed ? 1 : 0),
  (e) => {
    console.log(`FAIL: the browser test stopped: ${e.stack || e}`);
    console.log(`UPLOADED: ${JSON.stringify(uploaded)}`);
    process.exit(1);
  });
