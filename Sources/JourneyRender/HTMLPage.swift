/// The opening every self-contained HTML page of journey shares (a report, a comparison): doctype,
/// UTF-8, the phone viewport, the generator with its schema, the escaped title, and the page's
/// CSS inlined; it ends inside `<main>`.
enum HTMLPage {
  static func opening(schema: String, title: String, css: [String]) -> String {
    """
    <!DOCTYPE html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="generator" content="journey (\(schema))">
    <title>\(HTMLText.escape(title))</title>
    <style>
    \(css.joined(separator: "\n"))
    </style>
    </head>
    <body>
    <main>

    """
  }
}
