/// The fields one run needs, each with a slot number: the contract between config and parsers.
///
/// Only these fields are extracted from each record. Names are CSV column names, access-log field
/// names, or JSON paths (`context.page.url`, `items.0.id`,
/// `event_params[key=page_location].value.string_value`, `$parent.session`).
public struct FieldSchema: Sendable, Equatable {
  package private(set) var names: [String] = []

  public init(_ names: [String] = []) {
    for name in names { _ = slot(for: name) }
  }

  /// The slot of `name`, adding it when new.
  package mutating func slot(for name: String) -> Int {
    if let existing = names.firstIndex(of: name) { return existing }
    names.append(name)
    return names.count - 1
  }

  package func existingSlot(for name: String) -> Int? { names.firstIndex(of: name) }

  public var count: Int { names.count }
}
