import Foundation
import JourneyModel
import JourneyTestSupport
import Testing

@testable import JourneyConfig

/// Rule and `exclude:` regexes run on RE2: linear time, the syntax of the presets and fixtures kept,
/// and what needs backtracking refused at config time with the reason and the regex's location.
@Suite struct RE2RegexTests {
  /// Every regex of every preset and of every YAML file under Fixtures/ (and the benchmark config).
  static func shippedPatterns() throws -> [String] {
    var patterns: [String] = []
    func collect(_ condition: Condition) {
      switch condition {
      case .all(let parts), .any(let parts): parts.forEach(collect)
      case .not(let inner): collect(inner)
      case .test(let test): if case .regex(let pattern) = test.op { patterns.append(pattern) }
      }
    }
    var configs = Preset.all.map(\.config)
    let folders = [TestPaths.fixture("config"), TestPaths.fixture("e2e"), TestPaths.fixture("presets")]
    var files = folders.flatMap { folder in
      (FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String } ?? [])
        .filter { $0.hasSuffix(".yaml") }.map { folder.appendingPathComponent($0).path }
    }
    files.append(TestPaths.repository.appendingPathComponent("Benchmarks/compare_lib/spec-style.yaml").path)
    for file in files {
      if let config = try? ConfigLoader.load(path: file) { configs.append(config) }
    }
    for config in configs {
      config.exclude.forEach(collect)
      config.rules.map(\.condition).forEach(collect)
    }
    return Array(Set(patterns)).sorted()
  }

  @Test func presetAndFixtureRegexesCompileAndAnswerLikeSwiftRegex() throws {
    let patterns = try Self.shippedPatterns()
    #expect(patterns.count >= 6, "\(patterns)")
    // ASCII values these patterns are about, in both cases, with and without the interesting parts.
    let values = [
      "Mozilla/5.0 (compatible; Googlebot/2.1)", "GoogleBot", "BOT", "crawler", "Spider-Man", "feedfetcher", "Slurp",
      "Mozilla/5.0 (X11; Linux x86_64)", "/static/app.js", "/img/logo.PNG", "/img/logo.png?v=3", "/a.jpeg", "/a.jpg#x",
      "/fonts/x.woff2", "/index.html", "/p/123", "/p/abc", "/search?q=running", "/search?x=1&q=running&y=2",
      "purchase", "Order Completed", "order_completed", "completed order", "Checkout Completed", "transaction",
      "order placed", "Purchase!", "add to cart", "Added to Cart", "Product Added", "begin_checkout",
      "checkout started", "view item", "Viewed Product", "product_viewed", "Product List", "product list viewed",
      "", " ", "css", ".css", "x.CSS", "a.map", "b.ico?", "page_view",
    ]
    for pattern in patterns {
      let re2 = try RE2Regex(pattern)
      let swift = try Regex(pattern)
      for value in values {
        let expected = (try swift.firstMatch(in: value)) != nil
        #expect(re2.matches(value) == expected, "\(pattern) on \(value.debugDescription)")
        #expect(re2.matches(ArraySlice(value.utf8)) == expected, "\(pattern) on bytes of \(value.debugDescription)")
      }
    }
  }

  @Test(arguments: [
    ("(?i)bot|crawler|spider", "Mozilla GoogleBOT", true),
    ("^/p/[0-9]+$", "/p/42", true),
    ("^/p/[0-9]+$", "/p/42/", false),
    ("[[:digit:]]{3}", "ab123", true),
    ("\\d+\\.\\d+", "v1.25", true),
    ("\\bcart\\b", "my cart!", true),
    ("\\bcart\\b", "cartoon", false),
    ("(?<section>blog|news)/\\w+", "/news/today", true),
    ("\\p{L}+é", "café", true),
    ("(?i)CAFÉ", "café", true),
    ("\\A/x\\z", "/x", true),
    ("(?s)a.b", "a\nb", true),
    ("a.b", "a\nb", false),
    ("\\Q.*\\E", "a.*b", true),
    ("(?:a|b)*c", "ababx", false),
  ])
  func swiftSyntaxUsersWriteStillWorks(_ pattern: String, _ value: String, _ expected: Bool) throws {
    let regex = try RE2Regex(pattern)
    #expect(regex.matches(value) == expected)
    #expect(regex.matches(ArraySlice(value.utf8)) == expected)
  }

  @Test(arguments: [
    ("(a)\\1", "backreferences (\\1) are not supported"),
    ("(?<q>a)\\k<q>", "backreferences"),
    ("foo(?=bar)", "lookahead ((?=…) is not supported"),
    ("foo(?!bar)", "lookahead ((?!…) is not supported"),
    ("(?<=foo)bar", "lookbehind ((?<=…) is not supported"),
    ("(?<!foo)bar", "lookbehind ((?<!…) is not supported"),
    ("a++b", "possessive quantifiers (++) are not supported"),
    ("a*+b", "possessive quantifiers (*+) are not supported"),
    ("(?>a+)b", "atomic groups"),
    ("a{1001}", "a repetition count over 1000"),
    ("end\\Z", "\\Z is not supported"),
  ])
  func backtrackingFeaturesAreRefusedWithTheReason(_ pattern: String, _ reason: String) throws {
    #expect(throws: RE2Regex.Failure.self) { try RE2Regex(pattern) }
    do {
      _ = try RE2Regex(pattern)
    } catch {
      #expect(error.description.contains(reason), "\(pattern): \(error)")
      #expect(error.description.contains("RE2: "), "\(pattern): \(error)")
    }
  }

  @Test func refusedRegexIsAConfigErrorAtItsLineAndColumn() throws {
    let yaml = """
      input:
        fields: {user: u, time: t, event: event}
      stages: [a, b]
      rules:
        - stage: a
          event: x
        - stage: b
          field: path
          regex: '(\\w+)/\\1'
      """
    let error = try #require(throws: JourneyError.self) { try ConfigLoader.parse(yaml: yaml, file: "bad.yaml") }
    #expect(error.kind == .config)
    #expect(error.location == "bad.yaml:9:12", "\(error)")
    #expect(error.message.contains("bad regex '(\\w+)/\\1' in rules[1]"), "\(error)")
    #expect(error.message.contains("backreferences (\\1) are not supported"), "\(error)")
  }

  /// `(a+)+$` backtracks exponentially in a backtracking engine (66 s for one 20-character value in
  /// Swift's `Regex`); in RE2 a thousand values of 20–30 `a`s take microseconds each.
  @Test func nestedQuantifiersRunInLinearTime() throws {
    let regex = try RE2Regex("(a+)+$")
    let anchored = try RE2Regex("^(a+)+$")
    for length in 0..<1000 {
      let value = String(repeating: "a", count: 20 + length % 11) + "!"
      #expect(regex.matches(ArraySlice(value.utf8)) == false)  // it ends in `!`, not in an `a`
      #expect(anchored.matches(value) == false)
      #expect(anchored.matches(String(value.dropLast())) == true)
    }
    #expect(regex.matches("aa") == true)
  }

  /// `\d \w \s` keep Swift's Unicode meaning (RE2's own are ASCII only), inside brackets too.
  @Test(arguments: [
    "\\w+", "^\\w+$", "^\\d+$", "\\d", "\\s", "^\\S+$", "^[\\w-]+$", "\\W", "^\\D+$", "^[[:alpha:]\\d]+$",
    "^[^\\s]+$", "^[[:alnum:]]+$", "[[:space:]]", "^[[:upper:]]", "^[[:lower:][:digit:]]+$", "\\Q\\d\\E", "(?i)^\\w+É$", "^(?<word>\\w+) (?<n>\\d+)$", "[\\s,]+",
  ])
  func unicodeClassesAnswerLikeSwiftRegex(_ pattern: String) throws {
    let values = [
      "café", "naïve-test", "日本語", "x_y", "٣٤", "123", "a\u{A0}b", "a\u{2003}b", "a\u{0B}b", "a b", "\\d", "CAFÉ",
      "Ünïcödé 42", "ab١٢", "a,b", "", "-", "Ⅻ", "½", "x²", "x\u{3000}y", "tab\there",
    ]
    let re2 = try RE2Regex(pattern)
    let swift = try Regex(pattern)
    for value in values {
      let expected = (try swift.firstMatch(in: value)) != nil
      #expect(re2.matches(value) == expected, "\(pattern) on \(value.debugDescription) (RE2: \(RE2Regex.translated(pattern)))")
    }
  }

  /// RE2 searches the rest of the pattern for `:]` at every `[:` in a class: 2 minutes for a config's
  /// `[[:[:[:…` of 600 KB. Patterns over 32 KiB are refused, and a `[:` that starts no class name is
  /// escaped, so no pattern that fits takes long.
  @Test func hugeAndPathologicalPatternsAreHandledQuickly() throws {
    let huge = try #require(throws: RE2Regex.Failure.self) { try RE2Regex("[" + String(repeating: "[:", count: 300_000)) }
    #expect(huge.description == "the regex is too long: 600001 bytes, more than 32768", "\(huge)")
    let started = ContinuousClock.now
    let colons = "[" + String(repeating: "[:", count: 10_000) + "]"
    let regex = try RE2Regex(colons)
    #expect(regex.matches("a[b") && regex.matches(":") && !regex.matches("ab"))
    #expect(ContinuousClock.now - started < .seconds(5), "\(ContinuousClock.now - started)")
    #expect(RE2Regex.translated("[[:x]") == "[\\[:x]")
    let words = try #require(throws: RE2Regex.Failure.self) { try RE2Regex(String(repeating: "\\w", count: 16_000)) }
    #expect(words.description.hasSuffix("spelled out as Unicode classes, more than 32768"), "\(words)")
    #expect(ContinuousClock.now - started < .seconds(5), "\(ContinuousClock.now - started)")
  }

  @Test func matchesBytesOfASliceNotTheWholeArray() throws {
    let regex = try RE2Regex("^bot$")
    let buffer = Array("xxbotyy".utf8)
    #expect(regex.matches(buffer[2..<5]) == true)
    #expect(regex.matches(buffer[1..<5]) == false)
  }

  @Test func translationRewritesGroupsAndClassesButNotEscapedOrQuotedText() {
    #expect(RE2Regex.translated("(?<a>x)") == "(?P<a>x)")
    #expect(RE2Regex.translated("[(?<a>]") == "[(?<a>]")
    #expect(RE2Regex.translated("\\(?<a>") == "\\(?<a>")
    #expect(RE2Regex.translated("[]](?<n>x)") == "[]](?P<n>x)")
    #expect(RE2Regex.translated("(?<=a)") == "(?<=a)")
    #expect(RE2Regex.translated("\\Q(?<a>\\w\\E\\w") == "\\Q(?<a>\\w\\E[\\p{L}\\p{M}\\p{N}\\p{Pc}]")
    #expect(RE2Regex.translated("[[:alpha:]\\d]") == "[\\p{L}\\p{Nl}\\p{M}\\p{N}]")
    #expect(RE2Regex.translated("[[:xdigit:]]") == "[[:xdigit:]]")
    #expect(RE2Regex.translated("\\\\d") == "\\\\d")
    #expect(RE2Regex.translated("\\D") == "[^\\p{N}]")
  }
}
