/// Cutting a column of values to its width so that values that differ still read differently.
extension ReportFormatting {
  /// `texts` cut in the middle to `width` characters each (``truncateMiddle(_:to:)``); when two
  /// different texts would read the same, their cut moves (more of the start or of the end) until
  /// they differ, and when no cut tells them apart each is numbered by its place among the
  /// different texts (`3 Mozill…131.0`; a list of stages: the stage's place). Equal texts stay equal.
  ///
  /// - Complexity: O(*n* · `width`²) in the worst case, O(*n* · `width`) when the middle cuts differ.
  package static func cutApart(_ texts: [String], to width: Int) -> [String] {
    var cut = texts.map { truncateMiddle($0, to: width) }
    guard width > 1, Set(cut).count < Set(texts).count else { return cut }
    var ordinals: [String: Int] = [:]
    for text in texts where ordinals[text] == nil { ordinals[text] = ordinals.count + 1 }
    var groups: [String: [Int]] = [:]
    for index in cut.indices { groups[cut[index], default: []].append(index) }
    for (shown, members) in groups.sorted(by: { $0.value[0] < $1.value[0] }) {
      let originals = Set(members.map { texts[$0] })
      guard originals.count > 1 else { continue }
      let others = Set(cut).subtracting([shown])
      if let head = splits(width).first(where: { head in
        let candidates = members.map { cutAt(texts[$0], to: width, head: head) }
        let distinct = Set(candidates).count == originals.count
        return distinct && others.isDisjoint(with: candidates)
      }) {
        for index in members { cut[index] = cutAt(texts[index], to: width, head: head) }
      } else {
        for index in members {
          let number = "\(ordinals[texts[index]]!) "
          cut[index] = number.count < width ? number + truncateMiddle(texts[index], to: width - number.count) : truncateMiddle(texts[index], to: width)
        }
      }
    }
    return cut
  }

  /// `parts` joined by ` · ` into lines of at most `width` characters, a line break only between
  /// parts (the next line starts with `· `); a part longer than a line is broken at its spaces.
  package static func wrap(parts: [String], width: Int) -> [String] {
    var lines: [String] = []
    var line = ""
    for part in parts {
      let joined = line.isEmpty ? part : line + " · " + part
      if joined.count <= width {
        line = joined
        continue
      }
      if !line.isEmpty { lines.append(line) }
      let pieces = wrap((line.isEmpty ? "" : "· ") + part, width: width)
      lines += pieces.dropLast()
      line = pieces.last ?? ""
    }
    if !line.isEmpty || lines.isEmpty { lines.append(line) }
    return lines
  }

  /// The heads to try, from the middle outwards: `width / 2`, one less, one more, …
  private static func splits(_ width: Int) -> [Int] {
    let middle = width / 2
    var heads: [Int] = []
    for distance in 1..<width {
      for head in [middle - distance, middle + distance] where head >= 0 && head <= width - 1 { heads.append(head) }
    }
    return heads
  }

  /// `text` cut to `width` keeping `head` characters of its start and the rest of its end.
  private static func cutAt(_ text: String, to width: Int, head: Int) -> String {
    guard text.count > width else { return text }
    return String(text.prefix(head)) + "…" + String(text.suffix(width - 1 - head))
  }

  /// Columns of `widths` in blocks that each fit `width` beside a label column of `labelWidth`
  /// (two spaces before each column and the label): a wide table is printed block under block.
  /// Always at least one block.
  static func columnBlocks(widths: [Int], labelWidth: Int, width: Int) -> [[Int]] {
    var blocks: [[Int]] = []
    var used = 2 + labelWidth
    for column in widths.indices {
      if blocks.isEmpty || used + 2 + widths[column] > width {
        blocks.append([])
        used = 2 + labelWidth
      }
      blocks[blocks.count - 1].append(column)
      used += 2 + widths[column]
    }
    return blocks.isEmpty ? [[]] : blocks
  }
}
