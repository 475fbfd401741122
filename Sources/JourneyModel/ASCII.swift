/// The ASCII bytes the scanners and framers test for, by name.
///
/// Inlinable computed properties rather than `static let`s: a `let` of another module is reached
/// through its lazy initializer's accessor, while these fold into the literal they replace, in a hot
/// loop and a `switch` pattern too.
package enum ASCII {
  /// `\b`
  @inlinable package static var backspace: UInt8 { 0x08 }
  /// `\t`
  @inlinable package static var tab: UInt8 { 0x09 }
  /// `\n`
  @inlinable package static var newline: UInt8 { 0x0A }
  /// `\f`
  @inlinable package static var formFeed: UInt8 { 0x0C }
  /// `\r`
  @inlinable package static var carriageReturn: UInt8 { 0x0D }
  @inlinable package static var space: UInt8 { 0x20 }
  /// `"`
  @inlinable package static var quote: UInt8 { 0x22 }
  /// `+`
  @inlinable package static var plus: UInt8 { 0x2B }
  /// `,`
  @inlinable package static var comma: UInt8 { 0x2C }
  /// `-`
  @inlinable package static var minus: UInt8 { 0x2D }
  /// `.`
  @inlinable package static var period: UInt8 { 0x2E }
  /// `/`
  @inlinable package static var slash: UInt8 { 0x2F }
  @inlinable package static var zero: UInt8 { 0x30 }
  @inlinable package static var one: UInt8 { 0x31 }
  @inlinable package static var nine: UInt8 { 0x39 }
  /// `:`
  @inlinable package static var colon: UInt8 { 0x3A }
  /// `;`
  @inlinable package static var semicolon: UInt8 { 0x3B }
  /// `=`
  @inlinable package static var equals: UInt8 { 0x3D }
  @inlinable package static var uppercaseA: UInt8 { 0x41 }
  @inlinable package static var uppercaseE: UInt8 { 0x45 }
  @inlinable package static var uppercaseF: UInt8 { 0x46 }
  @inlinable package static var uppercaseT: UInt8 { 0x54 }
  /// `[`
  @inlinable package static var leftBracket: UInt8 { 0x5B }
  /// `\`
  @inlinable package static var backslash: UInt8 { 0x5C }
  /// `]`
  @inlinable package static var rightBracket: UInt8 { 0x5D }
  @inlinable package static var lowercaseA: UInt8 { 0x61 }
  @inlinable package static var lowercaseB: UInt8 { 0x62 }
  @inlinable package static var lowercaseE: UInt8 { 0x65 }
  @inlinable package static var lowercaseF: UInt8 { 0x66 }
  @inlinable package static var lowercaseN: UInt8 { 0x6E }
  @inlinable package static var lowercaseR: UInt8 { 0x72 }
  @inlinable package static var lowercaseT: UInt8 { 0x74 }
  @inlinable package static var lowercaseU: UInt8 { 0x75 }
  /// `{`
  @inlinable package static var leftBrace: UInt8 { 0x7B }
  /// `}`
  @inlinable package static var rightBrace: UInt8 { 0x7D }

  /// The UTF-8 byte order mark, `EF BB BF`, dropped at the start of an input.
  package static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]
}
