/// How a source's bytes are encoded, sniffed from its first bytes (`1f 8b` is gzip), never from its name.
package enum Compression: String, Sendable {
  case gzip
  case none
}
