import JourneyModel

/// The built-in presets' YAML (SPEC §2), one per export kind and one per data set in `shared/data`.
enum PresetCatalog {
  static let presets: [Preset] = [
    Preset(name: "segment", summary: "Segment track/page events (JSON)",
           signature: ["messageId", "type", "timestamp"], yaml: segment),
    Preset(name: "ga4", summary: "Google Analytics 4 BigQuery export (JSON)",
           signature: ["event_timestamp", "event_name", "user_pseudo_id"], yaml: ga4),
    Preset(name: "amplitude", summary: "Amplitude event export (JSON)",
           signature: ["event_type", "event_time", "device_id"], yaml: webShop(
             format: "ndjson", user: "[user_id, device_id]", time: "event_time", event: "event_type",
             extra: "    session: session_id\n")),
    Preset(name: "mixpanel", summary: "Mixpanel raw event export (JSON, time in seconds)",
           signature: ["event", "properties"], yaml: webShop(
             format: "ndjson", user: "properties.distinct_id", time: "properties.time", event: "event",
             extra: "    url: properties.$current_url\n", timeFormat: "s")),
    Preset(name: "posthog", summary: "PostHog event export (JSON)",
           signature: ["distinct_id", "event", "timestamp"], yaml: webShop(
             format: "ndjson", user: "distinct_id", time: "timestamp", event: "event",
             extra: "    url: properties.$current_url\n    session: properties.$session_id\n")),
    Preset(name: "snowplow", summary: "Snowplow enriched events (JSON)",
           signature: ["domain_userid", "event_name", "derived_tstamp"], yaml: webShop(
             format: "ndjson", user: "[user_id, domain_userid]", time: "derived_tstamp", event: "event_name",
             extra: "    url: page_url\n    session: domain_sessionid\n")),
    Preset(name: "combined", summary: "Apache/Nginx combined access log (user = client + user agent)",
           signature: [], yaml: accessLog(format: "combined", user: "[client, user_agent]", bots: true)),
    Preset(name: "common", summary: "Common Log Format access log (user = client address)",
           signature: [], yaml: accessLog(format: "common", user: "[client]", bots: false)),
    Preset(name: "rees46", summary: "REES46 multi-category store events (CSV: view, cart, purchase)",
           signature: ["event_time", "event_type", "product_id", "user_id", "user_session"], yaml: rees46),
    Preset(name: "trivago", summary: "trivago RecSys 2019 hotel-search sessions (CSV; clickout = conversion)",
           signature: ["user_id", "session_id", "timestamp", "step", "action_type", "reference"], yaml: trivago),
    Preset(name: "otto", summary: "OTTO RecSys sessions (JSON lines with nested events: clicks, carts, orders)",
           signature: ["session", "events"], yaml: otto),
    Preset(name: "diginetica", summary: "DIGINETICA CIKM Cup 2016 item views (CSV with ';', date + offset)",
           signature: ["session_id", "user_id", "item_id", "timeframe", "eventdate"], yaml: diginetica),
    Preset(name: "cdnow", summary: "CDNOW customer purchases (whitespace columns, dates only)",
           signature: ["customer_id", "date", "number_of_cds"], yaml: cdnow),
  ]

  static let segment = """
    input:
      format: ndjson
      fields:
        user: [userId, anonymousId]   # first non-empty
        time: timestamp
        event: event
        url: context.page.url
    # What people do, for the journey map: a page call's path (Segment's reserved page property),
    # else a track call's event name, else a screen call's name. Not context.page.path: analytics.js
    # puts the page on every call, which would hide the track events' names.
    touchpoint: [properties.path, event, name]
    stages: [awareness, consideration, decision, purchase]
    rules:                            # first matching rule wins (Segment e-commerce spec names)
      - stage: purchase
        event: Order Completed
      - stage: decision
        event: [Product Added, Cart Viewed, Checkout Started, Checkout Step Viewed, Payment Info Entered]
      - stage: consideration
        event: [Product Viewed, Product List Viewed, Product Clicked, Products Searched]
      - stage: awareness
        any:
          - { field: type, equals: page }
          - { field: type, equals: screen }
          - { event: Page Viewed }
    """

  static let ga4 = """
    input:
      format: ndjson
      time_format: us                 # event_timestamp: microseconds, as a numeric string
      fields:
        user: [user_pseudo_id, user_id]
        time: event_timestamp
        event: event_name
        url: event_params[key=page_location].value.string_value
        session: event_params[key=ga_session_id].value.int_value
    # The event name: GA4 sends page_location with every event, so a page would hide what was done.
    touchpoint: event_name
    stages: [page_view, view_item, add_to_cart, begin_checkout, purchase]
    rules:                            # first matching rule wins (GA4 recommended e-commerce events)
      - stage: purchase
        event: purchase
      - stage: begin_checkout
        event: [begin_checkout, add_shipping_info, add_payment_info]
      - stage: add_to_cart
        event: [add_to_cart, view_cart]
      - stage: view_item
        event: [view_item, view_item_list, select_item]
      - stage: page_view
        event: [page_view, session_start, first_visit]
    """

  /// Web analytics exports whose event names are the customer's own: common names matched loosely.
  static func webShop(format: String, user: String, time: String, event: String, extra: String, timeFormat: String? = nil) -> String {
    """
    input:
      format: \(format)
    \(timeFormat.map { "  time_format: \($0)\n" } ?? "")  fields:
        user: \(user)
        time: \(time)
        event: \(event)
    \(extra)touchpoint: \(event)              # the event name: what people do in each stage
    stages: [awareness, consideration, decision, purchase]
    rules:                            # first matching rule wins; adjust the names to your tracking plan
      - stage: purchase
        field: \(event)
        regex: '(?i)^(purchase|order[ _]?completed|completed[ _]?order|checkout[ _]?completed|transaction|order[ _]?placed)$'
      - stage: decision
        field: \(event)
        regex: '(?i)(add(ed)?[ _]?to[ _]?cart|product[ _]?added|begin[ _]?checkout|checkout[ _]?started)'
      - stage: consideration
        field: \(event)
        regex: '(?i)(view(ed)?[ _]?(item|product)|product[ _]?view(ed)?|product[ _]?list)'
      - stage: awareness
        field: \(event)
        exists: true
    """
  }

  /// Access logs: pages only (bots and static files excluded), the deepest step a visitor reaches.
  static func accessLog(format: String, user: String, bots: Bool) -> String {
    """
    input:
      format: \(format)
      time_format: clf                # 10/Oct/2000:13:55:36 -0700
      fields:
        user: {combine: \(user)}
        time: time
        url: path
    touchpoint: path                  # the page requested, as logged (query string included)
    exclude:                          # pages only: no bots, no static files, no errors
    \(bots ? "  - field: user_agent\n    regex: '(?i)bot|crawler|spider|slurp|feed'\n" : "")  - field: path
        regex: '(?i)\\.(png|jpe?g|gif|ico|svg|webp|css|js|map|woff2?|ttf|eot)(\\?.*)?$'
      - field: status
        gte: 400
    stages: [visit, content, convert]
    rules:                            # first matching rule wins
      - stage: convert
        any:
          - { field: method, equals: POST }
          - { url: ['*checkout*', '*signup*', '*sign-up*', '*register*', '*subscribe*', '*contact*', '*download*'] }
          - { url: ['/files/*', '*.pdf', '*.zip', '*.tar.gz', '*.tgz', '*.jar', '*.deb', '*.rpm', '*.dmg', '*.exe'] }
      - stage: content                # a page below the top level: an article, a product, a mission
        url: ['/*/*']
      - stage: visit
        field: path
        exists: true
    funnel:
      order: any                      # visitors enter anywhere: count distinct steps reached
    """
  }

  static let rees46 = """
    input:
      format: csv
      fields:
        user: user_id
        time: event_time              # 2019-10-01 00:00:00 UTC
        event: event_type
        session: user_session
    # The product category (electronics.smartphone): event_type only repeats the stage. A third of
    # the rows have no category code; their touchpoint is (none).
    touchpoint: category_code
    stages: [view, cart, purchase]
    rules:
      - stage: purchase
        event: purchase
      - stage: cart
        event: cart
      - stage: view
        event: view
    """

  static let trivago = """
    input:
      format: csv
      time_format: s                  # unix seconds
      fields:
        user: user_id
        time: timestamp
        event: action_type
        session: session_id
    # The action (interaction item image, filter selection): finer than the stages, which group
    # them. `reference` (hotel ids, destinations, filters) names the items instead: too fine to map.
    touchpoint: action_type
    stages: [search, interaction, clickout]
    rules:                            # a clickout to a booking site is the conversion
      - stage: clickout
        event: clickout item
      - stage: interaction
        event: [interaction item image, interaction item info, interaction item rating, interaction item deals, search for item]
      - stage: search
        event: [search for destination, search for poi, filter selection, change of sort order]
    breakdown:
      - field: device
        top: 5
    """

  static let otto = """
    input:
      format: ndjson
      events: events                  # one session per line, its events nested
      time_format: ms
      fields:
        user: $parent.session         # OTTO has no user ids: a session is the user
        time: ts
        event: type
    # The article: `type` only repeats the stage (clicks, carts, orders).
    touchpoint: aid
    stages: [click, cart, order]
    rules:
      - stage: order
        event: orders
      - stage: cart
        event: carts
      - stage: click
        event: clicks
    """

  static let diginetica = """
    input:
      format: csv
      separator: ';'
      null_values: [NA]
      fields:
        user: [user_id, session_id]   # user_id is NA for anonymous sessions
        time: eventdate               # a date only ...
        time_offset: timeframe        # ... plus milliseconds since the session began
        time_offset_unit: ms
        session: session_id
    touchpoint: item_id               # the item viewed: the only thing the export says people did
    stages: [view]
    rules:                            # item views only: a one-stage funnel
      - stage: view
        field: item_id
        exists: true
    """

  static let cdnow = """
    input:
      format: whitespace
      time_format: yyyymmdd
      fields:
        user: customer_id
        time: date
    # No touchpoint: a CDNOW row is a purchase (CD count and dollars), with no page, product or event.
    stages: [purchase]
    rules:                            # purchases only: repeat buying per customer
      - stage: purchase
        field: customer_id
        exists: true
    funnel:
      scope: user
    """

  static let genericStarter = """
    # journey config (SPEC §3). Check it with `journey validate -c FILE`.
    input:
      format: auto            # auto | ndjson | csv | tsv | combined | common | whitespace
      # preset: segment       # optional; the keys below override it (journey init --preset NAME)
      time_format: auto       # auto | iso8601 | s | ms | us | ns | yyyymmdd | clf
      fields:
        user: [userId, anonymousId]   # first non-empty; {combine: [a, b]} joins fields
        time: timestamp
        event: event
        session: null         # set to use the export's own session ids
        url: context.page.url
    exclude:                  # events dropped before anything else (bots, tests)
      - field: context.userAgent
        regex: "(?i)bot|crawler|spider"
    sessions:
      timeout: 30m            # a gap longer than this starts a new session
      split_at_midnight: false
      timezone: UTC           # IANA name; used by midnight splits and daily breakdowns
      new_on_change: null     # e.g. context.campaign.source
      max_duration: null
    stages: \(StarterJourney.stages)   # funnel order
    rules:                    # first matching rule wins; a rule's keys are ANDed
    \(StarterJourney.rules)
        any:
          - { event: Page Viewed, field: context.page.path, prefix: /blog }
          - { field: context.campaign.medium, in: [cpc, social, email] }
    # operators: equals, in, glob, regex, prefix, suffix, contains, exists, gt, gte, lt, lte
    funnel:
      scope: session          # session | user
      order: ordered          # ordered | strict | any
      window: 7d              # user scope: the whole chain within this time
    breakdown:
      - field: context.campaign.source
        top: 10
    report:
      top_paths: 20
      max_path_length: 10
    # touchpoint: context.page.path   # field naming what people do; default: the event field
    journey_map:
      top: 10                 # touchpoints listed per stage in table/markdown/html (JSON: top 100)
      min_units: 25           # lift is reported only for touchpoints of at least this many units

    """
}
