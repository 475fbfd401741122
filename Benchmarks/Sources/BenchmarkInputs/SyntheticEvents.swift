import Foundation
import JourneyModel

/// Seeded synthetic clickstream inputs for the benchmarks: Segment-style NDJSON, quoted CSV, timestamps
/// in every supported form, and engine-ready ``EventRecord``s with heavy-tailed users.
///
/// Everything is built in a benchmark's `setup`, outside the measurement; the same seed gives the same bytes.
public struct SyntheticEvents {
  public var generator: SplitMix64
  /// Distinct users; activity per user is heavy-tailed (a few users have most events).
  public var userCount: Int

  public init(seed: UInt64 = 42, userCount: Int = 50_000) {
    generator = SplitMix64(seed: seed)
    self.userCount = userCount
  }

  /// 2026-11-01T00:00:00Z in seconds.
  public static let start: Int64 = 1_793_491_200

  static let eventNames = [
    "Page Viewed", "Page Viewed", "Page Viewed", "Product List Viewed", "Product Viewed", "Product Viewed",
    "Products Searched", "Product Added", "Cart Viewed", "Checkout Started", "Payment Info Entered",
    "Order Completed", "Signed In", "Newsletter Subscribed",
  ]
  static let paths = ["/", "/blog/spring-sale", "/blog/how-to-choose", "/c/shoes", "/c/bags", "/p/", "/cart", "/checkout/step-1", "/search"]
  static let sources = ["google", "facebook", "newsletter", "bing", "instagram", "", ""]
  static let mediums = ["cpc", "social", "email", "organic", "referral", ""]

  // MARK: NDJSON

  /// `count` Segment-style track events, one JSON object per line (about 420 bytes a line).
  ///
  /// Fields: `type`, `event`, `messageId`, `userId` (empty for some) / `anonymousId`, `timestamp` (ISO 8601,
  /// milliseconds), `context.page.{url,path}`, `context.campaign.{source,medium}`, `context.userAgent`,
  /// `properties` (product id, price, a small array).
  public mutating func segmentNDJSON(count: Int) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(count * 440)
    for i in 0..<count {
      out.append(contentsOf: segmentLine(i, count: count).utf8)
      out.append(UInt8(ascii: "\n"))
    }
    return out
  }

  /// One Segment line for event `i` of `count` (times rise through the month, with jitter).
  public mutating func segmentLine(_ i: Int, count: Int) -> String {
    let user = generator.heavyTailed(userCount)
    let anonymous = generator.remainder(5) == 0
    let event = Self.eventNames[generator.remainder(Self.eventNames.count)]
    let seconds = Self.start + Int64(i) * 2_592_000 / Int64(max(count, 1)) + Int64(generator.remainder(600))
    let millis = generator.remainder(1000)
    var path = Self.paths[generator.remainder(Self.paths.count)]
    if path == "/p/" { path += String(1000 + generator.remainder(9000)) }
    let source = Self.sources[generator.remainder(Self.sources.count)]
    let medium = Self.mediums[generator.remainder(Self.mediums.count)]
    let product = 10_000 + generator.remainder(90_000)
    let price = Double(generator.remainder(50_000)) / 100
    let userField = anonymous ? "null" : "\"u\(user)\""
    return """
      {"type":"track","event":"\(event)","messageId":"msg-\(i)-\(generator.next() & 0xFFFF_FFFF)",\
      "userId":\(userField),"anonymousId":"anon-\(user % 9973)-\(user)","timestamp":"\(Self.iso8601(seconds, millis: millis))",\
      "context":{"page":{"url":"https://shop.example.com\(path)?ref=\(source)","path":"\(path)","title":"Shop \\"Example\\""},\
      "campaign":{"source":"\(source)","medium":"\(medium)","name":"autumn-\(user % 7)"},\
      "userAgent":"Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/\(100 + user % 30).0","locale":"en-US"},\
      "properties":{"product_id":"p\(product)","price":\(price),"currency":"EUR","tags":["a","b",\(user % 10)]}}
      """
  }

  /// The `input:` section of a config for these lines (the configs of `Classification` and
  /// `Pipeline` start with it); indented like the top level of a YAML document.
  public static let segmentInputYAML = """
    input:
      format: ndjson
      fields:
        user: [userId, anonymousId]
        time: timestamp
        event: event
        url: context.page.url
    """

  /// The five fields the NDJSON benchmark extracts (one nested three levels deep).
  public static let ndjsonFields = ["userId", "event", "timestamp", "context.page.url", "context.campaign.source"]

  // MARK: CSV

  /// A header and `count` rows in the REES46 shape plus a free-text column; about a third of the rows
  /// have quoted fields holding commas and doubled quotes.
  public mutating func csv(count: Int) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(count * 150 + 100)
    out.append(contentsOf: "event_time,event_type,product_id,category_code,brand,price,user_id,user_session,note\n".utf8)
    let types = ["view", "view", "view", "cart", "remove_from_cart", "purchase"]
    let brands = ["acme", "\"Smith, Sons & Co\"", "globex", "\"The \"\"Best\"\" Brand\"", "", "initech"]
    let notes = ["", "\"first visit, via ad\"", "\"said \"\"hi\"\"\"", "plain", ""]
    for i in 0..<count {
      let seconds = Self.start + Int64(i) * 2_592_000 / Int64(max(count, 1))
      let row =
        "\(Self.dateTime(seconds)) UTC,\(types[generator.remainder(types.count)]),\(1_000_000 + generator.remainder(9_000_000)),"
        + "electronics.smartphone,\(brands[generator.remainder(brands.count)]),\(generator.remainder(100_000) / 100).\(generator.remainder(100)),"
        + "\(500_000_000 + generator.heavyTailed(userCount)),\(generator.next() & 0xFFFF_FFFF),\(notes[generator.remainder(notes.count)])\n"
      out.append(contentsOf: row.utf8)
    }
    return out
  }

  /// The CSV columns the CSV benchmark extracts.
  public static let csvFields = ["user_id", "event_type", "event_time", "brand", "note"]

  // MARK: Timestamps

  /// `count` time values, one per line, cycling through the forms the parser accepts: ISO 8601 with `Z`,
  /// with an offset, with a space and ` UTC`, epoch seconds, epoch milliseconds, and the access-log form.
  public mutating func timestamps(count: Int) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(count * 26)
    let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    for i in 0..<count {
      let seconds = Self.start + Int64(generator.remainder(31_536_000))
      let text: String
      switch i % 6 {
      case 0: text = Self.iso8601(seconds, millis: generator.remainder(1000))
      case 1: text = Self.dateTime(seconds).replacingOccurrences(of: " ", with: "T") + "+02:00"
      case 2: text = Self.dateTime(seconds) + ".123456 UTC"
      case 3: text = String(seconds)
      case 4: text = String(seconds * 1000 + Int64(generator.remainder(1000)))
      default:
        let days = Timestamp.floorDivide(seconds, 86_400)
        let (y, m, d) = Timestamp.civilFromDays(days)
        let inDay = seconds - days * 86_400
        text = "\(Self.pad(d, 2))/\(months[Int(m) - 1])/\(y):\(Self.pad(inDay / 3600, 2)):\(Self.pad(inDay / 60 % 60, 2)):\(Self.pad(inDay % 60, 2)) -0700"
      }
      out.append(contentsOf: text.utf8)
      out.append(UInt8(ascii: "\n"))
    }
    return out
  }

  // MARK: Engine events

  /// `count` events as the engine keeps them, users heavy-tailed over ``userCount``, each user's events
  /// in bursts (sessions) spread over a month, stages drawn so that funnels narrow, in shuffled order.
  public mutating func eventRecords(count: Int) -> [EventRecord] {
    var events: [EventRecord] = []
    events.reserveCapacity(count)
    var lastTime = [Int64](repeating: 0, count: userCount)
    for i in 0..<count {
      let user = generator.heavyTailed(userCount)
      var time = lastTime[user]
      if time == 0 || generator.remainder(8) == 0 {
        // A new visit: somewhere in the month, more than the timeout after the last one.
        time = max(time + 3_600_000_000, (Self.start + Int64(generator.remainder(2_592_000))) * 1_000_000)
      } else {
        time += Int64(5 + generator.remainder(300)) * 1_000_000
      }
      lastTime[user] = time
      let roll = generator.remainder(100)
      let stage: UInt16 = roll < 45 ? 0 : roll < 75 ? 1 : roll < 88 ? 2 : roll < 94 ? 3 : EventRecord.noStage
      events.append(
        EventRecord(time: time, order: EventRecord.order(file: 0, ordinal: i), user: UInt32(user + 1), stage: stage))
    }
    // Input order is not time order: shuffle deterministically.
    for i in stride(from: events.count - 1, to: 0, by: -1) {
      events.swapAt(i, generator.remainder(i + 1))
    }
    return events
  }

  // MARK: Text helpers

  static func iso8601(_ seconds: Int64, millis: Int) -> String {
    dateTime(seconds).replacingOccurrences(of: " ", with: "T") + "." + pad(Int64(millis), 3) + "Z"
  }

  /// `YYYY-MM-DD HH:MM:SS` in UTC.
  static func dateTime(_ seconds: Int64) -> String {
    let days = Timestamp.floorDivide(seconds, 86_400)
    let (y, m, d) = Timestamp.civilFromDays(days)
    let inDay = seconds - days * 86_400
    return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2)) \(pad(inDay / 3600, 2)):\(pad(inDay / 60 % 60, 2)):\(pad(inDay % 60, 2))"
  }

  static func pad(_ value: Int64, _ width: Int) -> String {
    let digits = String(value)
    return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
  }
}
