import JourneyReports

/// The page's two charts: the funnel (HTML rows) and the stage-flow Sankey diagram (SVG and its key).
extension HTMLReportRenderer {
  private static func d(_ value: Double) -> String { decimal(value) }

  /// A centred funnel in HTML: one row per step (name, bar, units), the step-to-step numbers
  /// between the rows. HTML rather than SVG so that long names wrap and a phone gets real text sizes.
  func funnelChart() -> String {
    let steps = report.funnel.steps
    guard !steps.isEmpty else { return "<p class=\"muted\">No stages configured.</p>" }
    let maxUnits = Double(max(1, steps.map(\.units).max() ?? 1))
    var html = "<div class=\"chart funnel\" role=\"img\" aria-label=\"Funnel chart\">\n"
    for (index, step) in steps.enumerated() {
      let c = color(of: step.label)
      let share = Double(step.units) / maxUnits
      html += """
        <div class="fstep funnel-bar" data-stage="\(e(step.label))" data-units="\(step.units)" \
        title="\(e(step.label)): \(int(step.units)) units (\(pct(step.conversionFromStart)) of the first step)">\
        <div class="fname"><span class="fidx">step \(index + 1)</span>\(e(step.label))</div>\
        <div class="fbar"><span\(step.units == 0 ? " class=\"zero\"" : "") style="width:\(ReportFormatting.cssPercent(share))%;background:\(c.fill)"></span></div>\
        <div class="fnum"><b>\(int(step.units))</b><span class="fshare">\(pct(step.conversionFromStart)) of start</span></div></div>

        """
      guard index + 1 < steps.count else { continue }
      let next = steps[index + 1]
      var note = "↓ \(pct(next.conversionFromPrevious)) continue · \(int(step.dropped)) dropped"
      if step.inProgress > 0 { note += " · \(int(step.inProgress)) in progress" }
      var timing = ""
      if next.medianSecondsFromPrevious != nil || next.p90SecondsFromPrevious != nil {
        timing = "median \(ReportFormatting.duration(next.medianSecondsFromPrevious)) · p90 \(ReportFormatting.duration(next.p90SecondsFromPrevious))"
      }
      html += "<div class=\"fnote\">\(e(note))\(timing.isEmpty ? "" : "<span class=\"ftime\">\(e(timing))</span>")</div>\n"
    }
    return html + "</div>"
  }

  /// A Sankey diagram of the stage transitions, one column per stage between `(start)` and `(exit)`.
  ///
  /// Forward links are cubic curves between the columns; links back to an earlier column loop
  /// below the nodes in their own layer, so they never hide the forward flow.
  func sankey() -> String {
    let transitions = report.transitions.filter { $0.count > 0 }
    guard !transitions.isEmpty else { return "<p class=\"muted\">No unit reached a stage.</p>" }
    let columns = [TransitionMatrix.start] + stages + [TransitionMatrix.exit]
    var columnOf: [String: Int] = [:]
    for (index, name) in columns.enumerated() { columnOf[name] = index }

    var inflow: [String: Int] = [:]
    var outflow: [String: Int] = [:]
    for t in transitions {
      outflow[t.from, default: 0] += t.count
      inflow[t.to, default: 0] += t.count
    }
    let value = { (name: String) in max(inflow[name] ?? 0, outflow[name] ?? 0) }
    let maxValue = Double(max(1, columns.map(value).max() ?? 1))

    let width = 1000.0
    let nodeWidth = 16.0
    let top = 30.0
    let flowHeight = 280.0
    let marginX = 8.0
    let scale = flowHeight / maxValue
    let step = (width - 2 * marginX - nodeWidth) / Double(columns.count - 1)
    func x(_ name: String) -> Double { marginX + Double(columnOf[name] ?? 0) * step }
    func nodeHeight(_ name: String) -> Double { max(2, Double(value(name)) * scale) }
    // Nodes hang from one top line: drop-offs then run along the bottom, as in a funnel.
    func nodeTop(_ name: String) -> Double { top }
    func thickness(_ count: Int) -> Double { max(1, Double(count) * scale) }

    let isBack = { (t: JourneyReport.Transition) in (columnOf[t.to] ?? 0) <= (columnOf[t.from] ?? 0) }
    // Slots: forward links first (ordered by the other end's column), back links at the bottom.
    func order(_ a: JourneyReport.Transition, _ b: JourneyReport.Transition, by end: (JourneyReport.Transition) -> String)
      -> Bool
    {
      if isBack(a) != isBack(b) { return !isBack(a) }
      let ca = columnOf[end(a)] ?? 0
      let cb = columnOf[end(b)] ?? 0
      return ca != cb ? ca < cb : end(a) < end(b)
    }
    var sourceY: [Int: Double] = [:]
    var targetY: [Int: Double] = [:]
    let indexed = Array(transitions.enumerated())
    for name in columns {
      var y = nodeTop(name)
      for (index, t) in indexed.filter({ $0.element.from == name }).sorted(by: { order($0.element, $1.element, by: \.to) }) {
        let h = thickness(t.count)
        sourceY[index] = y + h / 2
        y += h
      }
    }
    // Incoming bands stack in the order of their source slots, so bands into one node do not cross
    // (drop-offs from late stages sit on top of `(exit)`, from early stages at its bottom).
    for name in columns {
      var y = nodeTop(name)
      let incoming = indexed.filter { $0.element.to == name }.sorted { a, b in
        if isBack(a.element) != isBack(b.element) { return !isBack(a.element) }
        return (sourceY[a.offset] ?? 0, a.offset) < (sourceY[b.offset] ?? 0, b.offset)
      }
      for (index, t) in incoming {
        let h = thickness(t.count)
        targetY[index] = y + h / 2
        y += h
      }
    }

    var forward = ""
    var backward = ""
    var backBottom = top + flowHeight + 22
    for (index, t) in indexed {
      let h = thickness(t.count)
      let x0 = x(t.from) + nodeWidth
      let x1 = x(t.to)
      let y0 = sourceY[index] ?? 0
      let y1 = targetY[index] ?? 0
      let c = color(of: t.from == TransitionMatrix.start ? t.to : t.from)
      let title = "<title>\(e(t.from)) → \(e(t.to)): \(int(t.count)) (\(pct(t.probability)) of \(e(t.from)))</title>"
      let attributes = "data-from=\"\(e(t.from))\" data-to=\"\(e(t.to))\" data-count=\"\(t.count)\""
      if isBack(t) {
        let yb = backBottom + h / 2
        backBottom += h + 8
        let r = max(18, h / 2 + 10)
        let path = "M\(Self.d(x0)) \(Self.d(y0)) C\(Self.d(x0 + r)) \(Self.d(y0)) \(Self.d(x0 + r)) \(Self.d(yb)) \(Self.d(x0)) \(Self.d(yb)) "
          + "L\(Self.d(x1)) \(Self.d(yb)) C\(Self.d(x1 - r)) \(Self.d(yb)) \(Self.d(x1 - r)) \(Self.d(y1)) \(Self.d(x1)) \(Self.d(y1))"
        backward += "<path class=\"link back\" \(attributes) d=\"\(path)\" stroke-width=\"\(Self.d(h))\">\(title)</path>\n"
      } else {
        let mid = (x0 + x1) / 2
        let path = "M\(Self.d(x0)) \(Self.d(y0)) C\(Self.d(mid)) \(Self.d(y0)) \(Self.d(mid)) \(Self.d(y1)) \(Self.d(x1)) \(Self.d(y1))"
        forward += "<path class=\"link\" \(attributes) d=\"\(path)\" stroke=\"\(c.fill)\" stroke-width=\"\(Self.d(h))\">\(title)</path>\n"
      }
    }

    var nodes = ""
    var key = ""
    for name in columns where value(name) > 0 || stages.contains(name) {
      // The columns are numbered in the chart and named in the key below it: names of any length
      // never overprint, and the key's text keeps its size on a phone.
      let keyIndex = name == TransitionMatrix.start ? "S" : name == TransitionMatrix.exit ? "E" : "\(columnOf[name] ?? 0)"
      let c = name.hasPrefix("(") ? Self.neutral : color(of: name)
      let nx = x(name)
      let anchor = name == TransitionMatrix.start ? "start" : name == TransitionMatrix.exit ? "end" : "middle"
      let lx = name == TransitionMatrix.start ? nx : name == TransitionMatrix.exit ? nx + nodeWidth : nx + nodeWidth / 2
      let shown = name == TransitionMatrix.start ? outflow[name] ?? 0 : inflow[name] ?? 0
      let noun = name == TransitionMatrix.start ? "units" : name == TransitionMatrix.exit ? "units" : "visits"
      nodes += """
        <g class="node" data-node="\(e(name))" data-count="\(shown)"><title>\(e(name)): \(int(shown)) \(noun)</title>\
        <rect x="\(Self.d(nx))" y="\(Self.d(nodeTop(name)))" width="\(Self.d(nodeWidth))" height="\(Self.d(nodeHeight(name)))" rx="3" fill="\(c.fill)"/>\
        <text class="node-index" x="\(Self.d(lx))" y="\(Self.d(top - 12))" text-anchor="\(anchor)">\(keyIndex)</text></g>

        """
      key += """
        <li data-node="\(e(name))" data-count="\(shown)"><span class="key-index">\(keyIndex)</span>\
        <span class="dot" style="background:\(c.fill)"></span><span class="key-name">\(e(name))</span>\
        <span class="key-count">\(int(shown)) \(noun)</span></li>

        """
    }
    let height = backward.isEmpty ? top + flowHeight + 10 : backBottom + 22
    var legend = ""
    if !backward.isEmpty {
      legend = "<text class=\"legend\" x=\"\(Self.d(width / 2))\" y=\"\(Self.d(height - 6))\" text-anchor=\"middle\">"
        + "loops below: moves back to an earlier stage</text>\n"
    }
    return """
      <svg class="chart sankey" viewBox="0 0 \(Int(width)) \(Self.d(height))" width="100%" role="img" \
      aria-label="Stage flow diagram">
      <g class="links">
      \(forward)</g>
      <g class="links back">
      \(backward)</g>
      <g class="nodes">
      \(nodes)</g>
      \(legend)</svg>
      <ol class="nodes-key" aria-label="Stage flow columns">
      \(key)</ol>
      """
  }
}
