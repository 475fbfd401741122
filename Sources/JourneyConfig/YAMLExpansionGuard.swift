// libyaml, the C parser inside Yams (its `CYaml` target): its event stream shows where each alias
// is written, which Yams' composed nodes do not.
import CYaml
import JourneyModel

/// Refuses YAML bombs before they are composed: aliases that expand to too many nodes (the "billion
/// laughs" shape: nine lists of nine aliases of the list before), nesting too deep, text too long.
///
/// Yams shares an aliased node instead of copying it, so composing a bomb is cheap, but every walk
/// of the tree (checking keys, building conditions) visits each expansion: a 942-byte config took
/// 87 s and 5 GB. This check walks libyaml's events once, adding an anchor's expanded size at each
/// alias, and throws at the alias that goes over ``nodeLimit``.
/// - Complexity: O(*n*) in the bytes of the text.
enum YAMLExpansionGuard {
  /// Most bytes of config text (1 MiB).
  static let byteLimit = 1 << 20
  /// Most nodes (scalars, lists, mappings) once every alias is expanded.
  static let nodeLimit = 100_000
  /// Deepest nesting of lists and mappings.
  static let depthLimit = 256

  /// Throws a config error located at the alias (or the list or mapping) that goes over a limit.
  /// YAML syntax errors are left for Yams to report.
  static func check(_ yaml: String, file: String) throws(JourneyError) {
    var text = yaml
    let count = text.utf8.count
    guard count <= byteLimit else {
      throw JourneyError(
        kind: .config, location: file,
        message: "the config is \(count) bytes; a config may be at most \(byteLimit) bytes (1 MiB)")
    }
    let problem: (message: String, line: Int, column: Int)? = text.withUTF8 { bytes in walk(bytes) }
    if let problem {
      throw JourneyError(kind: .config, location: "\(file):\(problem.line):\(problem.column)", message: problem.message)
    }
  }

  /// The first limit the events of `bytes` go over, with its 1-based line and column.
  private static func walk(_ bytes: UnsafeBufferPointer<UInt8>) -> (message: String, line: Int, column: Int)? {
    var parser = yaml_parser_t()
    guard yaml_parser_initialize(&parser) == 1 else { return nil }
    defer { yaml_parser_delete(&parser) }
    yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
    yaml_parser_set_input_string(&parser, bytes.baseAddress, bytes.count)

    // Expanded nodes so far, the size of each anchored node, and where each open collection began.
    var total = 0
    var sizes: [String: Int] = [:]
    var open: [(anchor: String?, startTotal: Int)] = []
    var event = yaml_event_t()
    while yaml_parser_parse(&parser, &event) == 1 {
      defer { yaml_event_delete(&event) }
      let mark = event.start_mark
      let at = (line: Int(mark.line) + 1, column: Int(mark.column) + 1)
      switch event.type {
      case YAML_STREAM_END_EVENT:
        return nil
      case YAML_SCALAR_EVENT:
        total += 1
        if let anchor = name(event.data.scalar.anchor) { sizes[anchor] = 1 }
      case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
        total += 1
        let anchor = name(event.type == YAML_SEQUENCE_START_EVENT ? event.data.sequence_start.anchor : event.data.mapping_start.anchor)
        open.append((anchor, total - 1))
        if open.count > depthLimit {
          return ("lists and mappings nest deeper than \(depthLimit) levels here", at.line, at.column)
        }
      case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
        if let (anchor, startTotal) = open.popLast(), let anchor { sizes[anchor] = total - startTotal }
      case YAML_ALIAS_EVENT:
        let anchor = name(event.data.alias.anchor) ?? ""
        // An undefined alias is Yams' error to report; count it as one node.
        total += sizes[anchor] ?? 1
      default:
        break
      }
      if total > nodeLimit {
        guard event.type == YAML_ALIAS_EVENT else {
          return ("the config has more than \(nodeLimit) values (lists, mappings, scalars) here", at.line, at.column)
        }
        let alias = name(event.data.alias.anchor) ?? ""
        return (
          "alias '*\(alias)' expands the config to more than \(nodeLimit) values (a YAML alias bomb?); expand fewer aliases",
          at.line, at.column
        )
      }
    }
    return nil  // a syntax error: Yams reports it with its location
  }

  private static func name(_ anchor: UnsafeMutablePointer<yaml_char_t>?) -> String? {
    anchor.map { String(cString: $0) }
  }
}
