/// The words of `--shape varied` lines: titles, names, devices. Unicode (accents, CJK, emoji) and
/// characters that need escapes (`"`, `\`) on purpose.
enum Pages {
  static let host = "https://shop.example"

  /// A page's Segment `name` and its `<title>`.
  static func page(_ path: String) -> (name: String, title: String) {
    switch path {
    case "/": ("Home", "Shop Example — Home")
    case "/blog/winter-running": ("Blog", "Winter running: 7 tips 🏃‍♀️❄️ | Shop Example")
    case "/blog/size-guide": ("Blog", "Größentabelle & Passform – \"Size guide\"")
    case "/about": ("About", "About us · 关于我们")
    case "/stores": ("Stores", "Stores 店舗一覧 | Shop Example")
    case "/help/returns": ("Help", "Returns \\ Exchanges (FAQ)")
    case "/checkout": ("Checkout", "Checkout – step 1/3")
    case "/checkout/complete": ("Checkout", "Merci ! Commande reçue ✅")
    case "/newsletter": ("Newsletter", "Newsletter 📬")
    case "/account/login": ("Account", "Sign in")
    default:
      if path.hasPrefix("/category/") {
        ("Category", "Category: " + path.dropFirst(10) + " | Shop Example")
      } else if path.hasPrefix("/search") {
        ("Search", "Suchergebnisse „" + path.dropFirst(10) + "“")
      } else {
        ("Product", "Product | Shop Example")
      }
    }
  }

  /// The page a later event of a session was referred from.
  static func previous(_ kind: EventKind) -> String {
    switch kind {
    case .productViewed, .productListViewed: "/category/shoes"
    case .productAdded: "/products/1017"
    case .checkoutStarted: "/cart"
    case .orderCompleted: "/checkout"
    default: "/"
    }
  }
}

enum Referrers {
  static func url(_ source: String) -> String {
    switch source {
    case "google": "https://www.google.com/"
    case "bing": "https://www.bing.com/"
    case "facebook": "https://l.facebook.com/"
    case "instagram": "https://l.instagram.com/"
    case "newsletter": "https://mail.example.net/"
    case "youtube": "https://www.youtube.com/"
    default: "https://" + source + ".example/"
    }
  }
}

extension Campaign {
  static let names = ["winter_sale_2026", "black-friday", "retargeting_q4", "brand", "Neujahr 🎉", "新年セール"]
  static let contents = ["banner_1", "carousel-b", "text_ad", "story"]
}

extension Products {
  /// Product names of the varied shape: accents, CJK, emoji, quotes and a backslash.
  static let variedNames: [String] = [
    "Trail Runner 2", "Classic Tee", "Wool Socks (3-pack)", "Rain Jacket, packable", "Sneaker \"Cloud\" 42",
    "Café Mug", "Crème brûlée Candle", "Überjacke Größe L", "Sunglasses – polarized", "保温杯 0.5L",
    "ランニングシューズ 27cm", "Bamboo Toothbrush 🌱", "Gift Card 🎁 €25", "Backslash \\ Tote", "Yoga Mat 6mm",
    "Naïve Art Print 30×40", "Łódź Scarf", "Ski Goggles ⛷️", "Smart Bottle 0.75l", "Pão de Queijo Mix",
  ]
  static let variedQueries: [String] = [
    "running shoes", "jacket", "mug ☕", "socks wool", "größe 42", "礼物 gift ideas",
  ]
  static let brands = ["Nordlicht", "Kōbō", "Acme & Co.", "Ørsted Outdoor", "Le Petit \"Chic\""]
  static let variants = ["black", "navy", "forest green", "crème", "红色"]
  static let sizes = ["S", "M", "L", "XL", "42", "OS"]
}

enum Coupons {
  static let all = ["WINTER10", "BF-2026", "WELCOME", "ÉTÉ15"]
}

/// What analytics.js reports about each of ``Agents/all`` (same order).
extension Agents {
  struct Profile {
    var userAgent: String
    /// `navigator.userAgentData.brands` (Chromium browsers only).
    var brands: [(String, String)]?
    var device: (manufacturer: String, model: String)?
    var os: (name: String, version: String)
  }

  static let profiles: [Profile] = [
    Profile(
      userAgent: all[0], brands: [("Chromium", "131"), ("Google Chrome", "131"), ("Not_A Brand", "24")],
      os: ("Windows", "10.0")),
    Profile(userAgent: all[1], os: ("macOS", "14.6")),
    Profile(userAgent: all[2], device: ("Apple", "iPhone15,2"), os: ("iOS", "18.1")),
    Profile(
      userAgent: all[3], brands: [("Chromium", "131"), ("Google Chrome", "131"), ("Not_A Brand", "24")],
      device: ("Google", "Pixel 8"), os: ("Android", "14")),
    Profile(userAgent: all[4], os: ("Linux", "x86_64")),
    Profile(userAgent: all[5], os: ("Windows", "10.0")),
  ]
}

enum Libraries {
  static let versions = ["1.70.0", "1.71.1", "1.72.0"]
}

enum Timezones {
  static let byLocale: [String: String] = [
    "en-US": "America/New_York", "de-DE": "Europe/Berlin", "fr-FR": "Europe/Paris", "en-GB": "Europe/London",
    "nl-NL": "Europe/Amsterdam", "es-ES": "Europe/Madrid", "it-IT": "Europe/Rome", "pl-PL": "Europe/Warsaw",
  ]
}

enum People {
  static let firstNames = ["Zoë", "Jürgen", "Ana", "Søren", "Émilie", "Mateusz", "Ayşe", "Li", "Siobhán", "José"]
  static let lastNames = ["Ångström", "Müller", "García", "王", "Nørgaard", "Lefèvre", "Wiśniewski", "Yılmaz", "O'Brien", "Sato 佐藤"]
  static let cities: [(city: String, country: String, postalCode: String)] = [
    ("Zürich", "CH", "8001"), ("München", "DE", "80331"), ("København", "DK", "1050"), ("Kraków", "PL", "30-001"),
    ("東京", "JP", "100-0001"), ("São Paulo", "BR", "01000-000"), ("Paris", "FR", "75001"), ("New York", "US", "10001"),
  ]
  static let companies = ["Müller & Söhne GmbH", "Acme \"Rockets\" Inc.", "株式会社サンプル", "Café Olé S.L."]
}
