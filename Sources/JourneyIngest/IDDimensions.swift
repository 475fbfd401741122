/// The dimensions whose values the ingest interns: one table of each per ``IDSpace``.
///
/// Adding a dimension (a persona flag) is a case here and its line in each member of
/// ``IDDimensions`` below: ``IDSpace`` then takes and merges it with the others, and
/// ``IDRemap/apply(to:)`` gives the event field it fills the run's id.
package enum IDDimension: CaseIterable, Sendable {
  /// `breakdownValues` holds the values of every field of the events' attribute tuples: the
  /// breakdown fields and the touchpoint (``EventExtractor``).
  case users, sessions, changes, breakdownValues
  /// The optional extra field a command reads besides the event (the event name of `sessions`).
  case extras
}

/// One `Table` per ``IDDimension``: interners (``IDSpace``), a block's values (``BlockIDs``), or
/// the global id of each of a block's ids (``IDRemap``).
package struct IDDimensions<Table> {
  package var users: Table
  package var sessions: Table
  package var changes: Table
  package var breakdownValues: Table
  package var extras: Table

  package init(_ make: (IDDimension) -> Table) {
    users = make(.users)
    sessions = make(.sessions)
    changes = make(.changes)
    breakdownValues = make(.breakdownValues)
    extras = make(.extras)
  }

  /// The table of `dimension`; modified in place (an interner's arrays are not copied).
  package subscript(dimension: IDDimension) -> Table {
    get {
      switch dimension {
      case .users: users
      case .sessions: sessions
      case .changes: changes
      case .breakdownValues: breakdownValues
      case .extras: extras
      }
    }
    _modify {
      switch dimension {
      case .users: yield &users
      case .sessions: yield &sessions
      case .changes: yield &changes
      case .breakdownValues: yield &breakdownValues
      case .extras: yield &extras
      }
    }
  }
}

extension IDDimensions: Sendable where Table: Sendable {}
