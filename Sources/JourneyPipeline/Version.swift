/// The version `journey --version` prints.
public enum JourneyVersion {
  public static let number = "0.1.0"
  /// The inflate implementation in use.
  public static var inflater: String { "zlib" }
}
