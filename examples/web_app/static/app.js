// SPDX-License-Identifier: MIT
// The page's logic: ask the back end to sign, then talk to the bucket directly.
const $ = (id) => document.getElementById(id);

function log(text, ok) {
  const li = document.createElement("li");
  li.textContent = text;
  li.className = ok ? "ok" : "refused";
  $("log").append(li);
}

// One call of the back end's API (arguments in the query string, JSON back).
async function api(method, path, params) {
  const response = await fetch(`${path}?${new URLSearchParams(params)}`, { method });
  const body = await response.json();
  if (!response.ok) throw new Error(`${path}: ${body.error}`);
  return body;
}

// A presigned PUT: send the file with exactly the headers presign listed (Content-Type is
// signed, so the browser must not pick its own; If-None-Match: * when the slot is single-use;
// Content-Length is signed too, but browsers set it themselves from the body and ignore it in
// `headers`).
export async function putFile(file, { noOverwrite = true, expires = 600 } = {}) {
  const type = file.type || "application/octet-stream";
  const slot = await api("POST", "/api/upload", {
    name: file.name, type, size: file.size, no_overwrite: noOverwrite ? "1" : "0", expires,
  });
  const response = await fetch(slot.url, {
    method: slot.method, headers: slot.headers, body: file,
  });
  return { slot, status: response.status, ok: response.ok };
}

// A presigned GET that makes the browser save the object as `name`.
export async function downloadLink(key, name, expires = 600) {
  return (await api("GET", "/api/download", { key, name, expires })).url;
}

// A presigned POST: the policy's fields in the order given, the file last (S3 ignores
// anything after it). `edit` may change fields first (the tests use it to break the policy).
export async function postFile(file, { edit = (fields) => fields } = {}) {
  const type = file.type || "application/octet-stream";
  const form = await api("POST", "/api/post-form", { type });
  const body = new FormData();
  for (const [name, value] of edit(form.fields)) body.append(name, value);
  body.append(form.file_field, file);
  const response = await fetch(form.url, { method: "POST", body });
  const text = response.ok ? "" : await response.text();
  const code = /<Code>([^<]*)<\/Code>/.exec(text);
  return { form, status: response.status, ok: response.ok, code: code ? code[1] : "" };
}

function showLink(anchor, url, name) {
  anchor.href = url;
  anchor.textContent = `download ${name}`;
  anchor.hidden = false;
}

async function onPut() {
  const file = $("put-file").files[0];
  if (!file) return;
  $("put-download").hidden = true;
  $("put-status").textContent = "uploading...";
  try {
    const noOverwrite = $("put-no-overwrite").checked;
    const { slot, status, ok } = await putFile(file, { noOverwrite });
    $("put-status").textContent = ok ? `uploaded ${slot.key} (HTTP ${status})`
                                     : `refused: HTTP ${status}`;
    log(`PUT ${file.name} (${file.size} bytes): HTTP ${status}`, ok);
    if (ok) showLink($("put-download"), await downloadLink(slot.key, file.name), file.name);
  } catch (e) {
    $("put-status").textContent = `failed: ${e.message}`;
    log(`PUT ${file.name}: ${e.message}`, false);
  }
}

async function onPost() {
  const file = $("post-file").files[0];
  if (!file) return;
  $("post-download").hidden = true;
  $("post-status").textContent = "uploading...";
  try {
    const { form, status, ok, code } = await postFile(file);
    const key = form.fields.find(([name]) => name === "key")[1].replace("${filename}", file.name);
    $("post-status").textContent = ok ? `uploaded ${key} (HTTP ${status})`
                                      : `refused: HTTP ${status} ${code}`;
    log(`POST ${file.name} (${file.size} bytes): HTTP ${status} ${code}`, ok);
    if (ok) showLink($("post-download"), await downloadLink(key, file.name), file.name);
  } catch (e) {
    $("post-status").textContent = `failed: ${e.message}`;
    log(`POST ${file.name}: ${e.message}`, false);
  }
}

$("put-upload").addEventListener("click", onPut);
$("post-upload").addEventListener("click", onPost);
api("POST", "/api/post-form", { type: "text/plain" })
  .then((form) => { $("post-max").textContent = String(form.max_bytes); })
  .catch((e) => log(e.message, false));
window.presignDemo = { putFile, postFile, downloadLink };
