// OpenSSL's libcrypto, for SHA-256 only (the digest that keeps over-long user ids distinct).
#include <openssl/sha.h>
