import JourneyModel

/// Every interned value of a run (or of one ingest thread): users, export sessions, change values,
/// attribute values (breakdown values and touchpoints) and their tuples, and the extra field; and
/// the `dedupe` values, logged by event rather than interned (``DedupeLog``).
///
/// A one-thread run interns straight into the run's space. A parallel ingest worker interns into
/// its own, hands each block's new values over with ``takeBlock()``, and the committer merges them
/// into the run's space in input order with ``merge(_:)``: values get global ids in order of first
/// appearance, as in a one-thread run.
package struct IDSpace: Sendable {
  package var tables = IDDimensions { _ in ByteInterner() }
  /// Tuples of attribute value ids, with two or more attribute fields.
  package var breakdownTuples: IDTupleInterner
  /// Every event's `dedupe` value under its input order; the events keep its hash.
  package var dedupeLog = DedupeLog()
  /// Fields of an event's ``AttributeTable`` tuple: the breakdown fields, then the touchpoint (if any).
  package let attributeFields: Int

  package init(attributeFields: Int) {
    self.attributeFields = attributeFields
    breakdownTuples = IDTupleInterner(width: attributeFields)
  }

  package var users: ByteInterner { tables.users }
  package var sessions: ByteInterner { tables.sessions }
  /// Values of the extra field, when a command asked for one.
  package var extras: ByteInterner { tables.extras }

  /// The attribute tuples over their values. With one attribute field (one breakdown, or only the
  /// touchpoint) an event's `attributes` is its value id itself (tuple v is `[v]`): no tuple is
  /// interned per event.
  package var attributes: AttributeTable {
    if attributeFields == 1 {
      let values = tables.breakdownValues
      return AttributeTable(flat: (0..<UInt32(values.count)).map { $0 }, width: 1, values: values.strings)
    }
    return AttributeTable(flat: breakdownTuples.flat, width: attributeFields, values: tables.breakdownValues.strings)
  }

  /// Hands over the values interned since the last call; the interners start again from id 1
  /// (keeping their index capacity), so the next block's ids are relative to the new values.
  package mutating func takeBlock() -> BlockIDs {
    var block = BlockIDs(values: IDDimensions { _ in InternedValues() })
    for dimension in IDDimension.allCases { block.values[dimension] = tables[dimension].takeValues() }
    if attributeFields > 1 { block.breakdownTuples = breakdownTuples.takeTuples() }
    block.dedupeLog = dedupeLog.take()
    return block
  }

  /// Interns a block's values (those new to the run in the block's first-seen order) and returns
  /// the global id of each of its ids; its dedupe log is appended with `orderBase` added to the
  /// orders (the `order` of the block's event 0).
  package mutating func merge(_ block: BlockIDs, orderBase: UInt64 = 0) -> IDRemap {
    var ids = IDDimensions<[UInt32]> { _ in [] }
    for dimension in IDDimension.allCases { ids[dimension] = tables[dimension].internAll(block.values[dimension]) }
    // Dedupe values need no new ids: events keep their hash, and the log is appended in input order.
    dedupeLog.append(contentsOf: block.dedupeLog, orderBase: orderBase)
    // With one attribute field, attributes are value ids (see ``attributes``).
    var tuples = ids.breakdownValues
    if attributeFields > 1 {
      // Each of the block's tuples (flat, tuple 0 first) with the run's value ids, interned.
      let width = attributeFields
      let local = block.breakdownTuples
      let values = ids.breakdownValues
      tuples = [UInt32](repeating: 0, count: max(1, local.count / width))
      withUnsafeTemporaryAllocation(of: UInt32.self, capacity: width) { scratch in
        for t in tuples.indices.dropFirst() {
          for f in 0..<width { scratch[f] = values[Int(local[t * width + f])] }
          tuples[t] = breakdownTuples.intern(UnsafeBufferPointer(scratch))
        }
      }
    }
    return IDRemap(ids: ids, tuples: tuples)
  }
}

/// The values a parallel ingest worker interned in one block, by local id.
package struct BlockIDs: Sendable {
  var values: IDDimensions<InternedValues>
  /// The block's attribute tuples, flat with local value ids (``IDTupleInterner/flat``); empty
  /// with fewer than two attribute fields.
  var breakdownTuples: [UInt32] = []
  var dedupeLog = DedupeLog()
}

/// The global id of each local id of one block (``IDSpace/merge(_:)``).
package struct IDRemap {
  var ids: IDDimensions<[UInt32]>
  /// Of attribute tuples (with one attribute field, of values).
  var tuples: [UInt32]

  /// Gives `event` (with a block's local ids) the run's ids.
  @inline(__always) func apply(to event: inout EventRecord) {
    event.user = ids.users[Int(event.user)]
    event.session = ids.sessions[Int(event.session)]
    event.change = ids.changes[Int(event.change)]
    event.attributes = tuples[Int(event.attributes)]
  }

  /// The run's id of a local extra value.
  @inline(__always) func extra(_ local: UInt32) -> UInt32 { ids.extras[Int(local)] }
}
