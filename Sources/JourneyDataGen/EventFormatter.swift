import JourneyModel

/// Formats one event as a Segment-style NDJSON line or a CSV row.
///
/// Both shapes draw the same values from the user's generator in the same order (the journey, its
/// times, products and paths are the shape's to keep): `--shape varied` only writes them another way,
/// with its own per-line generator for what varies (``VariedLineWriter``).
struct EventFormatter {
  let format: GeneratorSettings.Format
  var shape: GeneratorSettings.Shape = .uniform

  static let csvHeader =
    "message_id,user_id,anonymous_id,event,timestamp,url,path,source,medium,user_agent,product_id,product_name,price,revenue\n"
  static let host = "https://shop.example"

  /// Writes the timeline's current event at `time` (without the newline), drawing its details
  /// from the user's own generator.
  func write(_ line: inout LineBuilder, timeline: inout UserTimeline, userIndex: Int, time: Int64) {
    let kind = timeline.next
    var rng = timeline.rng
    let messageID = rng.next()
    if kind == .productViewed && (timeline.product == 0 || rng.below(10) < 7) {
      timeline.product = Int32(1 + rng.below(5000))
    }
    if (kind == .productAdded || kind == .checkoutStarted || kind == .orderCompleted) && timeline.product == 0 {
      timeline.product = Int32(1 + rng.below(5000))
    }
    let product = Int(timeline.product)
    let withCampaign = timeline.source != 0 && (timeline.eventsInSession == 0 || rng.below(10) < 3)
    let campaign = Campaign.sources[Int(timeline.source)]
    let path = Self.path(kind, product: product, rng: &rng)
    let price = 500 + (product * 7919) % 15000
    let quantity = 1 + rng.below(3)
    timeline.rng = rng
    let anonymousID = SplitMix64(seed: UInt64(userIndex) ^ 0x0BAD_5EED).state &* 0x9E37_79B9_7F4A_7C15
    let productName = Products.names[product % Products.names.count]

    switch format {
    case .ndjson where shape == .varied:
      let event = VariedLineWriter.Event(
        kind: kind, messageID: messageID, userIndex: userIndex, anonymous: timeline.isAnonymous,
        anonymousID: anonymousID, time: time, path: path, product: product, price: price, quantity: quantity,
        campaign: withCampaign ? Int(timeline.source) : nil, agent: Int(timeline.agent),
        firstInSession: timeline.eventsInSession == 0)
      VariedLineWriter.write(&line, event)
    case .ndjson:
      line.append("{\"messageId\":\"")
      line.appendHex(messageID, digits: 16)
      line.append("\",\"type\":\"track\",\"channel\":\"client\",\"event\":\"")
      line.append(kind.name)
      line.append("\",")
      switch timeline.anonymity {
      case 0: line.append("\"userId\":\"u"); line.append(userIndex); line.append("\",")
      case 2: line.append("\"userId\":null,")
      case 3: line.append("\"userId\":\"\",")
      default: break
      }
      line.append("\"anonymousId\":\"a")
      line.appendHex(anonymousID, digits: 12)
      line.append("\",\"timestamp\":\"")
      line.appendISO8601(milliseconds: time)
      // The envelope of a real Segment track call (analytics.js): when the server got it, the
      // client's address, library and locale. Derived from ids, not drawn from the user's
      // generator, so the journeys are those of the smaller lines before (about 600 bytes a line
      // now, as the 5M-event / 3.0 GB data set of the performance issue).
      line.append("\",\"receivedAt\":\"")
      line.appendISO8601(milliseconds: time + Int64(40 + messageID % 900))
      line.append("\",\"context\":{\"ip\":\"")
      line.append(Self.networks[userIndex % Self.networks.count])
      line.append(1 + (userIndex / Self.networks.count) % 254)
      line.append("\",\"library\":{\"name\":\"analytics.js\",\"version\":\"")
      line.append(Self.libraryVersions[userIndex % Self.libraryVersions.count])
      line.append("\"},\"locale\":\"")
      line.append(Self.locales[(userIndex / 7) % Self.locales.count])
      line.append("\",\"page\":{\"url\":\"")
      line.append(Self.host)
      line.append(path)
      line.append("\",\"path\":\"")
      line.append(path)
      line.append("\"},")
      if withCampaign {
        line.append("\"campaign\":{\"source\":\"")
        line.append(campaign.source)
        line.append("\",\"medium\":\"")
        line.append(campaign.medium)
        line.append("\"},")
      }
      line.append("\"userAgent\":")
      line.appendJSONString(Agents.all[Int(timeline.agent)])
      line.append("},\"properties\":{")
      switch kind {
      case .productViewed, .productAdded:
        line.append("\"product_id\":\"P"); line.append(product)
        line.append("\",\"name\":"); line.appendJSONString(productName)
        line.append(",\"price\":"); line.appendCents(price)
        if kind == .productAdded { line.append(",\"quantity\":"); line.append(quantity) }
      case .productListViewed:
        line.append("\"category\":\""); line.append(Products.categories[product % Products.categories.count]); line.append("\"")
      case .checkoutStarted:
        line.append("\"value\":"); line.appendCents(price * quantity); line.append(",\"currency\":\"EUR\"")
      case .orderCompleted:
        line.append("\"order_id\":\"o"); line.appendHex(messageID >> 20, digits: 10)
        line.append("\",\"revenue\":"); line.appendCents(price * quantity); line.append(",\"currency\":\"EUR\"")
      case .search:
        line.append("\"query\":"); line.appendJSONString(Products.queries[product % Products.queries.count])
      default: break
      }
      line.append("},\"integrations\":{},\"version\":2}")
    case .csv:
      line.appendHex(messageID, digits: 16)
      line.append(",")
      if timeline.anonymity == 0 { line.append("u"); line.append(userIndex) }
      line.append(",a")
      line.appendHex(anonymousID, digits: 12)
      line.append(",")
      line.append(kind.name)
      line.append(",")
      line.appendISO8601(milliseconds: time)
      line.append(",")
      line.appendCSVField(Self.host + path)
      line.append(",")
      line.appendCSVField(path)
      line.append(",")
      if withCampaign { line.append(campaign.source) }
      line.append(",")
      if withCampaign { line.append(campaign.medium) }
      line.append(",")
      line.appendCSVField(Agents.all[Int(timeline.agent)])
      line.append(",")
      if kind == .productViewed || kind == .productAdded {
        line.append("P"); line.append(product); line.append(",")
        line.appendCSVField(productName); line.append(",")
        line.appendCents(price)
      } else {
        line.append(",,")
      }
      line.append(",")
      if kind == .orderCompleted { line.appendCents(price * quantity) }
    }
  }

  static let networks = ["203.0.113.", "198.51.100.", "192.0.2.", "100.64.12.", "172.16.40."]
  static let libraryVersions = ["next-1.70.0", "next-1.71.1", "next-1.72.0"]
  static let locales = ["en-US", "de-DE", "fr-FR", "en-GB", "nl-NL", "es-ES", "it-IT", "pl-PL"]

  static let encodedQueries = ["running+shoes", "jacket", "mug", "socks+wool", "gr%C3%B6%C3%9Fe+42", "gift+ideas"]

  static func path(_ kind: EventKind, product: Int, rng: inout SplitMix64) -> String {
    switch kind {
    case .pageViewed: Products.pages[rng.below(Products.pages.count)]
    case .productListViewed: "/category/" + Products.categories[product % Products.categories.count]
    case .productViewed, .productAdded: "/products/" + String(product)
    case .checkoutStarted: "/checkout"
    case .orderCompleted: "/checkout/complete"
    case .search: "/search?q=" + encodedQueries[product % encodedQueries.count]
    case .newsletterSignup: "/newsletter"
    case .signedIn: "/account/login"
    }
  }
}
