import JourneyModel

/// The event names the generator writes, and how a session moves between them.
///
/// The first six follow the Segment e-commerce spec and map to the journey stages in the
/// generated `journey.yaml`; `search`, `newsletterSignup` and `signedIn` match no rule.
enum EventKind: UInt8, CaseIterable {
  case pageViewed, productListViewed, productViewed, productAdded, checkoutStarted, orderCompleted
  case search, newsletterSignup, signedIn

  var name: String {
    switch self {
    case .pageViewed: "Page Viewed"
    case .productListViewed: "Product List Viewed"
    case .productViewed: "Product Viewed"
    case .productAdded: "Product Added"
    case .checkoutStarted: "Checkout Started"
    case .orderCompleted: "Order Completed"
    case .search: "Search"
    case .newsletterSignup: "Newsletter Signup"
    case .signedIn: "Signed In"
    }
  }

  /// Where a session goes after this event: (next event, weight); `nil` ends the session.
  ///
  /// The weights give a realistic drop-off: most sessions never reach a product, about a
  /// quarter of product views lead to a cart, about half of checkouts complete.
  var successors: [(EventKind?, Int)] {
    switch self {
    case .pageViewed:
      [(.pageViewed, 22), (.productListViewed, 28), (.productViewed, 16), (.search, 9),
       (.newsletterSignup, 3), (.signedIn, 2), (nil, 20)]
    case .productListViewed:
      [(.productViewed, 50), (.productListViewed, 10), (.pageViewed, 5), (.search, 5), (nil, 30)]
    case .productViewed:
      [(.productViewed, 24), (.productAdded, 20), (.productListViewed, 14), (.pageViewed, 4),
       (.search, 3), (nil, 35)]
    case .productAdded:
      [(.checkoutStarted, 40), (.productViewed, 22), (.productAdded, 6), (.pageViewed, 2), (nil, 30)]
    case .checkoutStarted:
      [(.orderCompleted, 55), (.checkoutStarted, 5), (.productViewed, 5), (nil, 35)]
    case .orderCompleted:
      [(.pageViewed, 14), (.newsletterSignup, 5), (.productViewed, 3), (nil, 78)]
    case .search:
      [(.productListViewed, 40), (.productViewed, 30), (.search, 10), (nil, 20)]
    case .newsletterSignup:
      [(.pageViewed, 40), (.productViewed, 5), (nil, 55)]
    case .signedIn:
      [(.pageViewed, 50), (.productViewed, 20), (nil, 30)]
    }
  }

  /// How sessions begin: most land on a page, ads land on products and categories.
  static let landings: [(EventKind, Int)] = [
    (.pageViewed, 72), (.productListViewed, 11), (.productViewed, 11), (.search, 5), (.signedIn, 1),
  ]

  /// Cumulative tables for fast weighted choice: `successorTables[kind][i]` = (kind or 255, cumulative).
  static let successorTables: [[(UInt8, Int)]] = allCases.map { kind in
    var total = 0
    return kind.successors.map { next, weight in
      total += weight
      return (next?.rawValue ?? 255, total)
    }
  }

  static let landingTable: [(UInt8, Int)] = {
    var total = 0
    return landings.map { kind, weight in
      total += weight
      return (kind.rawValue, total)
    }
  }()
}

/// Picks from a cumulative weight table.
@inline(__always) func pick(_ table: [(UInt8, Int)], _ rng: inout SplitMix64) -> UInt8 {
  let roll = rng.below(table[table.count - 1].1)
  for (value, cumulative) in table where roll < cumulative { return value }
  return table[table.count - 1].0
}

/// Campaign sources and their mediums; index 0 is direct traffic (no campaign).
enum Campaign {
  static let sources: [(source: String, medium: String, weight: Int)] = [
    ("", "", 250),
    ("google", "cpc", 300), ("facebook", "social", 150), ("newsletter", "email", 100),
    ("bing", "cpc", 40), ("instagram", "social", 40), ("tiktok", "social", 30),
    ("twitter", "social", 20), ("linkedin", "social", 15), ("pinterest", "social", 15),
    ("reddit", "social", 10), ("affiliate", "referral", 10), ("partner-blog", "referral", 10),
    ("youtube", "video", 10),
  ]

  static let table: [(UInt8, Int)] = {
    var total = 0
    return sources.enumerated().map { index, entry in
      total += entry.weight
      return (UInt8(index), total)
    }
  }()
}

/// User agents; several contain commas, so CSV output needs quoting.
enum Agents {
  static let all: [String] = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0",
  ]
}

/// Product names; a few hold quotes, commas and non-ASCII letters on purpose.
enum Products {
  static let names: [String] = [
    "Trail Runner 2", "Classic Tee", "Wool Socks (3-pack)", "Rain Jacket, packable",
    "Sneaker \"Cloud\" 42", "Café Mug", "Leather Belt", "Yoga Mat 6mm", "Backpack 20L",
    "Sunglasses – polarized", "Bamboo Toothbrush", "Smart Bottle 0.75l",
  ]
  static let categories: [String] = ["shoes", "shirts", "accessories", "outdoor", "home", "sale"]
  static let pages: [String] = ["/", "/", "/", "/blog/winter-running", "/blog/size-guide", "/about", "/stores", "/help/returns"]
  static let queries: [String] = ["running shoes", "jacket", "mug", "socks wool", "größe 42", "gift ideas"]
}
