import Foundation

/// Validates report JSON against `schema/journey-report-1.schema.json` with Python's `jsonschema`.
///
/// Runs `python3 -c` (draft 2020-12 validator). A missing `python3` or `jsonschema` is an error, not
/// a skip: CI installs it with `pip install jsonschema`.
public enum SchemaValidation {
  public struct Failure: Error, CustomStringConvertible {
    public var description: String
  }

  /// The schema file in the repository.
  public static let schemaFile: URL = TestPaths.repository.appendingPathComponent("schema/journey-report-1.schema.json")

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
    try:
        with open(sys.argv[2], encoding="utf-8") as f:
            instance = json.load(f)
    except ValueError as error:
        print("not JSON: %s" % error)
        sys.exit(1)
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
    for error in errors[:20]:
        print("at /%s: %s" % ("/".join(str(p) for p in error.absolute_path), error.message))
    sys.exit(1 if errors else 0)
    """

  /// Throws ``Failure`` with the validator's messages when `reportJSON` does not match the schema,
  /// or when the validator cannot run.
  public static func validate(reportJSON: Data) throws {
    // The instance goes through a file, not a pipe: no deadlock however large the report.
    let instance = FileManager.default.temporaryDirectory
      .appendingPathComponent("journey-schema-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString).json")
    try reportJSON.write(to: instance)
    defer { try? FileManager.default.removeItem(at: instance) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script, schemaFile.path, instance.path]
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    process.standardInput = FileHandle.nullDevice
    do {
      try process.run()
    } catch {
      throw Failure(description: "cannot run python3 for schema validation: \(error)")
    }
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    guard process.terminationReason == .exit, process.terminationStatus == 0 else {
      let status = process.terminationStatus
      let reason = status == 127 ? "python3 not found (schema validation needs python3 with jsonschema): \(text)" : text
      throw Failure(description: "schema validation failed (status \(status)): \(reason)")
    }
  }
}
