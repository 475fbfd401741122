import JourneyReports

/// What the table, Markdown and HTML renderers share about the journey map (SPEC §8): how many
/// touchpoints to list, which funnel step each "where attention is lost" column belongs to, and the
/// time-to-convert statistics they print.
struct JourneyMapText {
  /// Touchpoints listed per stage when the report's config does not say (`journey_map.top`).
  static let defaultTop = 10

  /// A column of "where attention is lost": the funnel step (its label) and its dropped units.
  struct LostColumn {
    /// 0-based index of the funnel step the units dropped after.
    var step: Int
    var exits: JourneyMap.Exits
  }

  let report: JourneyReport
  let map: JourneyMap?
  /// Touchpoints (and next/exit touchpoints) listed per stage or step.
  let top: Int

  init(report: JourneyReport) {
    self.report = report
    map = report.journeyMap
    top = Self.top(of: report)
  }

  /// The text of another map of the same report (a persona's), listing at most `top` touchpoints.
  init(report: JourneyReport, map: JourneyMap?, top: Int) {
    self.report = report
    self.map = map
    self.top = min(top, Self.top(of: report))
  }

  /// `journey_map.top` from the report's `config` section when present, else ``defaultTop``: the
  /// report itself carries the JSON lists (up to 100 values), not the config's cut.
  static func top(of report: JourneyReport) -> Int {
    guard case .object(let config)? = report.config, case .object(let section)? = config["journey_map"],
      case .number(let top)? = section["top"], top.isFinite, top >= 1
    else { return defaultTop }
    return Int(min(top, 100))
  }

  /// With `order: ordered` or `strict`, step j is stage j, so its exits sit in the stage's column of
  /// the map; with `order: any` a step is not a stage ("≥ 2 stages"), so exits get their own columns.
  var lostBelongsToStages: Bool { report.funnel.order != "any" }

  /// The steps with dropped units, in funnel order (the last step has none).
  var lostColumns: [LostColumn] {
    guard let map else { return [] }
    return map.stages.indices.compactMap { index in
      map.stages[index].exits.map { LostColumn(step: index, exits: $0) }
    }
  }

  /// The first `top` values of a touchpoint list, `(other)` and `(none)` kept only when they are
  /// among them (they are sorted after the named values).
  func listed<T>(_ values: [T]) -> ArraySlice<T> { values.prefix(top) }

  /// Time to convert per step (from the previous step; step 1 has none) and for the whole funnel.
  var timeRows: [(label: String, distribution: DurationDistribution)] {
    guard let time = report.funnel.timeToConvert else { return [] }
    var rows: [(String, DurationDistribution)] = []
    for (index, step) in report.funnel.steps.enumerated() where index > 0 && index < time.steps.count {
      guard let distribution = time.steps[index] else { continue }
      rows.append(("\(report.funnel.steps[index - 1].label) → \(step.label)", distribution))
    }
    if let first = report.funnel.steps.first, let last = report.funnel.steps.last, report.funnel.steps.count > 1 {
      rows.append(("whole funnel: \(first.label) → \(last.label)", time.whole))
    }
    return rows
  }

  /// The headline in words, naming its kind; the kind alone when the report has no headline.
  var headline: String {
    report.funnel.headline ?? "\(report.funnel.kind) funnel"
  }

  /// The statistics the table, Markdown and HTML print for a duration distribution, in order.
  static let statisticNames = ["p25", "median", "p75", "p90", "max"]

  static func statistics(_ d: DurationDistribution) -> [Double?] {
    [d.p25Seconds, d.medianSeconds, d.p75Seconds, d.p90Seconds, d.maxSeconds]
  }

  /// Every statistic with its CSV name, in the order of the JSON.
  static func allStatistics(_ d: DurationDistribution) -> [(name: String, seconds: Double?)] {
    [
      ("min", d.minSeconds), ("p25", d.p25Seconds), ("median", d.medianSeconds), ("p75", d.p75Seconds),
      ("p90", d.p90Seconds), ("p95", d.p95Seconds), ("p99", d.p99Seconds), ("max", d.maxSeconds),
      ("mean", d.meanSeconds),
    ]
  }

  /// An odds ratio with two decimals: `3.21`, `0.05`; `< 0.01` below that.
  static func odds(_ value: Double) -> String {
    guard value.isFinite else { return "–" }
    let hundredths = Int((value * 100).rounded())
    if hundredths == 0 { return "< 0.01" }
    return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
  }
}

extension ReportFormatting {
  /// Cuts `text` to at most `width` characters in the middle, keeping its start and its end
  /// (`/products/…/shoes`): touchpoints differ at both ends (paths, categories).
  static func truncateMiddle(_ text: String, to width: Int) -> String {
    guard width > 0 else { return "" }
    if text.count <= width { return text }
    if width == 1 { return "…" }
    let head = width / 2
    let tail = width - 1 - head
    return String(text.prefix(head)) + "…" + String(text.suffix(tail))
  }

  /// `text` broken at spaces into lines of at most `width` characters (a longer word, such as a
  /// touchpoint, is cut in the middle).
  static func wrap(_ text: String, width: Int) -> [String] {
    var lines: [String] = []
    var line = ""
    for word in text.split(separator: " ", omittingEmptySubsequences: true) {
      let word = String(word)
      if line.isEmpty {
        line = truncateMiddle(word, to: width)
      } else if line.count + 1 + word.count <= width {
        line += " " + word
      } else {
        lines.append(line)
        line = truncateMiddle(word, to: width)
      }
    }
    if !line.isEmpty || lines.isEmpty { lines.append(line) }
    return lines
  }
}
