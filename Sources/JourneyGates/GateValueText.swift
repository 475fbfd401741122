/// How a failed gate's line shows a value: `1.73%`, `-1.2pp`, `4.2m`, `812`, `0.031`.
package enum GateValueText {
  package static func text(_ value: Double, as kind: GateKind) -> String {
    switch kind {
    case .number: number(value)
    case .ratio: decimal(value * 100, places: 4) + "%"
    case .points: decimal(value * 100, places: 4) + "pp"
    case .duration: duration(value)
    }
  }

  /// Integers as integers; other numbers as Swift's shortest exact text (`0.031`, `1.2e-08`).
  static func number(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
    return "\(value)"
  }

  /// Seconds in the largest unit that keeps the value readable, up to two decimals: `750ms`,
  /// `90s`, `4.2m`, `26h`, `2.04d`.
  static func duration(_ seconds: Double) -> String {
    let size = abs(seconds)
    let (scale, unit): (Double, String) =
      switch size {
      case ..<1 where size > 0: (0.001, "ms")
      case ..<120: (1, "s")
      case ..<7200: (60, "m")
      case ..<172_800: (3600, "h")
      default: (86_400, "d")
      }
    return decimal(seconds / scale, places: 2) + unit
  }

  /// `value` rounded to `places` decimals, trailing zeros dropped.
  static func decimal(_ value: Double, places: Int) -> String {
    var scale = 1.0
    for _ in 0..<places { scale *= 10 }
    let rounded = (abs(value) * scale).rounded()
    guard rounded < 9e18 else { return "\(value)" }
    let whole = Int64(rounded)
    let factor = Int64(scale)
    var fraction = String(whole % factor)
    fraction = String(repeating: "0", count: places - fraction.count) + fraction
    while fraction.last == "0" { fraction.removeLast() }
    let sign = value < 0 && whole != 0 ? "-" : ""
    return sign + String(whole / factor) + (fraction.isEmpty ? "" : "." + fraction)
  }
}
