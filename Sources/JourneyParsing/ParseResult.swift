import JourneyModel

/// What a parser made of one record.
public enum ParseResult: Sendable, Equatable {
  /// The record held `n` events (each was passed to `emit`); 0 for a blank line or an empty events array.
  case events(Int)
  /// The record was the header row of a delimited or whitespace file.
  case header
  /// The record was rejected; `detail` says where and why ("expected ':' after \"userId\" at byte 17").
  case rejected(RejectReason, detail: String)
}
