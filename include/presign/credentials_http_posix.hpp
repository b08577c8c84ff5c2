// SPDX-License-Identifier: MIT
// presign: a built-in plain-http transport for the link-local credentials endpoints (IMDS
// 169.254.169.254 / fd00:ec2::254, ECS 169.254.170.2, EKS 169.254.170.23 / fd00:ec2::23,
// loopback). Opt-in, POSIX sockets, no dependency. HTTP/1.1 with `Connection: close`; the body
// ends at Content-Length or at the close; chunked answers are refused. IP literals and
// "localhost" only (no DNS: these endpoints are addresses). https is the user's transport's
// job (the README shows a libcurl one).
// Compiled only where there are POSIX sockets (PRESIGN_HAS_POSIX_SOCKETS): not on bare metal,
// not on Windows (no winsock version yet). Define PRESIGN_NO_SOCKETS to leave it out anyway.
#pragma once

#if !defined(PRESIGN_NO_SOCKETS) && (defined(__unix__) || defined(__APPLE__)) && __has_include(<sys/socket.h>)
#  define PRESIGN_HAS_POSIX_SOCKETS 1
#else
#  define PRESIGN_HAS_POSIX_SOCKETS 0
#endif

#if PRESIGN_HAS_POSIX_SOCKETS

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "presign/config.hpp"
#include "presign/credentials_http.hpp"
#include "presign/error.hpp"

namespace presign::inline v0 {

/// Sends http_requests over plain TCP. Errors: invalid_endpoint (https, a host that is not an
/// IP literal or localhost), invalid_header (CR/LF or other control bytes in a header or the
/// path), credentials_unavailable (refused, unreachable, connect or read timeout),
/// malformed_response (not HTTP/1.x, truncated before Content-Length, chunked, or over
/// max_response_bytes). The answer's body views a buffer of this object, valid until its next
/// call. Not thread-safe (providers call it from one thread at a time). Allocates its buffer.
class plain_http_transport {
 public:
  struct options {
    int connect_timeout_ms = 1000;          ///< botocore's IMDS default is 1 s
    int read_timeout_ms = 1000;             ///< for sending the request and reading the whole answer
    std::size_t max_response_bytes = 65536; ///< status line, headers and body (<= 1 GiB)
  };

  plain_http_transport() = default;
  explicit plain_http_transport(options o) : options_(o) {}

  [[nodiscard]] result<http_response> operator()(const http_request& r) {
    if (r.scheme != "http") return errc::invalid_endpoint;
    const std::string_view host = detail::ascii_iequals(r.host, "localhost") ? std::string_view{"127.0.0.1"} : r.host;
    if (!text_ok(r.method) || !text_ok(r.path) || r.path.empty() || r.path.front() != '/') return errc::invalid_header;
    for (const http_header& h : r.headers()) {
      if (!text_ok(h.name) || !value_ok(h.value)) return errc::invalid_header;
    }
    // The request text.
    buffer_.clear();
    buffer_.append(r.method).append(" ").append(r.path).append(" HTTP/1.1\r\nHost: ");
    const bool v6 = host.find(':') != std::string_view::npos;
    if (v6) buffer_.append("[");
    buffer_.append(host);
    if (v6) buffer_.append("]");
    if (r.port != 80) buffer_.append(":").append(std::to_string(r.port));
    buffer_.append("\r\n");
    for (const http_header& h : r.headers()) buffer_.append(h.name).append(": ").append(h.value).append("\r\n");
    if (!r.body.empty() || r.method == "PUT" || r.method == "POST") {
      buffer_.append("Content-Length: ").append(std::to_string(r.body.size())).append("\r\n");
    }
    buffer_.append("Connection: close\r\n\r\n").append(r.body);

    const socket_fd s = connect_to(std::string{host}, r.port);
    if (s.fd < 0) return errc::credentials_unavailable;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(options_.read_timeout_ms);
    if (!send_all(s.fd, buffer_, deadline)) return errc::credentials_unavailable;
    return read_answer(s.fd, deadline);
  }

 private:
  struct socket_fd {
    int fd = -1;
    socket_fd() = default;
    explicit socket_fd(int f) noexcept : fd(f) {}
    socket_fd(const socket_fd&) = delete;
    socket_fd& operator=(const socket_fd&) = delete;
    socket_fd(socket_fd&& o) noexcept : fd(o.fd) { o.fd = -1; }
    ~socket_fd() {
      if (fd >= 0) ::close(fd);
    }
  };

  options options_{};
  std::string buffer_;  // the request, then the answer

  static bool text_ok(std::string_view s) noexcept {
    for (char c : s) {
      const auto u = static_cast<unsigned char>(c);
      if (u <= 0x20 || u >= 0x7F) return false;
    }
    return !s.empty();
  }
  static bool value_ok(std::string_view s) noexcept {
    for (char c : s) {
      const auto u = static_cast<unsigned char>(c);
      if ((u < 0x20 && u != '\t') || u == 0x7F) return false;
    }
    return true;
  }
  static int remaining_ms(std::chrono::steady_clock::time_point deadline) noexcept {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    return left.count() <= 0 ? 0 : static_cast<int>(left.count());
  }
  // Waits for `events` on fd until the deadline; false on timeout or error.
  static bool wait_for(int fd, short events, std::chrono::steady_clock::time_point deadline) noexcept {
    for (;;) {
      pollfd p{fd, events, 0};
      const int ms = remaining_ms(deadline);
      if (ms == 0) return false;
      const int n = ::poll(&p, 1, ms);
      if (n > 0) return true;
      if (n == 0 || errno != EINTR) return false;
    }
  }

  socket_fd connect_to(const std::string& host, std::uint16_t port) const {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;  // never DNS
    addrinfo* found = nullptr;
    if (::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found) != 0 || found == nullptr) {
      return socket_fd{};
    }
    socket_fd s{::socket(found->ai_family, found->ai_socktype, found->ai_protocol)};
    bool ok = s.fd >= 0;
    if (ok) {
      const int flags = ::fcntl(s.fd, F_GETFL, 0);
      ok = flags >= 0 && ::fcntl(s.fd, F_SETFL, flags | O_NONBLOCK) == 0;
    }
#ifdef SO_NOSIGPIPE
    if (ok) {
      const int one = 1;
      (void)::setsockopt(s.fd, SOL_SOCKET, SO_NOSIGPIPE, &one, sizeof one);
    }
#endif
    if (ok && ::connect(s.fd, found->ai_addr, found->ai_addrlen) != 0) {
      ok = errno == EINPROGRESS &&
           wait_for(s.fd, POLLOUT, std::chrono::steady_clock::now() + std::chrono::milliseconds(options_.connect_timeout_ms));
      if (ok) {
        int err = 0;
        socklen_t len = sizeof err;
        ok = ::getsockopt(s.fd, SOL_SOCKET, SO_ERROR, &err, &len) == 0 && err == 0;
      }
    }
    ::freeaddrinfo(found);
    return ok ? std::move(s) : socket_fd{};
  }

  static bool send_all(int fd, std::string_view data, std::chrono::steady_clock::time_point deadline) noexcept {
#ifdef MSG_NOSIGNAL
    constexpr int flags = MSG_NOSIGNAL;  // a peer that closed early must not kill us with SIGPIPE
#else
    constexpr int flags = 0;
#endif
    while (!data.empty()) {
      const ssize_t n = ::send(fd, data.data(), data.size(), flags);
      if (n > 0) {
        data.remove_prefix(static_cast<std::size_t>(n));
      } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
        if (!wait_for(fd, POLLOUT, deadline)) return false;
      } else {
        return false;
      }
    }
    return true;
  }

  // Reads until the body is complete (Content-Length) or the peer closes, then parses.
  result<http_response> read_answer(int fd, std::chrono::steady_clock::time_point deadline) {
    // One byte more than the limit, to tell "exactly the limit" from "over it".
    const std::size_t limit = options_.max_response_bytes < (std::size_t{1} << 30) ? options_.max_response_bytes : (std::size_t{1} << 30);
    buffer_.assign(limit + 1, '\0');
    std::size_t got = 0;
    std::size_t header_end = std::string::npos;
    std::size_t content_length = std::string::npos;
    bool closed = false;
    for (;;) {
      if (header_end != std::string::npos && content_length != std::string::npos &&
          got - header_end >= content_length) {
        break;
      }
      if (got == buffer_.size()) return errc::malformed_response;  // over the limit
      if (!wait_for(fd, POLLIN, deadline)) return errc::credentials_unavailable;  // read timeout
      const ssize_t n = ::recv(fd, &buffer_[got], buffer_.size() - got, 0);
      if (n < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) continue;
        return errc::credentials_unavailable;
      }
      if (n == 0) {
        closed = true;
        break;
      }
      got += static_cast<std::size_t>(n);
      if (header_end == std::string::npos) {
        const std::size_t e = std::string_view{buffer_.data(), got}.find("\r\n\r\n");
        if (e != std::string_view::npos) {
          header_end = e + 4;
          const errc h = parse_headers(std::string_view{buffer_.data(), e}, content_length);
          if (h != errc::ok) return h;
        }
      }
    }
    if (header_end == std::string::npos) return errc::malformed_response;  // closed inside the headers
    const std::string_view all{buffer_.data(), got};
    std::size_t body_size = got - header_end;
    if (content_length != std::string::npos) {
      if (body_size < content_length) return errc::malformed_response;  // truncated
      body_size = content_length;
    } else if (!closed) {
      return errc::malformed_response;
    }
    const std::string_view status_line = all.substr(0, all.find("\r\n"));
    http_response resp;
    resp.status = (status_line[9] - '0') * 100 + (status_line[10] - '0') * 10 + (status_line[11] - '0');
    resp.body = all.substr(header_end, body_size);
    return resp;
  }

  // Checks the status line; finds Content-Length; refuses chunked answers.
  static errc parse_headers(std::string_view head, std::size_t& content_length) noexcept {
    const std::size_t eol = head.find("\r\n");
    const std::string_view status_line = head.substr(0, eol);
    if (status_line.size() < 12 || status_line.substr(0, 7) != "HTTP/1." || status_line[8] != ' ' ||
        (status_line.size() > 12 && status_line[12] != ' ')) {
      return errc::malformed_response;
    }
    for (std::size_t i = 9; i < 12; ++i) {
      if (status_line[i] < '0' || status_line[i] > '9') return errc::malformed_response;
    }
    std::string_view rest = eol == std::string_view::npos ? std::string_view{} : head.substr(eol + 2);
    while (!rest.empty()) {
      const std::size_t e = rest.find("\r\n");
      const std::string_view line = rest.substr(0, e);
      rest = e == std::string_view::npos ? std::string_view{} : rest.substr(e + 2);
      const std::size_t colon = line.find(':');
      if (colon == std::string_view::npos) return errc::malformed_response;
      const std::string_view name = line.substr(0, colon);
      std::string_view value = line.substr(colon + 1);
      while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
      while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
      if (detail::ascii_iequals(name, "transfer-encoding")) return errc::malformed_response;  // chunked: not for these endpoints
      if (detail::ascii_iequals(name, "content-length")) {
        if (value.empty() || value.size() > 12 || content_length != std::string::npos) return errc::malformed_response;
        std::size_t v = 0;
        for (char c : value) {
          if (c < '0' || c > '9') return errc::malformed_response;
          v = v * 10 + static_cast<std::size_t>(c - '0');
        }
        content_length = v;
      }
    }
    return errc::ok;
  }
};

}  // namespace presign::inline v0

#endif  // PRESIGN_HAS_POSIX_SOCKETS
