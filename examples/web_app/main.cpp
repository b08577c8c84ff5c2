// SPDX-License-Identifier: MIT
// The example web app's back end: serves the page (static/) and presigns for it. The browser
// uploads and downloads straight to and from the bucket; the bytes never pass through here.
//
//   presign_web_app --bucket BUCKET [--endpoint-url URL] [--path-style] [--region REGION]
//                   [--port PORT] [--static DIR] [--post-max-bytes N]
//
// Credentials from the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
// AWS_SESSION_TOKEN); region --region, else AWS_REGION, else us-east-1. Listens on 127.0.0.1
// only and prints `listening on http://127.0.0.1:PORT/` when ready. The API (the page's
// app.js is its only client; arguments in the query string, answers in JSON):
//   POST /api/upload?name=NAME&type=TYPE[&size=N][&no_overwrite=1][&expires=S]  a PUT slot
//        for uploads/NAME with Content-Type TYPE bound (and Content-Length N when given,
//        If-None-Match: * when no_overwrite)
//   GET  /api/download?key=KEY&name=NAME[&expires=S]  a GET link that saves KEY as NAME
//   POST /api/post-form?type=TYPE[&expires=S]  a POST form for post-uploads/<file name>
#include <presign/presign.hpp>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "http.hpp"

#ifndef PRESIGN_WEB_APP_STATIC_DIR
#define PRESIGN_WEB_APP_STATIC_DIR "static"
#endif

namespace {

using web_app::http_request;
using web_app::http_response;
using web_app::json_string;

struct app_config {
  std::string bucket;
  std::string endpoint_url;
  std::string region;
  bool path_style = false;
  std::uint16_t port = 8080;
  std::string static_dir = PRESIGN_WEB_APP_STATIC_DIR;
  std::int64_t post_max_bytes = 1 << 20;
};

http_response error_response(int status, std::string_view why) {
  return {status, "application/json", "{\"error\":" + json_string(why) + "}"};
}

/// The `expires` parameter: 1..3600 seconds (default 600). False when malformed.
bool read_expiry(const http_request& r, std::int64_t& out) {
  const std::string text = r.param("expires", "600");
  char* end = nullptr;
  const long long v = std::strtoll(text.c_str(), &end, 10);
  if (end == text.c_str() || *end != '\0' || v < 1 || v > 3600) return false;
  out = v;
  return true;
}

// readme: begin web_app_disposition
/// `attachment` with the file name for every browser: `filename*=UTF-8''...` (RFC 6266,
/// percent-encoded UTF-8) and an ASCII-only `filename="..."` fallback for old clients.
std::string attachment_disposition(std::string_view name) {
  std::string ascii, encoded;
  for (const char c : name) {
    const auto u = static_cast<unsigned char>(c);
    const bool attr_char = (u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') ||
                           (u >= '0' && u <= '9') ||
                           std::string_view("!#$&+-.^_`|~").find(c) != std::string_view::npos;
    ascii += u < 0x20 || u >= 0x7f || c == '"' || c == '\\' ? '_' : c;
    if (attr_char) {
      encoded += c;
    } else {
      static constexpr char hex[] = "0123456789ABCDEF";
      encoded += '%';
      encoded += hex[u >> 4];
      encoded += hex[u & 15];
    }
  }
  return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
}
// readme: end

using url_signer_t =
    presign::basic_presigner<presign::environment_credentials, presign::system_clock>;
using form_signer_t =
    presign::basic_post_signer<presign::environment_credentials, presign::system_clock>;

/// The three API calls. Holds references: config and signers outlive the server loop.
class api {
 public:
  api(const app_config& config, const url_signer_t& urls, const form_signer_t& forms)
      : config_(config), presigner_(urls), post_signer_(forms) {}

  http_response upload_slot(const http_request& r) const {
    const std::string name = r.param("name");
    const std::string content_type = r.param("type", "application/octet-stream");
    std::int64_t expires_in = 0;
    // "." and ".." would sign uploads/. and uploads/.., which no browser sends as is: URL
    // parsing removes dot segments (also %2E%2E), so the PUT would go to another path.
    if (name.empty() || name == "." || name == ".." || name.find('/') != std::string::npos) {
      return error_response(400, "name: a file name without '/', not '.' or '..'");
    }
    if (!read_expiry(r, expires_in)) return error_response(400, "expires: 1..3600 seconds");
    const std::string key = "uploads/" + name;
    const std::string size = r.param("size");  // the file's size in bytes, when the page knows it
    // As the browser writes Content-Length: digits, no leading zero (S3 compares the signed
    // value as text, so "05" would sign a slot no browser can use), at most S3's 5 GiB for one
    // PUT (a larger signed length is a slot S3 refuses anyway).
    if (size.find_first_not_of("0123456789") != std::string::npos || size.size() > 11 ||
        (size.size() > 1 && size.front() == '0') ||
        (!size.empty() && std::stoll(size) > (std::int64_t{5} << 30))) {
      return error_response(400, "size: a number of bytes, 0..5368709120, no leading zero");
    }
    // readme: begin web_app_upload_slot
    // Content-Type is signed: S3 refuses the PUT unless the browser sends exactly this value.
    // If-None-Match: * makes the slot single-use: S3 refuses it once the key exists (412).
    // A signed Content-Length caps the size: the browser sets it from the body, and S3 refuses
    // any other length (403).
    std::vector<presign::request_header> headers = {{"Content-Type", content_type}};
    if (r.param("no_overwrite") == "1") headers.push_back({"If-None-Match", "*"});
    if (!size.empty()) headers.push_back({"Content-Length", size});
    presign::presign_request request;
    request.method = "PUT";
    request.bucket = config_.bucket;
    request.key = key;
    request.headers = headers;
    request.expires_in = expires_in;
    std::vector<char> buffer(4096);
    auto slot = presigner_.presign(request, buffer);
    if (!slot && slot.error() == presign::errc::buffer_too_small) {  // a long key or token
      buffer.resize(slot.required_size());
      slot = presigner_.presign(request, buffer);
    }
    if (!slot) return error_response(400, presign::to_string(slot.error()));
    // The page must send exactly slot->headers with the PUT (and the CORS rule must allow them).
    std::string json_headers;
    for (const presign::http_header h : slot->headers) {
      json_headers +=
          (json_headers.empty() ? "" : ",") + json_string(h.name) + ":" + json_string(h.value);
    }
    // readme: end
    return {200, "application/json",
            "{\"method\":" + json_string(slot->method) + ",\"url\":" + json_string(slot->url) +
                ",\"key\":" + json_string(key) + ",\"headers\":{" + json_headers +
                "},\"expires_at\":" + std::to_string(slot->expires_at) + "}"};
  }

  http_response download_link(const http_request& r) const {
    const std::string key = r.param("key");
    const std::string name = r.param("name");
    std::int64_t expires_in = 0;
    if (key.empty() || name.empty()) return error_response(400, "key and name are required");
    // Links only for what this page uploads: a back end that signs any key hands out every
    // private object in the bucket to whoever can reach it.
    if (!key.starts_with("uploads/") && !key.starts_with("post-uploads/")) {
      return error_response(403, "key: only uploads/ and post-uploads/ can be downloaded here");
    }
    if (!read_expiry(r, expires_in)) return error_response(400, "expires: 1..3600 seconds");
    const std::string disposition = attachment_disposition(name);
    const std::array<presign::query_param, 1> response_headers = {
        {{"response-content-disposition", disposition}}};
    presign::presign_request request;
    request.bucket = config_.bucket;
    request.key = key;
    request.query = response_headers;
    request.expires_in = expires_in;
    std::vector<char> buffer(4096);
    auto link = presigner_.presign(request, buffer);
    if (!link && link.error() == presign::errc::buffer_too_small) {  // a long key or name
      buffer.resize(link.required_size());
      link = presigner_.presign(request, buffer);
    }
    if (!link) return error_response(400, presign::to_string(link.error()));
    return {200, "application/json",
            "{\"url\":" + json_string(link->url) +
                ",\"expires_at\":" + std::to_string(link->expires_at) + "}"};
  }

  http_response post_form(const http_request& r) const {
    const std::string content_type = r.param("type", "application/octet-stream");
    std::int64_t expires_in = 0;
    if (!read_expiry(r, expires_in)) return error_response(400, "expires: 1..3600 seconds");
    // readme: begin web_app_post_form
    // The policy: keys under post-uploads/ (S3 puts the browser's file name for ${filename}),
    // exactly this Content-Type, 1 byte to post_max_bytes.
    const std::array<presign::post_field, 1> fields = {{{"Content-Type", content_type}}};
    const std::array<presign::post_condition, 1> conditions = {
        {presign::post_condition::content_length_range(1, config_.post_max_bytes)}};
    presign::post_request request;
    request.bucket = config_.bucket;
    request.key = "post-uploads/${filename}";  // ["starts-with", "$key", "post-uploads/"]
    request.fields = fields;
    request.conditions = conditions;
    request.expires_in = expires_in;
    std::vector<char> buffer(2048);
    auto form = post_signer_.presign_post(request, buffer);
    if (!form && form.error() == presign::errc::buffer_too_small) {
      buffer.resize(form.required_size());
      form = post_signer_.presign_post(request, buffer);
    }
    if (!form) return error_response(400, presign::to_string(form.error()));
    // The page sends form->fields() in this order, then the file (field "file") last.
    // readme: end
    std::string json_fields;
    for (const presign::form_field& f : form->fields()) {
      json_fields += (json_fields.empty() ? "[" : ",[") + json_string(f.name) + "," +
                     json_string(f.value) + "]";
    }
    return {200, "application/json",
            "{\"url\":" + json_string(form->url) + ",\"fields\":[" + json_fields +
                "],\"file_field\":" + json_string(presign::post_file_field) +
                ",\"max_bytes\":" + std::to_string(config_.post_max_bytes) +
                ",\"expires_at\":" + std::to_string(form->expires_at) + "}"};
  }

 private:
  const app_config& config_;
  const url_signer_t& presigner_;
  const form_signer_t& post_signer_;
};

http_response static_file(const app_config& config, const std::string& path) {
  const std::string name = path == "/" ? "index.html" : path.substr(path.empty() ? 0 : 1);
  if (name != "index.html" && name != "app.js") return error_response(404, "not found");
  std::ifstream in(config.static_dir + "/" + name, std::ios::binary);
  if (!in) return error_response(404, "missing " + config.static_dir + "/" + name);
  std::ostringstream body;
  body << in.rdbuf();
  return {200, name == "app.js" ? "text/javascript; charset=utf-8" : "text/html; charset=utf-8",
          body.str()};
}

/// A decimal number of at most 15 digits, or -1.
std::int64_t read_number(std::string_view text) {
  if (text.empty() || text.size() > 15 ||
      text.find_first_not_of("0123456789") != std::string_view::npos) {
    return -1;
  }
  std::int64_t v = 0;
  for (const char c : text) v = v * 10 + (c - '0');
  return v;
}

int bad_value(const char* option, const char* what) {
  std::fprintf(stderr, "presign_web_app: %s: %s\n", option, what);
  return 2;
}

int usage(std::FILE* to, int status) {
  std::fputs(
      "usage: presign_web_app --bucket BUCKET [--endpoint-url URL] [--path-style]\n"
      "                       [--region REGION] [--port PORT] [--static DIR]\n"
      "                       [--post-max-bytes N]\n",
      to);
  return status;
}

}  // namespace

int main(int argc, char** argv) {
  app_config config;
  const char* env_region = std::getenv("AWS_REGION");
  config.region = env_region != nullptr && *env_region != '\0' ? env_region : "us-east-1";
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    const bool has_value = i + 1 < argc;
    if (a == "--help" || a == "-h") return usage(stdout, 0);
    if (a == "--path-style") {
      config.path_style = true;
    } else if (!has_value) {
      return usage(stderr, 2);
    } else if (a == "--bucket") {
      config.bucket = argv[++i];
    } else if (a == "--endpoint-url") {
      config.endpoint_url = argv[++i];
    } else if (a == "--region") {
      config.region = argv[++i];
    } else if (a == "--static") {
      config.static_dir = argv[++i];
    } else if (a == "--port") {
      const std::int64_t port = read_number(argv[++i]);
      if (port < 0 || port > 65535) return bad_value("--port", "0..65535 (0: any free port)");
      config.port = static_cast<std::uint16_t>(port);
    } else if (a == "--post-max-bytes") {
      config.post_max_bytes = read_number(argv[++i]);
      if (config.post_max_bytes < 1) return bad_value("--post-max-bytes", "a positive number");
    } else {
      return usage(stderr, 2);
    }
  }
  if (config.bucket.empty()) return bad_value("--bucket", "required");

  presign::presigner_options options;
  options.region = config.region;
  options.endpoint.endpoint_url = config.endpoint_url;
  if (config.path_style) options.endpoint.style = presign::addressing_style::path;
  // One presigner and one POST signer for all connections: both are const and thread-safe.
  const url_signer_t url_signer(presign::environment_credentials{}, presign::system_clock{},
                                options);
  const form_signer_t form_signer(presign::environment_credentials{}, presign::system_clock{},
                                  options);
  const api routes(config, url_signer, form_signer);

  return web_app::serve(
      config.port,
      [](std::uint16_t port) {
        std::printf("listening on http://127.0.0.1:%u/\n", static_cast<unsigned>(port));
        std::fflush(stdout);
      },
      [&](const http_request& r) -> http_response {
        if (r.path == "/api/upload") {
          return r.method == "POST" ? routes.upload_slot(r) : error_response(405, "POST");
        }
        if (r.path == "/api/download") {
          return r.method == "GET" ? routes.download_link(r) : error_response(405, "GET");
        }
        if (r.path == "/api/post-form") {
          return r.method == "POST" ? routes.post_form(r) : error_response(405, "POST");
        }
        if (r.method != "GET") return error_response(405, "GET");
        return static_file(config, r.path);
      });
}
