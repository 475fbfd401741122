// swift-tools-version: 6.1
import PackageDescription

// One libFuzzer executable per parser, in data-flow order (see README.md):
// gzip (zlib and ISA-L, against each other) → record framing → NDJSON (against JSONSerialization) → CSV/TSV
// → access logs → timestamps (against a reference parser) → YAML config and rules → --fail-if gates
// → the whole report.
// Build: swift build -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
let targets = [
  "FuzzGzip", "FuzzFraming", "FuzzNDJSON", "FuzzCSV", "FuzzAccessLog", "FuzzTimestamp", "FuzzConfig", "FuzzGate", "FuzzReport",
]

let package = Package(
  name: "JourneyFuzz",
  platforms: [.macOS(.v15)],
  dependencies: [
    .package(name: "journey", path: "../")
  ],
  targets: [
    // libFuzzer's driver entry point, declared for Swift.
    .target(name: "CFuzzDriver", path: "Sources/CFuzzDriver"),
    // The checks every target shares: a failed invariant traps with a message; seeded chunk splits.
    .target(
      name: "FuzzSupport",
      dependencies: ["CFuzzDriver", .product(name: "JourneyCore", package: "journey")],
      path: "Sources/FuzzSupport")
  ]
    + targets.map { name in
      .executableTarget(
        name: name,
        dependencies: ["FuzzSupport", .product(name: "JourneyCore", package: "journey")],
        path: "Sources/\(name)")
    }
)

for target in package.targets where target.name != "CFuzzDriver" {
  var settings = target.swiftSettings ?? []
  settings.append(.enableUpcomingFeature("ExistentialAny"))
  settings.append(.enableUpcomingFeature("MemberImportVisibility"))
  target.swiftSettings = settings
}
