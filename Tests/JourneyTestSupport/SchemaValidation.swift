import Foundation

/// Validates report JSON against `schema/journey-report-3.schema.json` (or another schema, such as
/// `schema/journey-compare-1.schema.json`) with Python's `jsonschema`.
///
/// Runs `python3 -c` (draft 2020-12 validator), once for any number of reports (each run costs
/// ~0.4 s). A missing `python3` or `jsonschema` is an error, not a skip: CI installs it with
/// `pip install jsonschema`.
public enum SchemaValidation {
  public struct Failure: Error, CustomStringConvertible {
    public var description: String
  }

  /// The schema file in the repository.
  public static let schemaFile: URL = TestPaths.repository.appendingPathComponent("schema/journey-report-3.schema.json")
  /// The schema of `journey compare -f json`.
  public static let compareSchemaFile: URL = TestPaths.repository.appendingPathComponent("schema/journey-compare-1.schema.json")

  private static let script = """
    import json, sys
    try:
        import jsonschema
    except ImportError as error:
        print("python3 has no jsonschema module (pip install jsonschema): %s" % error)
        sys.exit(2)
    with open(sys.argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    bad = 0
    for path in sys.argv[2:]:
        try:
            with open(path, encoding="utf-8") as f:
                instance = json.load(f)
        except ValueError as error:
            print("%s: not JSON: %s" % (path, error)); bad += 1; continue
        errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
        for error in errors[:20]:
            bad += 1
            print("%s at /%s: %s" % (path, "/".join(str(p) for p in error.absolute_path), error.message))
    sys.exit(1 if bad else 0)
    """

  /// Throws ``Failure`` with the validator's messages when `reportJSON` does not match the schema,
  /// or when the validator cannot run.
  public static func validate(reportJSON: Data) throws {
    try validate([(label: "report", json: reportJSON)])
  }

  /// Validates many reports in one `python3` run; the messages name each report by its label.
  public static func validate(_ reports: [(label: String, json: Data)], schema: URL = schemaFile) throws {
    guard !reports.isEmpty else { return }
    // The reports and the log go through files, not pipes: no deadlock however large a report.
    let folder = TestPaths.temporaryDirectory("journey-schema")
    defer { try? FileManager.default.removeItem(at: folder) }
    var paths: [String] = []
    for (index, report) in reports.enumerated() {
      let safe = report.label.map { $0.isLetter || $0.isNumber ? $0 : "_" }
      let url = folder.appendingPathComponent("\(index)-\(String(safe.prefix(80))).json")
      try report.json.write(to: url)
      paths.append(url.path)
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script, schema.path] + paths
    let logURL = folder.appendingPathComponent("log")
    _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
    let log = try FileHandle(forWritingTo: logURL)
    process.standardOutput = log
    process.standardError = log
    process.standardInput = FileHandle.nullDevice
    do {
      try process.run()
    } catch {
      throw Failure(description: "cannot run python3 for schema validation: \(error)")
    }
    process.waitUntilExit()
    try log.close()
    guard process.terminationReason == .exit, process.terminationStatus == 0 else {
      let text = ((try? String(contentsOf: logURL, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
      let status = process.terminationStatus
      let reason = status == 127 ? "python3 not found (schema validation needs python3 with jsonschema): \(text)" : text
      throw Failure(description: "schema validation failed (status \(status)): \(reason.suffix(4000))")
    }
  }
}
