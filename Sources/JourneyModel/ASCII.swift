/// The ASCII bytes the scanners and framers test for, by name.
///
/// Inlinable computed properties rather than `static let`s: a `let` of another module is reached
/// through its lazy initializer's accessor, while these fold into the literal they replace, in a hot
/// loop and a `switch` pattern too. `public`, not `package`: Swift 6.3 does not inline an
/// `@inlinable package` declaration into another module (each use would stay a call).
public enum ASCII {
  /// `\b`
  @inlinable public static var backspace: UInt8 { 0x08 }
  /// `\t`
  @inlinable public static var tab: UInt8 { 0x09 }
  /// `\n`
  @inlinable public static var newline: UInt8 { 0x0A }
  /// `\f`
  @inlinable public static var formFeed: UInt8 { 0x0C }
  /// `\r`
  @inlinable public static var carriageReturn: UInt8 { 0x0D }
  @inlinable public static var space: UInt8 { 0x20 }
  /// `"`
  @inlinable public static var quote: UInt8 { 0x22 }
  /// `+`
  @inlinable public static var plus: UInt8 { 0x2B }
  /// `,`
  @inlinable public static var comma: UInt8 { 0x2C }
  /// `-`
  @inlinable public static var minus: UInt8 { 0x2D }
  /// `.`
  @inlinable public static var period: UInt8 { 0x2E }
  /// `/`
  @inlinable public static var slash: UInt8 { 0x2F }
  @inlinable public static var zero: UInt8 { 0x30 }
  @inlinable public static var one: UInt8 { 0x31 }
  @inlinable public static var nine: UInt8 { 0x39 }
  /// `:`
  @inlinable public static var colon: UInt8 { 0x3A }
  /// `;`
  @inlinable public static var semicolon: UInt8 { 0x3B }
  /// `=`
  @inlinable public static var equals: UInt8 { 0x3D }
  @inlinable public static var uppercaseA: UInt8 { 0x41 }
  @inlinable public static var uppercaseE: UInt8 { 0x45 }
  @inlinable public static var uppercaseF: UInt8 { 0x46 }
  @inlinable public static var uppercaseT: UInt8 { 0x54 }
  /// `[`
  @inlinable public static var leftBracket: UInt8 { 0x5B }
  /// `\`
  @inlinable public static var backslash: UInt8 { 0x5C }
  /// `]`
  @inlinable public static var rightBracket: UInt8 { 0x5D }
  @inlinable public static var lowercaseA: UInt8 { 0x61 }
  @inlinable public static var lowercaseB: UInt8 { 0x62 }
  @inlinable public static var lowercaseE: UInt8 { 0x65 }
  @inlinable public static var lowercaseF: UInt8 { 0x66 }
  @inlinable public static var lowercaseN: UInt8 { 0x6E }
  @inlinable public static var lowercaseR: UInt8 { 0x72 }
  @inlinable public static var lowercaseT: UInt8 { 0x74 }
  @inlinable public static var lowercaseU: UInt8 { 0x75 }
  /// `{`
  @inlinable public static var leftBrace: UInt8 { 0x7B }
  /// `}`
  @inlinable public static var rightBrace: UInt8 { 0x7D }

  /// The UTF-8 byte order mark, `EF BB BF`, dropped at the start of an input.
  package static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]
}
