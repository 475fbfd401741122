// swift-tools-version: 6.1
import PackageDescription

// The modules in layers: each depends only on modules listed above it (and the C shims: CZlib,
// CISAL, CCRC32, CInflate, CPrefetch, CJSONSkip, CRE2, CCrypto). The data flows input → parsing → stages → ingest → sessions →
// reports → rendering, and JourneyPipeline wires it.
//
//   JourneyModel      plain values: events, ids, timestamps, errors (used by every module)
//   JourneyInput      files, folders, stdin → byte chunks, gzip inflated
//   JourneyParsing    records → fields: NDJSON, CSV/TSV, access logs, timestamps
//   JourneyConfig     YAML → typed, validated settings
//   JourneyStages     ← Config: rules → each event's stage
//   JourneySessions   per-user ordering (spills), sessions
//   JourneyReports    ← Sessions: per-unit aggregates → report values
//   JourneyCompare    ← Reports: two reports side by side, the statistics of their changes
//   JourneyRender     ← Reports, Compare: table, Markdown, CSV, JSON, HTML
//   JourneyGates      ← Reports, Compare: `--fail-if` expressions, evaluated on a report or a comparison
//   JourneyIngest     ← Input, Parsing, Config, Stages, Sessions: the per-record engine (never Reports, Render)
//   JourneyPipeline   ← all of the above: wires ingest, reports and rendering
//   journey           ← JourneyPipeline and the modules it names: the thin CLI
//   journey-datagen   ← JourneyModel alone: seeded test and benchmark data
let package = Package(
  name: "journey",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "journey", targets: ["journey"]),
    .library(name: "JourneyPipeline", targets: ["JourneyPipeline"]),
    .executable(name: "journey-datagen", targets: ["journey-datagen"]),
    .library(
      name: "JourneyCore",
      targets: [
        "JourneyModel", "JourneyInput", "JourneyParsing", "JourneyConfig", "JourneyStages", "JourneyIngest",
        "JourneySessions", "JourneyReports", "JourneyCompare", "JourneyRender", "JourneyGates", "JourneyPipeline",
      ]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
  ],
  targets: [
    .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]),
    // OpenSSL's SHA-256, for user ids over 1 KiB (kept as a prefix and the digest of the whole id).
    .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"]), .brew(["openssl"])]),
    // ISA-L's igzip, loaded with dlopen when present; builds without its header too (then zlib only).
    .target(name: "CISAL", linkerSettings: [.linkedLibrary("dl", .when(platforms: [.linux]))]),
    // The gzip CRC-32 with carry-less multiplication, for the zlib inflater: zlib's own check ran on
    // the reader's one core, at an eighth of its time.
    .target(name: "CCRC32"),
    // journey's own streaming gzip inflater, the default without ISA-L: zlib's inflate bounded such
    // runs on the reader's core (93% of it), and libdeflate, twice as fast, cannot stream.
    .target(name: "CInflate", dependencies: ["CCRC32"]),
    // A software prefetch, for the hash index of ByteInterner (Swift has no intrinsic for it).
    .target(name: "CPrefetch"),
    // JSONScanner's grammar in C: the walk of an NDJSON line along the field plan in its common case
    // (plain keys, no array to walk into) and the validating skip of one value (members no field
    // reads); the Swift walk takes every other line and every invalid one, for the message.
    .target(name: "CJSONSkip"),
    // RE2, the linear-time regex engine, for rule and `exclude:` regexes: a C face over its C++ API.
    .systemLibrary(name: "CRE2Library", pkgConfig: "re2", providers: [.apt(["libre2-dev"]), .brew(["re2"])]),
    .target(name: "CRE2", dependencies: ["CRE2Library"], linkerSettings: [.linkedLibrary("re2")]),
    .target(name: "JourneyModel", dependencies: ["CPrefetch"]),
    .target(name: "JourneyInput", dependencies: ["JourneyModel", "CZlib", "CISAL", "CCRC32", "CInflate"]),
    .target(name: "JourneyParsing", dependencies: ["JourneyModel", "CJSONSkip"]),
    .target(name: "JourneyConfig", dependencies: ["JourneyModel", "CRE2", .product(name: "Yams", package: "Yams")]),
    .target(name: "JourneyStages", dependencies: ["JourneyModel", "JourneyConfig"]),
    // The ingest engine: inputs → records → fields → events with the run's ids, on one thread or several.
    .target(
      name: "JourneyIngest",
      dependencies: ["JourneyModel", "JourneyInput", "JourneyParsing", "JourneyConfig", "JourneyStages", "CCrypto"]),
    .target(name: "JourneySessions", dependencies: ["JourneyModel"]),
    .target(name: "JourneyReports", dependencies: ["JourneyModel", "JourneySessions", "CPrefetch"]),
    // `journey compare`: two report JSON files → the changes per step and stage, with their p-values.
    .target(name: "JourneyCompare", dependencies: ["JourneyModel", "JourneyReports"]),
    .target(name: "JourneyRender", dependencies: ["JourneyModel", "JourneyReports", "JourneyCompare"]),
    .target(name: "JourneyGates", dependencies: ["JourneyModel", "JourneyReports", "JourneyCompare"]),
    .target(
      name: "JourneyPipeline",
      dependencies: [
        "JourneyModel", "JourneyInput", "JourneyParsing", "JourneyConfig", "JourneyStages", "JourneyIngest",
        "JourneySessions", "JourneyReports", "JourneyRender",
      ]),
    .executableTarget(
      name: "journey",
      dependencies: [
        "JourneyPipeline", "JourneyModel", "JourneyInput", "JourneyParsing", "JourneyConfig", "JourneyStages",
        "JourneyReports", "JourneyCompare", "JourneyRender", "JourneyGates",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    .executableTarget(
      name: "journey-datagen",
      dependencies: ["JourneyModel", .product(name: "ArgumentParser", package: "swift-argument-parser")],
      path: "Sources/JourneyDataGen"),

    .target(name: "JourneyTestSupport", dependencies: ["JourneyModel", "CZlib"], path: "Tests/JourneyTestSupport"),
    .testTarget(name: "JourneyModelTests", dependencies: ["JourneyModel", "JourneyTestSupport"]),
    .testTarget(
      name: "JourneyInputTests",
      dependencies: [
        "JourneyInput", "JourneyModel", "JourneyTestSupport", "CCRC32", "CZlib", .product(name: "PropertyBased", package: "swift-property-based"),
      ]),
    .testTarget(
      name: "JourneyParsingTests",
      dependencies: ["JourneyParsing", "JourneyTestSupport", .product(name: "PropertyBased", package: "swift-property-based")]),
    .testTarget(name: "JourneyConfigTests", dependencies: ["JourneyConfig", "JourneyTestSupport"]),
    .testTarget(name: "JourneyStagesTests", dependencies: ["JourneyStages", "JourneyConfig", "JourneyTestSupport"]),
    .testTarget(
      name: "JourneyIngestTests",
      dependencies: ["JourneyIngest", "JourneyConfig", "JourneyParsing", "JourneyInput", "JourneyStages", "JourneyTestSupport",
                     .product(name: "PropertyBased", package: "swift-property-based")]),
    .testTarget(
      name: "JourneySessionsTests",
      dependencies: ["JourneySessions", "JourneyTestSupport", .product(name: "PropertyBased", package: "swift-property-based")]),
    .testTarget(
      name: "JourneyReportsTests",
      dependencies: ["JourneyReports", "JourneySessions", "JourneyTestSupport", .product(name: "PropertyBased", package: "swift-property-based")]),
    .testTarget(name: "JourneyGatesTests", dependencies: ["JourneyGates", "JourneyReports", "JourneyCompare", "JourneyModel"]),
    .testTarget(name: "JourneyCompareTests", dependencies: ["JourneyCompare", "JourneyReports", "JourneyTestSupport"]),
    .testTarget(
      name: "JourneyRenderTests", dependencies: ["JourneyRender", "JourneyReports", "JourneyCompare", "JourneyTestSupport"]),
    .testTarget(
      name: "JourneyEndToEndTests",
      dependencies: ["JourneyPipeline", "JourneyTestSupport", .product(name: "PropertyBased", package: "swift-property-based")]),
  ]
)

for target in package.targets where target.type != .system {
  var settings = target.swiftSettings ?? []
  settings.append(.enableUpcomingFeature("ExistentialAny"))
  settings.append(.enableUpcomingFeature("MemberImportVisibility"))
  target.swiftSettings = settings
}
