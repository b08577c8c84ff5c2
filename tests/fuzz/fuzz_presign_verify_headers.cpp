// SPDX-License-Identifier: MIT
// libFuzzer target (issue 17): the S3 presigner with many headers, hoisted or signed, and long
// query lists, checked by the verifier. Every URL presign() emits must verify with the headers
// it says to send, and the verifier's decoded request must be exactly what was signed (path,
// query parameters, signed headers, host); dropping any one header the presigner says to send
// must break verification. Then the URL is re-encoded (bytes of the path and query replaced
// by %XX in either case): whatever the verifier accepts must decode to the same request.
#include <fuzzer/FuzzedDataProvider.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include <presign/presign.hpp>

namespace {

[[noreturn]] void fail(const char* what, std::string_view url, presign::errc e) {
  std::fprintf(stderr, "fuzz_presign_verify_headers: %s: %s for %.*s\n", what,
               presign::verify_reason(e).data(), static_cast<int>(url.size()), url.data());
  std::abort();
}

std::string lower(std::string_view s) {
  std::string o(s);
  for (char& c : o) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return o;
}

std::string_view trim(std::string_view v) {
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
  return v;
}

constexpr std::int64_t when = 1700000000;
constexpr std::string_view akid = "AKIDFUZZEXAMPLE";
constexpr std::string_view secret = "fuzz/secret+key=";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  static constexpr std::array<std::string_view, 8> header_names = {
      "x-amz-meta-a", "X-Amz-Acl", "content-type", "x-amz-storage-class", "x-amz-tagging",
      "Content-Disposition", "x-amz-server-side-encryption", "x-amz-grant-read"};
  presign::presigner_options o;
  o.region = "us-east-1";
  o.endpoint.style = in.ConsumeBool() ? presign::addressing_style::path
                                      : presign::addressing_style::virtual_hosted;
  const presign::basic_presigner p(presign::static_credentials(akid, secret),
                                   presign::fixed_clock{when}, o);
  presign::presign_request req;
  req.method = in.ConsumeBool() ? "PUT" : "GET";
  req.bucket = "examplebucket";
  const std::string key = in.ConsumeRandomLengthString(120);
  req.key = key;

  std::vector<std::string> texts;
  texts.reserve(256);
  std::vector<presign::request_header> headers;
  const std::size_t nh = in.ConsumeIntegralInRange<std::size_t>(0, 24);
  for (std::size_t i = 0; i < nh; ++i) {
    const bool custom = in.ConsumeBool();
    texts.push_back(custom ? "x-amz-meta-" + in.ConsumeRandomLengthString(12)
                           : std::string(header_names[in.ConsumeIntegralInRange<std::size_t>(
                                 0, header_names.size() - 1)]));
    const std::string& name = texts.back();
    texts.push_back(in.ConsumeRandomLengthString(30));
    headers.push_back({name, texts.back(), in.ConsumeBool()});
  }
  req.headers = headers;
  std::vector<presign::query_param> query;
  const std::size_t nq = in.ConsumeIntegralInRange<std::size_t>(0, 40);
  for (std::size_t i = 0; i < nq; ++i) {
    texts.push_back(in.ConsumeRandomLengthString(12));
    const std::string& name = texts.back();
    texts.push_back(in.ConsumeRandomLengthString(30));
    query.push_back({name, texts.back()});
  }
  req.query = query;
  const std::size_t reencode_seed = in.ConsumeIntegral<std::size_t>();

  std::vector<char> out(16384);
  const auto u = p.presign(req, out);
  if (!u) return 0;  // refused: the presigner's own checks decide what is signable
  const std::string url(u->url);

  std::vector<presign::http_header> sent;
  for (const presign::http_header h : u->headers) sent.push_back(h);
  presign::verify_request v;
  v.url = url;
  v.method = req.method;
  v.headers = sent;
  v.now = when;
  v.region = "us-east-1";
  const presign::single_secret lookup{akid, secret};
  std::vector<char> work(presign::verify_work_size(url.size() * 3, 4096));

  const auto ok = presign::verify_presigned_url(v, lookup, std::span<char>(work));
  if (!ok) fail("an emitted URL does not verify", url, ok.error());
  // The decoded request is what was signed.
  const std::string want_path = o.endpoint.style == presign::addressing_style::path
                                    ? "/examplebucket/" + key
                                    : "/" + key;
  if (!ok->has_request() || ok->path() != want_path) fail("decoded path", url, presign::errc::ok);
  std::size_t hoisted = 0;
  for (const auto& h : headers) {
    if (h.hoist && presign::is_hoistable_header(h.name)) ++hoisted;
  }
  if (ok->query().size() != query.size() + hoisted) fail("decoded query size", url, presign::errc::ok);
  for (const auto& q : query) {
    bool found = false;
    for (const auto& d : ok->query()) found = found || (d.name == q.name && d.value == q.value);
    if (!found) fail("a signed parameter is missing from the decoded query", url, presign::errc::ok);
  }
  if (ok->signed_headers().size() != sent.size()) fail("decoded header count", url, presign::errc::ok);
  for (const auto& h : sent) {
    bool found = false;
    for (const auto& d : ok->signed_headers())
      found = found || (d.name == lower(h.name) && d.value == trim(h.value));
    if (!found) fail("a sent header is missing from the decoded headers", url, presign::errc::ok);
  }
  // Each header the presigner says to send is needed.
  for (std::size_t drop = 0; drop < sent.size(); ++drop) {
    std::vector<presign::http_header> fewer;
    for (std::size_t i = 0; i < sent.size(); ++i) {
      if (i != drop) fewer.push_back(sent[i]);
    }
    v.headers = fewer;
    if (presign::verify_presigned_url(v, lookup, std::span<char>(work)))
      fail("verified without a header the presigner said to send", url, presign::errc::ok);
  }
  v.headers = sent;

  // Re-encodings: up to 8 bytes after the host replaced by %XX (upper or lower hex digits).
  const std::size_t path_at = url.find('/', url.find("://") + 3);
  std::string t = url;
  std::size_t seed = reencode_seed;
  for (int k = 0; k < 8 && path_at + 1 < t.size(); ++k) {
    const std::size_t at = path_at + 1 + seed % (t.size() - path_at - 1);
    seed = seed * 6364136223846793005ull + 1442695040888963407ull;
    const char c = t[at];
    if (c == '%' || c == '&' || c == '=' || c == '?' || c == '/') continue;  // structure
    static constexpr char upper[] = "0123456789ABCDEF";
    static constexpr char lower_hex[] = "0123456789abcdef";
    const char* hex = (seed >> 40) & 1u ? upper : lower_hex;
    const auto b = static_cast<unsigned char>(c);
    t.replace(at, 1, std::string{'%', hex[b >> 4], hex[b & 15]});
  }
  v.url = t;
  std::vector<char> work2(presign::verify_work_size(t.size(), 4096));
  const auto re = presign::verify_presigned_url(v, lookup, std::span<char>(work2));
  if (re) {
    if (re->path() != ok->path() || re->query().size() != ok->query().size())
      fail("a re-encoded URL decodes to another request", t, presign::errc::ok);
    for (std::size_t i = 0; i < re->query().size(); ++i) {
      if (re->query()[i].name != ok->query()[i].name || re->query()[i].value != ok->query()[i].value)
        fail("a re-encoded URL decodes to other parameters", t, presign::errc::ok);
    }
  }
  return 0;
}
