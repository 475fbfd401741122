import Foundation

/// Checks an HTML report the way its readers see it (issue 14, SPEC §11): headless chromium at 1280
/// and 390 px wide, in dark mode and in print, with a script in a test copy of the page.
///
/// The script (added only to the copy) lists every visible text element whose content is wider than
/// its box (`scrollWidth > clientWidth`) or that sticks out of the page outside a scrolling table,
/// text drawn smaller than 11 px (SVG text at its on-screen size), and every number of the embedded
/// JSON funnel (units, conversions, dropped, in progress) that the page's visible text lacks (a
/// comparison page, without a report funnel: its layout only).
/// Headless chromium will not lay a window out narrower than 500 px, so the 390 px views load the
/// copy in a 390 px `<iframe srcdoc>`; dark mode is `--force-dark-mode` (`prefers-color-scheme`).
public enum HTMLLayoutCheck {
  /// What the script found at one width.
  public struct Findings: Sendable, Codable, CustomStringConvertible {
    public var width: Int
    public var overflow: [String]
    public var small: [String]
    public var missing: [String]
    /// Tables that scroll sideways (allowed: their first column stays put).
    public var scrolls: [String]
    public var checkedNumbers: Int
    public var description: String {
      "\(width) px: overflow \(overflow), small \(small), missing \(missing), scrolling \(scrolls), \(checkedNumbers) numbers checked"
    }
  }

  /// The views written for people to look at: `name-1280.png`, `name-390.png`, `name-dark-1280.png`,
  /// `name-dark-390.png`, `name.pdf` in `folder` (with `views`; without, only the checks run, which
  /// keeps `swift test` quick for pages whose pictures add nothing); returns the script's findings
  /// at 1280 and 390 px.
  public static func run(html: String, name: String, in folder: URL, height: Int = 5200, views: Bool = true) throws -> [Findings] {
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let page = folder.appendingPathComponent("\(name).html")
    try Data(html.utf8).write(to: page)
    let narrow = folder.appendingPathComponent("\(name)-390-frame.html")
    try Data(frame(html, width: 390, height: height).utf8).write(to: narrow)
    if views { try writeViews(page: page, narrow: narrow, name: name, in: folder, height: height) }

    let checked = folder.appendingPathComponent("\(name)-check.html")
    try Data(withScript(html).utf8).write(to: checked)
    let checkedNarrow = folder.appendingPathComponent("\(name)-check-390-frame.html")
    try Data(frame(withScript(html), width: 390, height: height).utf8).write(to: checkedNarrow)
    return [
      try findings(HeadlessBrowser.dumpDOM(html: checked, width: 1280, height: 900)),
      try findings(HeadlessBrowser.dumpDOM(html: checkedNarrow, width: 390, height: 900)),
    ]
  }

  private static func writeViews(page: URL, narrow: URL, name: String, in folder: URL, height: Int) throws {
    try HeadlessBrowser.screenshot(html: page, to: folder.appendingPathComponent("\(name)-1280.png"), width: 1280, height: height)
    try HeadlessBrowser.screenshot(html: narrow, to: folder.appendingPathComponent("\(name)-390.png"), width: 390, height: height)
    try HeadlessBrowser.screenshot(
      html: page, to: folder.appendingPathComponent("\(name)-dark-1280.png"), width: 1280, height: height, dark: true)
    try HeadlessBrowser.screenshot(
      html: narrow, to: folder.appendingPathComponent("\(name)-dark-390.png"), width: 390, height: height, dark: true)
    try HeadlessBrowser.printToPDF(html: page, to: folder.appendingPathComponent("\(name).pdf"))
  }

  private static func findings(_ dom: String) throws -> Findings {
    guard let start = dom.range(of: "<pre id=\"layout-check\">"),
      let end = dom.range(of: "</pre>", range: start.upperBound..<dom.endIndex)
    else { throw HeadlessBrowser.Failure(description: "the layout script left no result: \(dom.prefix(400))") }
    let json = String(dom[start.upperBound..<end.lowerBound])
      .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&lt;", with: "<")
      .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
    return try JSONDecoder().decode(Findings.self, from: Data(json.utf8))
  }

  /// A page that shows `html` in a `width` px frame (same origin: the frame's script writes its
  /// result into this page, where `--dump-dom` sees it).
  static func frame(_ html: String, width: Int, height: Int) -> String {
    let escaped = html.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;")
    return """
      <!DOCTYPE html><html><head><meta charset="utf-8"><style>html,body{margin:0}</style></head><body>\
      <iframe style="border:0;display:block;width:\(width)px;height:\(height)px" srcdoc="\(escaped)"></iframe>\
      <pre id="layout-check"></pre></body></html>
      """
  }

  static func withScript(_ html: String) -> String {
    html.replacingOccurrences(of: "</body>", with: "<script>\(script)</script>\n</body>")
  }

  static let script = """
    (function () {
      var out = { width: window.innerWidth, overflow: [], small: [], missing: [], scrolls: [], checkedNumbers: 0 };
      var vw = document.documentElement.clientWidth;
      function describe(el) {
        var cls = typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\\s+/).join('.') : '';
        return el.tagName.toLowerCase() + cls + ' "' + (el.textContent || '').trim().slice(0, 60) + '"';
      }
      var all = document.querySelectorAll('main *');
      for (var i = 0; i < all.length; i++) {
        var el = all[i];
        var tag = el.tagName.toLowerCase();
        if (el.closest('svg') && tag !== 'text') continue;
        var own = false;
        for (var k = 0; k < el.childNodes.length; k++) {
          var n = el.childNodes[k];
          if (n.nodeType === 3 && n.textContent.trim()) { own = true; break; }
        }
        if (!own) continue;
        var cs = getComputedStyle(el);
        var r = el.getBoundingClientRect();
        if (cs.display === 'none' || cs.visibility === 'hidden' || (r.width === 0 && r.height === 0)) continue;
        if (tag === 'text') {
          var svg = el.ownerSVGElement, vb = svg.viewBox.baseVal;
          var scale = vb && vb.width ? svg.getBoundingClientRect().width / vb.width : 1;
          var px = parseFloat(cs.fontSize) * scale;
          if (px < 10.95) out.small.push(describe(el) + ' ' + px.toFixed(1) + 'px');
          continue;
        }
        if (parseFloat(cs.fontSize) < 10.95) out.small.push(describe(el) + ' ' + cs.fontSize);
        if (cs.display !== 'inline' && el.scrollWidth > el.clientWidth + 1) {
          out.overflow.push(describe(el) + ' content ' + el.scrollWidth + ' > box ' + el.clientWidth);
        }
        if (!el.closest('.scroll') && (r.right > vw + 1 || r.left < -1)) {
          out.overflow.push(describe(el) + ' outside the page (' + Math.round(r.left) + '..' + Math.round(r.right) + ' of ' + vw + ')');
        }
      }
      var scrollers = document.querySelectorAll('.scroll');
      for (var j = 0; j < scrollers.length; j++) {
        var s = scrollers[j];
        if (s.scrollWidth > s.clientWidth + 1) {
          var section = s.closest('section');
          out.scrolls.push((section ? section.id : '?') + ' ' + s.scrollWidth + ' > ' + s.clientWidth);
        }
      }
      function int(v) { return String(v).replace(/\\B(?=(\\d{3})+(?!\\d))/g, ','); }
      function pct(r) { var t = Math.round(r * 1000); return Math.floor(t / 10) + '.' + (t % 10) + '%'; }
      var data = document.getElementById('report-data');
      var text = document.body.innerText;
      // A comparison page has no report funnel: only its layout is checked.
      var steps = data ? JSON.parse(data.textContent).funnel.steps : [];
      for (var m = 0; m < steps.length; m++) {
        var st = steps[m];
        var numbers = [int(st.units), pct(st.conversion_from_start), int(st.dropped), int(st.in_progress)];
        if (m > 0) numbers.push(pct(st.conversion_from_previous));
        for (var q = 0; q < numbers.length; q++) {
          out.checkedNumbers++;
          if (text.indexOf(numbers[q]) < 0) out.missing.push('step ' + (m + 1) + ': ' + numbers[q]);
        }
      }
      var target = window.parent !== window ? window.parent.document : document;
      var pre = target.getElementById('layout-check');
      if (!pre) { pre = target.createElement('pre'); pre.id = 'layout-check'; target.body.appendChild(pre); }
      pre.textContent = JSON.stringify(out);
    })();
    """
}
