import JourneyModel

/// Writes one event as a line of a Segment export that varies the way real ones do (`--shape varied`).
///
/// What varies, line by line: the call (`track`; `page` for page views, still with `event`; `identify`
/// for sign-ins, with `traits` and no `event`), `"userId": null` on anonymous lines, the members of
/// `properties`, `context` and `traits` per call and event name, product arrays of 1–5 items on cart,
/// checkout and order events, optional members (`context.campaign`, `context.referrer`,
/// `context.locale`, `context.device`, `properties.coupon`, `_metadata`…), the source (web lines with
/// a user agent, app lines with `context.app` and none), the key order (88% one order; the rest sorted
/// keys, `event` after `properties`, or a server library's order), the serializer (JavaScript's UTF-8,
/// Python's `\uXXXX`, some with `", "` and `": "`, PHP's `\/`), unicode and escapes in names and
/// titles, integer and float numbers.
///
/// What does not: the event's values (name, user, anonymous id, time, page path and URL, campaign
/// source) are the uniform shape's, drawn by ``EventFormatter`` from the user's generator; what
/// varies comes from a generator seeded by the line's message id. So both shapes hold the same
/// journeys, and the same arguments give the same bytes.
enum VariedLineWriter {
  /// The values the uniform shape drew for this event.
  struct Event {
    var kind: EventKind
    var messageID: UInt64
    var userIndex: Int
    var anonymous: Bool
    var anonymousID: UInt64
    var time: Int64
    var path: String
    var product: Int
    /// Cents.
    var price: Int
    var quantity: Int
    /// Index into ``Campaign/sources``, or `nil` when the line has no campaign.
    var campaign: Int?
    var agent: Int
    var firstInSession: Bool
  }

  enum Call { case track, page, identify }

  /// Top-level members, in the orders lines are written in.
  enum Member {
    case messageID, type, channel, event, name, userID, anonymousID, timestamp, originalTimestamp, sentAt
    case receivedAt, context, properties, traits, integrations, metadata, version, writeKey
  }

  /// analytics.js through Segment's pipeline: `timestamp` and `event` before `properties`.
  static let usualOrder: [Member] = [
    .messageID, .type, .channel, .event, .name, .userID, .anonymousID, .timestamp, .originalTimestamp,
    .sentAt, .receivedAt, .context, .properties, .traits, .integrations, .metadata, .version, .writeKey,
  ]
  /// Sorted keys (a warehouse or S3 dump): `timestamp` after `properties`.
  static let sortedOrder: [Member] = [
    .metadata, .anonymousID, .channel, .context, .event, .integrations, .messageID, .name,
    .originalTimestamp, .properties, .receivedAt, .sentAt, .timestamp, .traits, .type, .userID, .version,
    .writeKey,
  ]
  /// `event` (and a page's `name`) late, after `properties`.
  static let eventLateOrder: [Member] = [
    .messageID, .type, .userID, .anonymousID, .timestamp, .sentAt, .context, .properties, .traits, .event,
    .name, .receivedAt, .integrations, .channel, .version, .originalTimestamp, .metadata, .writeKey,
  ]
  /// A server library (analytics-node): the payload first, ids and times at the end.
  static let serverOrder: [Member] = [
    .type, .event, .name, .properties, .traits, .userID, .anonymousID, .context, .integrations, .messageID,
    .timestamp, .originalTimestamp, .sentAt, .receivedAt, .channel, .version, .metadata, .writeKey,
  ]

  /// What one line is like, decided before it is written.
  struct Style {
    var call: Call
    var order: [Member]
    var sorted: Bool
    var server: Bool
    /// A user of the shop's app (the uniform shape's mobile user agents): `context.app`, no user agent.
    var app: Bool
  }

  static func write(_ line: inout LineBuilder, _ event: Event) {
    var rng = SplitMix64(seed: event.messageID ^ 0x51A9_E5D0_77A3_C4E1)
    _ = rng.next()
    var json = JSONWriter()
    swap(&json.out, &line)  // write into the caller's buffer without copying it
    defer { swap(&json.out, &line) }

    let serializer = rng.below(100)
    json.escapes = serializer < 75 ? .plain : serializer < 88 ? .ascii : .asciiAndSlashes
    json.spaced = serializer >= 75 && serializer < 80  // Python's default separators
    let roll = rng.below(100)
    let order = roll < 88 ? usualOrder : roll < 93 ? sortedOrder : roll < 97 ? eventLateOrder : serverOrder
    let style = Style(
      call: event.kind == .pageViewed ? .page : event.kind == .signedIn ? .identify : .track,
      order: order, sorted: roll >= 88 && roll < 93, server: roll >= 97,
      app: Agents.profiles[event.agent].device != nil)

    json.beginObject()
    for member in order {
      writeMember(member, &json, event, style, &rng)
    }
    json.endObject()
  }

  static func writeMember(_ member: Member, _ json: inout JSONWriter, _ event: Event, _ style: Style, _ rng: inout SplitMix64) {
    switch member {
    case .messageID:
      json.key("messageId")
      let low = rng.next()
      if !style.server && !style.app {
        let prefix = low & 0b11 == 0
        json.plainString { if prefix { $0.append("ajs-next-") }; $0.appendHex(event.messageID, digits: 16) }
      } else {
        json.plainString { out in  // a UUID
          out.appendHex(event.messageID >> 32, digits: 8); out.append(byte: 0x2D)
          out.appendHex(event.messageID >> 16, digits: 4); out.append(byte: 0x2D)
          out.appendHex(event.messageID, digits: 4); out.append(byte: 0x2D)
          out.appendHex(low >> 48, digits: 4); out.append(byte: 0x2D)
          out.appendHex(low, digits: 12)
        }
      }
    case .type:
      json.key("type")
      switch style.call {
      case .track: json.literal("\"track\"")
      case .page: json.literal("\"page\"")
      case .identify: json.literal("\"identify\"")
      }
    case .channel:
      guard rng.oneIn(8) else { return }
      json.key("channel")
      json.literal(style.server ? "\"server\"" : style.app ? "\"mobile\"" : "\"client\"")
    case .event:
      guard style.call != .identify else { return }
      json.key("event")
      json.string(event.kind.name)
    case .name:
      guard style.call == .page else { return }
      json.key("name")
      json.string(Pages.page(event.path).name)
    case .userID:
      json.key("userId")
      if event.anonymous {
        json.literal("null")
      } else {
        json.plainString { $0.append("u"); $0.append(event.userIndex) }
      }
    case .anonymousID:
      json.key("anonymousId")
      json.plainString { $0.append("a"); $0.appendHex(event.anonymousID, digits: 12) }
    case .timestamp:
      json.key("timestamp")
      json.timestamp(milliseconds: event.time)
    case .originalTimestamp:
      guard rng.oneIn(32) else { return }
      json.key("originalTimestamp")
      json.timestamp(milliseconds: event.time - 2 - Int64(rng.below(400)))
    case .sentAt:
      guard rng.oneIn(8) else { return }
      json.key("sentAt")
      json.timestamp(milliseconds: event.time + 3 + Int64(rng.below(40)))
    case .receivedAt:
      json.key("receivedAt")
      json.timestamp(milliseconds: event.time + Int64(40 + event.messageID % 900))
    case .context:
      json.key("context")
      writeContext(&json, event, style, &rng)
    case .properties:
      guard style.call != .identify else { return }
      json.key("properties")
      writeProperties(&json, event, &rng)
    case .traits:
      guard style.call == .identify else { return }
      json.key("traits")
      writeTraits(&json, event, &rng)
    case .integrations:
      let kind = rng.below(16)
      guard kind < 4 else { return }  // 3 lines in 4: the pipeline dropped it
      json.key("integrations")
      switch kind {
      case 0: json.literal("{\"All\":true,\"Mixpanel\":false}")
      case 1:
        json.beginObject()
        json.key("Google Analytics 4")
        json.beginObject()
        json.key("clientId")
        json.plainString { $0.append(event.userIndex); $0.append(byte: 0x2E); $0.append(Int(event.anonymousID % 1_000_000_000)) }
        json.endObject()
        json.endObject()
      default: json.literal("{}")
      }
    case .metadata:
      guard rng.oneIn(64) else { return }
      json.key("_metadata")
      json.beginObject()
      json.key("bundled")
      json.beginArray()
      json.element(); json.literal("\"Segment.io\"")
      if rng.oneIn(2) { json.element(); json.literal("\"Google Analytics 4\"") }
      json.endArray()
      json.key("unbundled")
      json.literal("[]")
      json.endObject()
    case .version:
      guard !rng.oneIn(4) else { return }
      json.key("version")
      json.literal("2")
    case .writeKey:
      guard rng.oneIn(64) else { return }
      json.key("writeKey")
      json.literal("\"Xm1bnCqX9eq3UJi7uP4rWfpOeZ2Gv0Ty\"")
    }
  }

  // MARK: - context

  static func writeContext(_ json: inout JSONWriter, _ event: Event, _ style: Style, _ rng: inout SplitMix64) {
    let profile = Agents.profiles[event.agent]
    let locale = EventFormatter.locales[(event.userIndex / 7) % EventFormatter.locales.count]
    // Which optional members this line has.
    let hasLocale = !rng.oneIn(4)
    let hasAgentData = profile.brands != nil && rng.oneIn(32)
    let hasTimezone = rng.oneIn(style.app ? 4 : 16)
    let hasScreen = rng.oneIn(style.app ? 8 : 32)
    let hasReferrer = rng.oneIn(64)
    let hasTraits = !event.anonymous && rng.oneIn(32)
    let hasIP = !style.server && rng.oneIn(2)
    let hasPageTitle = rng.oneIn(16)
    let hasOS = style.app && rng.oneIn(2)
    let referrer: String? =
      if event.firstInSession, let campaign = event.campaign {
        rng.oneIn(4) ? Referrers.url(Campaign.sources[campaign].source) : nil
      } else if event.firstInSession {
        rng.oneIn(4) ? "" : nil
      } else {
        rng.oneIn(16) ? Pages.host + Pages.previous(event.kind) : nil
      }
    let query = event.path.firstIndex(of: "?").map { String(event.path[$0...]) } ?? (rng.oneIn(32) ? "" : nil)

    func page(_ json: inout JSONWriter) {
      json.beginObject()
      json.key("path")
      json.string(event.path)
      if let referrer { json.key("referrer"); json.string(referrer) }
      if let query { json.key("search"); json.string(query) }
      if hasPageTitle {
        json.key("title")
        if event.kind == .productViewed || event.kind == .productAdded {
          json.string(Products.variedNames[event.product % Products.variedNames.count] + " | Shop Example")
        } else {
          json.string(Pages.page(event.path).title)
        }
      }
      json.key("url")
      json.string(Pages.host + event.path)
      json.endObject()
    }

    func campaign(_ json: inout JSONWriter, _ index: Int, _ rng: inout SplitMix64) {
      let entry = Campaign.sources[index]
      let name = rng.oneIn(4) ? Campaign.names[(index + event.userIndex) % Campaign.names.count] : nil
      let term = entry.medium == "cpc" && rng.oneIn(4) ? Products.variedQueries[event.product % Products.variedQueries.count] : nil
      let content = rng.oneIn(8) ? Campaign.contents[index % Campaign.contents.count] : nil
      json.beginObject()
      if style.sorted {
        if let content { json.key("content"); json.string(content) }
        json.key("medium"); json.string(entry.medium)
        if let name { json.key("name"); json.string(name) }
        json.key("source"); json.string(entry.source)
        if let term { json.key("term"); json.string(term) }
      } else {
        if let name { json.key("name"); json.string(name) }
        json.key("source"); json.string(entry.source)
        json.key("medium"); json.string(entry.medium)
        if let term { json.key("term"); json.string(term) }
        if let content { json.key("content"); json.string(content) }
      }
      json.endObject()
    }

    func agentData(_ json: inout JSONWriter) {
      json.beginObject()
      json.key("brands")
      json.beginArray()
      for (brand, version) in profile.brands ?? [] {
        json.element()
        json.beginObject()
        json.key("brand"); json.string(brand)
        json.key("version"); json.string(version)
        json.endObject()
      }
      json.endArray()
      json.key("mobile"); json.bool(false)
      json.key("platform"); json.string(profile.os.name)
      json.endObject()
    }

    func library(_ json: inout JSONWriter) {
      json.beginObject()
      json.key("name")
      json.literal(style.server ? "\"analytics-node\"" : style.app ? "\"analytics-react-native\"" : "\"analytics.js\"")
      json.key("version")
      if style.server {
        json.literal("\"2.1.0\"")
      } else if style.app {
        json.literal("\"2.19.2\"")
      } else {
        json.string("next-" + Libraries.versions[event.userIndex % Libraries.versions.count])
      }
      json.endObject()
    }

    func app(_ json: inout JSONWriter, _ rng: inout SplitMix64) {
      json.beginObject()
      json.key("name"); json.string("Shop Example")
      json.key("version"); json.literal("\"5.2.1\"")
      if rng.oneIn(4) { json.key("build"); json.literal("\"5210\"") }
      json.endObject()
    }

    func screen(_ json: inout JSONWriter) {
      json.beginObject()
      if style.app {
        json.key("width"); json.int(390)
        json.key("height"); json.int(844)
        json.key("density"); json.int(3)
      } else {
        let wide = event.userIndex % 3 == 0
        json.key("width"); json.int(wide ? 2560 : 1440)
        json.key("height"); json.int(wide ? 1440 : 900)
        json.key("density"); json.literal(wide ? "1.25" : "2")
      }
      json.endObject()
    }

    func device(_ json: inout JSONWriter, _ rng: inout SplitMix64) {
      guard let device = profile.device else { return }
      json.beginObject()
      json.key("type"); json.literal(event.agent == 2 ? "\"ios\"" : "\"android\"")
      if rng.oneIn(4) { json.key("manufacturer"); json.string(device.manufacturer) }
      json.key("model"); json.string(device.model)
      json.endObject()
    }

    func os(_ json: inout JSONWriter) {
      json.beginObject()
      json.key("name"); json.string(profile.os.name)
      json.key("version"); json.string(profile.os.version)
      json.endObject()
    }

    func referrerObject(_ json: inout JSONWriter) {
      json.beginObject()
      json.key("type"); json.literal("\"dataxu\"")
      json.key("id"); json.plainString { $0.appendHex(event.messageID ^ 0xDA7A, digits: 10) }
      json.endObject()
    }

    func traits(_ json: inout JSONWriter) {
      json.beginObject()
      json.key("email"); json.plainString { $0.append("u"); $0.append(event.userIndex); $0.append("@example.com") }
      json.endObject()
    }

    func ip(_ json: inout JSONWriter) {
      json.plainString { out in
        out.append(EventFormatter.networks[event.userIndex % EventFormatter.networks.count])
        out.append(1 + (event.userIndex / EventFormatter.networks.count) % 254)
      }
    }

    let timezone = Timezones.byLocale[locale] ?? "UTC"
    json.beginObject()
    if style.sorted {
      if style.app { json.key("app"); app(&json, &rng) }
      if let index = event.campaign { json.key("campaign"); campaign(&json, index, &rng) }
      if style.app { json.key("device"); device(&json, &rng) }
      if hasIP { json.key("ip"); ip(&json) }
      json.key("library"); library(&json)
      if hasLocale { json.key("locale"); json.string(locale) }
      if hasOS { json.key("os"); os(&json) }
      json.key("page"); page(&json)
      if hasReferrer { json.key("referrer"); referrerObject(&json) }
      if hasScreen { json.key("screen"); screen(&json) }
      if hasTimezone { json.key("timezone"); json.string(timezone) }
      if hasTraits { json.key("traits"); traits(&json) }
      if !style.app { json.key("userAgent"); json.string(profile.userAgent) }
      if hasAgentData { json.key("userAgentData"); agentData(&json) }
    } else if style.app {
      json.key("app"); app(&json, &rng)
      json.key("device"); device(&json, &rng)
      json.key("library"); library(&json)
      if hasLocale { json.key("locale"); json.string(locale) }
      if hasOS { json.key("os"); os(&json) }
      if hasScreen { json.key("screen"); screen(&json) }
      if hasTimezone { json.key("timezone"); json.string(timezone) }
      if hasTraits { json.key("traits"); traits(&json) }
      json.key("page"); page(&json)
      if let index = event.campaign { json.key("campaign"); campaign(&json, index, &rng) }
      if hasIP { json.key("ip"); ip(&json) }
    } else {
      json.key("page"); page(&json)
      json.key("userAgent"); json.string(profile.userAgent)
      if hasAgentData { json.key("userAgentData"); agentData(&json) }
      if hasLocale { json.key("locale"); json.string(locale) }
      json.key("library"); library(&json)
      if hasTimezone { json.key("timezone"); json.string(timezone) }
      if hasScreen { json.key("screen"); screen(&json) }
      if let index = event.campaign { json.key("campaign"); campaign(&json, index, &rng) }
      if hasReferrer { json.key("referrer"); referrerObject(&json) }
      if hasTraits { json.key("traits"); traits(&json) }
      if hasIP { json.key("ip"); ip(&json) }
    }
    json.endObject()
  }

  // MARK: - properties

  static func writeProperties(_ json: inout JSONWriter, _ event: Event, _ rng: inout SplitMix64) {
    let product = event.product
    json.beginObject()
    switch event.kind {
    case .pageViewed:
      json.key("path"); json.string(event.path)
      if rng.oneIn(16) { json.key("title"); json.string(Pages.page(event.path).title) }
      if rng.oneIn(8) { json.key("url"); json.string(Pages.host + event.path) }
      if rng.oneIn(16) { json.key("category"); json.string(Pages.page(event.path).name) }
    case .productViewed, .productAdded:
      json.key("product_id"); json.plainString { $0.append("P"); $0.append(product) }
      if rng.oneIn(4) { json.key("sku"); json.plainString { Self.sku(&$0, product) } }
      if rng.oneIn(4) { json.key("category"); json.string(Products.categories[product % Products.categories.count]) }
      json.key("name"); json.string(Products.variedNames[product % Products.variedNames.count])
      if rng.oneIn(8) { json.key("brand"); json.string(Products.brands[product % Products.brands.count]) }
      if rng.oneIn(16) { json.key("variant"); json.string(Products.variants[(product / 7) % Products.variants.count]) }
      json.key("price"); json.amount(cents: event.price)
      if rng.oneIn(4) { json.key("currency"); json.literal("\"EUR\"") }
      if event.kind == .productAdded {
        json.key("quantity"); json.int(event.quantity)
        json.key("cart_id"); json.plainString { $0.append("c"); $0.appendHex(event.anonymousID >> 8, digits: 10) }
        // Some shop plugins send the whole cart with each addition.
        if rng.oneIn(4) { json.key("products"); writeItems(&json, cart(event, &rng).items) }
      } else {
        if rng.oneIn(8) { json.key("position"); json.int(1 + rng.below(24)) }
        if rng.oneIn(16) {
          json.key("image_url")
          json.string("https://cdn.shop.example/img/p/" + String(product) + "/main.jpg")
        }
      }
    case .productListViewed:
      if rng.oneIn(4) { json.key("list_id"); json.plainString { $0.append("list-"); $0.append(product % Products.categories.count) } }
      json.key("category"); json.string(Products.categories[product % Products.categories.count])
    case .checkoutStarted:
      writeCheckout(&json, event, &rng, order: false)
    case .orderCompleted:
      writeCheckout(&json, event, &rng, order: true)
    case .search:
      json.key("query"); json.string(Products.variedQueries[product % Products.variedQueries.count])
    case .newsletterSignup:
      json.key("list"); json.string("Weekly deals 📬")
      json.key("double_opt_in"); json.bool(rng.oneIn(2))
    case .signedIn:
      break
    }
    json.endObject()
  }

  /// The totals and product array of a checkout or an order (1–5 items, the first the event's own).
  static func writeCheckout(_ json: inout JSONWriter, _ event: Event, _ rng: inout SplitMix64, order: Bool) {
    let (items, subtotal) = cart(event, &rng)
    let coupon = rng.oneIn(6) ? Coupons.all[rng.below(Coupons.all.count)] : nil
    let discount = coupon != nil ? subtotal / 10 : 0
    let shipping = subtotal >= 5000 ? 0 : 495
    let tax = (subtotal - discount) * 19 / 119
    let total = subtotal - discount + shipping
    if order {
      json.key("order_id"); json.plainString { $0.append("o"); $0.appendHex(event.messageID >> 20, digits: 10) }
      if rng.oneIn(2) { json.key("affiliation"); json.string("Shop Example – Online") }
      json.key("total"); json.amount(cents: total)
      json.key("revenue"); json.amount(cents: subtotal - discount - tax)
    } else {
      json.key("value"); json.amount(cents: total)
    }
    json.key("shipping"); json.amount(cents: shipping)
    json.key("tax"); json.amount(cents: tax)
    if discount > 0 { json.key("discount"); json.amount(cents: discount) }
    if let coupon {
      json.key("coupon"); json.string(coupon)
    } else if rng.oneIn(4) {
      json.key("coupon"); json.literal("null")
    }
    json.key("currency"); json.literal("\"EUR\"")
    json.key("products")
    writeItems(&json, items)
  }

  struct Item {
    var product: Int
    var price: Int
    var quantity: Int
  }

  /// The cart: the event's product, then 0–4 others; and its sum in cents.
  static func cart(_ event: Event, _ rng: inout SplitMix64) -> (items: [Item], subtotal: Int) {
    var items = [Item(product: event.product, price: event.price, quantity: event.quantity)]
    let extra = [0, 0, 0, 1, 1, 2, 3, 4][rng.below(8)]
    for _ in 0..<extra {
      let product = 1 + rng.below(5000)
      items.append(Item(product: product, price: 500 + (product * 7919) % 15000, quantity: 1 + rng.below(3)))
    }
    return (items, items.reduce(0) { $0 + $1.price * $1.quantity })
  }

  static func writeItems(_ json: inout JSONWriter, _ items: [Item]) {
    json.beginArray()
    for item in items {
      json.element()
      json.beginObject()
      json.key("product_id"); json.plainString { $0.append("P"); $0.append(item.product) }
      json.key("sku"); json.plainString { Self.sku(&$0, item.product) }
      json.key("name"); json.string(Products.variedNames[item.product % Products.variedNames.count])
      json.key("price"); json.amount(cents: item.price)
      json.key("quantity"); json.int(item.quantity)
      json.endObject()
    }
    json.endArray()
  }

  static func sku(_ out: inout LineBuilder, _ product: Int) {
    out.append("SKU-")
    out.append(product, width: 6)
    out.append(byte: 0x2D)
    out.append(Products.sizes[product % Products.sizes.count])
  }

  // MARK: - traits

  static func writeTraits(_ json: inout JSONWriter, _ event: Event, _ rng: inout SplitMix64) {
    let user = event.userIndex
    json.beginObject()
    if event.anonymous {
      json.key("newsletter"); json.bool(rng.oneIn(2))
      json.key("locale"); json.string(EventFormatter.locales[(user / 7) % EventFormatter.locales.count])
    } else {
      let first = People.firstNames[user % People.firstNames.count]
      let last = People.lastNames[(user / 3) % People.lastNames.count]
      let city = People.cities[(user / 5) % People.cities.count]
      json.key("email"); json.plainString { $0.append("u"); $0.append(user); $0.append("@example.com") }
      json.key("name"); json.string(first + " " + last)
      json.key("first_name"); json.string(first)
      json.key("last_name"); json.string(last)
      json.key("plan"); json.literal(user % 5 == 0 ? "\"pro\"" : "\"free\"")
      json.key("logins"); json.int(1 + user % 97)
      json.key("created_at"); json.timestamp(milliseconds: event.time - 86_400_000 * Int64(1 + user % 700))
      json.key("address")
      json.beginObject()
      json.key("city"); json.string(city.city)
      json.key("country"); json.string(city.country)
      json.key("postal_code"); json.string(city.postalCode)
      json.endObject()
      if rng.oneIn(4) {
        json.key("company")
        json.beginObject()
        json.key("name"); json.string(People.companies[user % People.companies.count])
        json.key("employee_count"); json.int(3 + user % 480)
        json.endObject()
      }
      json.key("newsletter"); json.bool(rng.oneIn(2))
    }
    json.endObject()
  }
}

extension SplitMix64 {
  /// True once in `n` draws on average.
  @inline(__always) mutating func oneIn(_ n: Int) -> Bool { below(n) == 0 }
}
