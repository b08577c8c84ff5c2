// SPDX-License-Identifier: MIT
// The smallest HTTP/1.1 server the example web app needs: loopback only, one thread per
// connection, GET and POST without bodies (the API takes its arguments in the query string),
// every answer `Connection: close`. Not a production server: it exists so the example needs
// nothing but the C++ standard library, POSIX sockets and presign.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>

namespace web_app {

struct http_request {
  std::string method;
  std::string path;                          ///< decoded, without the query
  std::map<std::string, std::string> query;  ///< decoded names and values
  /// The value of query parameter `name`, or `fallback`.
  [[nodiscard]] std::string param(const std::string& name, std::string fallback = {}) const {
    const auto it = query.find(name);
    return it == query.end() ? fallback : it->second;
  }
};

struct http_response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
};

/// Percent-decoding of a URL component; `plus_is_space` for query strings (HTML forms and
/// URLSearchParams write a space as '+'). A malformed escape is kept literally.
inline std::string url_decode(std::string_view in, bool plus_is_space) {
  const auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '%' && i + 2 < in.size() && hex(in[i + 1]) >= 0 && hex(in[i + 2]) >= 0) {
      out += static_cast<char>(hex(in[i + 1]) * 16 + hex(in[i + 2]));
      i += 2;
    } else {
      out += plus_is_space && in[i] == '+' ? ' ' : in[i];
    }
  }
  return out;
}

/// Parses "METHOD TARGET HTTP/1.x" (the first line of `head`). False when malformed, and
/// when TARGET is not origin-form ("/path[?query]"): an empty, "*" or absolute-form target
/// is refused here, so the routes only ever see a path that starts with '/'.
inline bool parse_request_line(std::string_view head, http_request& request) {
  const std::size_t eol = head.find("\r\n");
  const std::string_view line = head.substr(0, eol);
  const std::size_t sp1 = line.find(' ');
  const std::size_t sp2 = line.rfind(' ');
  if (sp1 == std::string_view::npos || sp2 == sp1 || !line.substr(sp2 + 1).starts_with("HTTP/")) {
    return false;
  }
  request.method = std::string(line.substr(0, sp1));
  const std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  if (!target.starts_with('/')) return false;
  const std::size_t q = target.find('?');
  request.path = url_decode(target.substr(0, q), false);
  if (q == std::string_view::npos) return true;
  std::string_view rest = target.substr(q + 1);
  while (!rest.empty()) {
    const std::size_t amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    const std::size_t eq = pair.find('=');
    request.query[url_decode(pair.substr(0, eq), true)] =
        eq == std::string_view::npos ? std::string() : url_decode(pair.substr(eq + 1), true);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
  }
  return true;
}

/// The value of the request's one Host header (surrounding blanks trimmed), or "" when it has
/// none or more than one.
inline std::string host_header(std::string_view head) {
  std::string host;
  int count = 0;
  std::size_t at = head.find("\r\n");
  while (at != std::string_view::npos) {
    const std::size_t start = at + 2;
    at = head.find("\r\n", start);
    const std::string_view line =
        head.substr(start, at == std::string_view::npos ? at : at - start);
    const std::size_t colon = line.find(':');
    if (colon != 4) continue;
    bool is_host = true;
    for (std::size_t i = 0; i < 4; ++i) {
      is_host = is_host && (line[i] | 0x20) == "host"[i];
    }
    if (!is_host) continue;
    std::string_view value = line.substr(5);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
      value.remove_prefix(1);
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
    host = std::string(value);
    ++count;
  }
  return count == 1 ? host : std::string();
}

/// `s` as a JSON string literal (UTF-8 passes through; quotes, backslashes and control
/// characters are escaped).
inline std::string json_string(std::string_view s) {
  std::string out = "\"";
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20) {
      char esc[8];
      std::snprintf(esc, sizeof esc, "\\u%04x", u);
      out += esc;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

inline const char* reason_phrase(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 400:
      return "Bad Request";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    default:
      return "Internal Server Error";
  }
}

using handler = std::function<http_response(const http_request&)>;

inline void send_all(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n <= 0) return;
    data.remove_prefix(static_cast<std::size_t>(n));
  }
}

/// Reads one request head from `fd`, answers it with `handle`, closes `fd`. Only requests
/// whose Host is 127.0.0.1:`port` or localhost:`port` reach `handle`: any other name is a
/// page that got here by DNS rebinding (its own name resolved to 127.0.0.1), which would
/// otherwise be same-origin with this API and could read every link it signs.
inline void serve_connection(int fd, std::uint16_t port, const handler& handle) {
  // A browser may open a connection speculatively and never use it: don't wait forever.
  // SO_RCVTIMEO bounds one recv; the deadline bounds the whole head, so a client that sends
  // a byte every few seconds cannot hold a thread for hours.
  const timeval timeout{5, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  std::string head;
  char chunk[4096];
  while (head.find("\r\n\r\n") == std::string::npos && head.size() < 16384 &&
         std::chrono::steady_clock::now() < deadline) {
    const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) break;
    head.append(chunk, static_cast<std::size_t>(n));
  }
  http_request request;
  http_response response;
  if (head.find("\r\n\r\n") == std::string::npos) {
    ::close(fd);
    return;
  }
  const std::string host = host_header(head);
  const std::string port_suffix = ":" + std::to_string(port);
  if (!parse_request_line(head, request)) {
    response = {400, "text/plain", "malformed request line\n"};
  } else if (host != "127.0.0.1" + port_suffix && host != "localhost" + port_suffix &&
             (port != 80 || (host != "127.0.0.1" && host != "localhost"))) {
    response = {403, "text/plain", "Host must be 127.0.0.1" + port_suffix + "\n"};
  } else {
    try {
      response = handle(request);
    } catch (const std::exception&) {  // a bug in a route answers 500, it does not stop the server
      response = {500, "text/plain", "internal error\n"};
    }
  }
  std::string out = "HTTP/1.1 " + std::to_string(response.status) + " " +
                    reason_phrase(response.status) + "\r\nContent-Type: " + response.content_type +
                    "\r\nContent-Length: " + std::to_string(response.body.size()) +
                    "\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n";
  out += response.body;
  send_all(fd, out);
  ::close(fd);
}

/// Listens on 127.0.0.1:`port` (0: a free port), calls `on_listening(port)` once bound, then
/// serves forever. Returns 1 (after printing why) when it cannot listen.
inline int serve(std::uint16_t port, const std::function<void(std::uint16_t)>& on_listening,
                 const handler& handle) {
  const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
  if (listener < 0) {
    std::perror("socket");
    return 1;
  }
  const int one = 1;
  ::setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);  // loopback only: this is a demo
  socklen_t length = sizeof address;
  if (::bind(listener, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
      ::listen(listener, 64) != 0 ||
      ::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    std::perror("bind/listen 127.0.0.1");
    return 1;
  }
  const std::uint16_t bound_port = ntohs(address.sin_port);
  on_listening(bound_port);
  for (;;) {
    const int fd = ::accept(listener, nullptr, nullptr);
    if (fd < 0) {
      // Out of descriptors (or memory): the connection stays queued, so retrying at once
      // would spin a core until some connection closes. Wait a little instead.
      if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
      continue;
    }
    try {
      std::thread([fd, bound_port, &handle] { serve_connection(fd, bound_port, handle); }).detach();
    } catch (const std::system_error&) {  // no thread to be had: drop this one, keep serving
      ::close(fd);
    }
  }
}

}  // namespace web_app
