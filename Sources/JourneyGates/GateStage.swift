/// A stage named in a gate, with the column where its name starts (for "unknown stage" errors).
package struct GateStage: Sendable, Hashable {
  package var name: String
  package var column: Int

  package init(_ name: String, column: Int) {
    self.name = name
    self.column = column
  }

  /// The name as a gate writes it: bare when it lexes as one word, else quoted.
  package var written: String {
    let bare = name.first.map { $0.isLetter || $0 == "_" } ?? false
      && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." }
      && !["and", "or"].contains(name)
    if bare { return name }
    var quoted = "\""
    for character in name {
      if character == "\"" || character == "\\" { quoted.append("\\") }
      quoted.append(character)
    }
    return quoted + "\""
  }
}
