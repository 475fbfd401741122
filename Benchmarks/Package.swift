// swift-tools-version: 6.1
import PackageDescription

// One benchmark executable per pipeline stage, in data-flow order:
// inflate → framing → parsing (NDJSON, CSV, timestamps) → classification → sessionization → whole pipeline.
// Run with `swift package benchmark` from this folder (see README.md).
let stages = [
  "Inflate", "LineFraming", "NDJSONScan", "CSVScan", "Timestamps", "Classification", "Sessionization", "Pipeline",
]

let package = Package(
  name: "JourneyBenchmarks",
  platforms: [.macOS(.v15)],
  dependencies: [
    .package(name: "journey", path: "../"),
    .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
  ],
  targets: [
    // Seeded synthetic inputs shared by every benchmark (never SystemRandomNumberGenerator).
    .target(
      name: "BenchmarkInputs",
      dependencies: [.product(name: "JourneyCore", package: "journey"), .product(name: "Benchmark", package: "benchmark")],
      path: "Sources/BenchmarkInputs"),
  ]
    + stages.map { name in
      .executableTarget(
        name: name,
        dependencies: [
          "BenchmarkInputs",
          .product(name: "Benchmark", package: "benchmark"),
          .product(name: "JourneyCore", package: "journey"),
        ],
        path: "Benchmarks/\(name)",
        plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")])
    }
)
