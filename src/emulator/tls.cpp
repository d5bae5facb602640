#include "emulator/tls.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <stdexcept>

#include "emulator/state.hpp"

namespace magritte::emulator {
namespace fs = std::filesystem;
namespace {

constexpr const char* kSubjectAltNames =
    "DNS:storage.emulator.test,DNS:*.emulator.test,DNS:localhost,IP:127.0.0.1";

std::string openssl_error(const std::string& what) {
  const unsigned long code = ERR_get_error();
  char text[256] = "unknown error";
  if (code != 0) ERR_error_string_n(code, text, sizeof(text));
  return what + ": " + text;
}

template <typename T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* pointer) const { Free(pointer); }
};
using KeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using CertPtr = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;

void add_extension(X509* cert, int nid, const char* value) {
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, cert, cert, nullptr, nullptr, 0);
  X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value);
  if (extension == nullptr) throw std::runtime_error(openssl_error("certificate extension"));
  X509_add_ext(cert, extension, -1);
  X509_EXTENSION_free(extension);
}

void set_random_serial(X509* cert) {
  BIGNUM* number = BN_new();
  BN_rand(number, 63, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY);
  BN_to_ASN1_INTEGER(number, X509_get_serialNumber(cert));
  BN_free(number);
}

CertPtr make_certificate(EVP_PKEY* key) {
  CertPtr cert(X509_new());
  X509_set_version(cert.get(), 2);  // v3
  set_random_serial(cert.get());
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -24L * 3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 10L * 365 * 24 * 3600);
  X509_set_pubkey(cert.get(), key);
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("magritte"), -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("magritte emulator"), -1, -1, 0);
  X509_set_issuer_name(cert.get(), name);
  // Self-signed and used as its own CA file by clients: CA:TRUE with keyCertSign keeps
  // strict verifiers happy; SKI before AKI because AKI is derived from it.
  add_extension(cert.get(), NID_basic_constraints, "critical,CA:TRUE");
  add_extension(cert.get(), NID_key_usage, "critical,digitalSignature,keyCertSign");
  add_extension(cert.get(), NID_ext_key_usage, "serverAuth");
  add_extension(cert.get(), NID_subject_key_identifier, "hash");
  add_extension(cert.get(), NID_authority_key_identifier, "keyid:always");
  add_extension(cert.get(), NID_subject_alt_name, kSubjectAltNames);
  if (X509_sign(cert.get(), key, EVP_sha256()) == 0) {
    throw std::runtime_error(openssl_error("cannot sign the emulator certificate"));
  }
  return cert;
}

template <typename Write>
std::string to_pem(Write write) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!write(bio.get())) throw std::runtime_error(openssl_error("cannot encode PEM"));
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(size));
}

bool usable_pair(const TlsFiles& files) {
  if (!fs::exists(files.cert) || !fs::exists(files.key)) return false;
  SSL_CTX* context = SSL_CTX_new(TLS_server_method());
  const bool ok = SSL_CTX_use_certificate_chain_file(context, files.cert.c_str()) == 1 &&
                  SSL_CTX_use_PrivateKey_file(context, files.key.c_str(), SSL_FILETYPE_PEM) == 1 &&
                  SSL_CTX_check_private_key(context) == 1;
  SSL_CTX_free(context);
  ERR_clear_error();
  return ok;
}

void create_pair(const TlsFiles& files) {
  KeyPtr key(EVP_EC_gen("P-256"));
  if (!key) throw std::runtime_error(openssl_error("cannot generate the emulator key"));
  CertPtr cert = make_certificate(key.get());
  const std::string key_pem = to_pem([&](BIO* bio) {
    return PEM_write_bio_PrivateKey(bio, key.get(), nullptr, nullptr, 0, nullptr, nullptr) == 1;
  });
  const std::string cert_pem = to_pem([&](BIO* bio) { return PEM_write_bio_X509(bio, cert.get()) == 1; });
  write_file_atomic(files.key, key_pem);
  fs::permissions(files.key, fs::perms::owner_read | fs::perms::owner_write);
  write_file_atomic(files.cert, cert_pem);
}

class TlsStream final : public Stream {
public:
  explicit TlsStream(SSL* ssl) : ssl_(ssl) {}
  ~TlsStream() override {
    SSL_shutdown(ssl_);  // best effort close_notify; the socket closes right after
    SSL_free(ssl_);
  }
  std::ptrdiff_t read_some(char* buffer, std::size_t size) override {
    const int got = SSL_read(ssl_, buffer, static_cast<int>(std::min<std::size_t>(size, 1 << 30)));
    if (got > 0) return got;
    return SSL_get_error(ssl_, got) == SSL_ERROR_ZERO_RETURN ? 0 : -1;
  }
  bool write_all(std::string_view data) override {
    while (!data.empty()) {
      const int sent = SSL_write(ssl_, data.data(), static_cast<int>(std::min<std::size_t>(data.size(), 1 << 30)));
      if (sent <= 0) return false;
      data.remove_prefix(static_cast<std::size_t>(sent));
    }
    return true;
  }

private:
  SSL* ssl_;
};

}  // namespace

TlsFiles ensure_certificate(const fs::path& tls_dir) {
  fs::create_directories(tls_dir);
  const TlsFiles files{tls_dir / "cert.pem", tls_dir / "key.pem"};
  const int lock = ::open((tls_dir / ".lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (lock >= 0) ::flock(lock, LOCK_EX);
  try {
    if (!usable_pair(files)) create_pair(files);
  } catch (...) {
    if (lock >= 0) ::close(lock);
    throw;
  }
  if (lock >= 0) ::close(lock);  // closing releases the flock
  return files;
}

TlsServer::TlsServer(const TlsFiles& files) : context_(SSL_CTX_new(TLS_server_method())) {
  if (context_ == nullptr) throw std::runtime_error(openssl_error("SSL_CTX_new"));
  SSL_CTX_set_min_proto_version(context_, TLS1_2_VERSION);
  SSL_CTX_set_mode(context_, SSL_MODE_AUTO_RETRY);
  if (SSL_CTX_use_certificate_chain_file(context_, files.cert.c_str()) != 1 ||
      SSL_CTX_use_PrivateKey_file(context_, files.key.c_str(), SSL_FILETYPE_PEM) != 1) {
    const std::string message = openssl_error("cannot load " + files.cert.string());
    SSL_CTX_free(context_);
    throw std::runtime_error(message);
  }
}

TlsServer::~TlsServer() { SSL_CTX_free(context_); }

std::unique_ptr<Stream> TlsServer::accept(int fd, std::string& error) const {
  SSL* ssl = SSL_new(context_);
  if (ssl == nullptr || SSL_set_fd(ssl, fd) != 1) {
    error = openssl_error("SSL_new");
    SSL_free(ssl);
    return nullptr;
  }
  if (SSL_accept(ssl) != 1) {
    error = openssl_error("TLS handshake failed");
    SSL_free(ssl);
    return nullptr;
  }
  return std::make_unique<TlsStream>(ssl);
}

}  // namespace magritte::emulator
