/// The page's inline stylesheet: system fonts only, readable on a laptop, printable.
extension HTMLReportRenderer {
  static let css = """
    :root { --ink: #1d2430; --muted: #5d6878; --line: #e4e8ee; --bg: #f5f6f8; --card: #fff; --accent: #0072B2; }
    * { box-sizing: border-box; }
    html { -webkit-text-size-adjust: 100%; }
    body { margin: 0; background: var(--bg); color: var(--ink);
      font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", "Liberation Sans", Arial, sans-serif; }
    main { max-width: 1100px; margin: 0 auto; padding: 32px 24px 40px; }
    header { margin-bottom: 8px; }
    .eyebrow { font-size: 12px; font-weight: 600; letter-spacing: .08em; text-transform: uppercase; color: var(--accent); }
    h1 { font-size: 28px; line-height: 1.2; margin: 2px 0 4px; letter-spacing: -.01em; }
    h2 { font-size: 19px; margin: 0 0 4px; }
    h3 { font-size: 13px; margin: 16px 0 6px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
    .sub { margin: 0; color: var(--muted); }
    .cards { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 12px; margin: 20px 0 6px; }
    .card { background: var(--card); border: 1px solid var(--line); border-radius: 12px; padding: 12px 16px; }
    .card.accent { border-color: #9cc8e4; background: #f1f8fd; }
    .card .label { font-size: 12px; font-weight: 600; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); }
    .card .value { font-size: 26px; font-weight: 700; font-variant-numeric: tabular-nums; line-height: 1.3; }
    .card .value.small { font-size: 20px; padding: 3px 0 2px; }
    .card .note { font-size: 12px; color: var(--muted); }
    .panel { background: var(--card); border: 1px solid var(--line); border-radius: 14px; padding: 20px 24px; margin: 18px 0; }
    .hint { margin: 0 0 14px; color: var(--muted); font-size: 13px; max-width: 820px; }
    .chart { display: block; width: 100%; height: auto; margin: 6px 0 14px; }
    .chart text { font-family: inherit; fill: var(--ink); }
    .funnel .step-name { font-size: 15px; font-weight: 650; }
    .funnel .step-index, .funnel .step-share, .funnel .step-time { font-size: 12px; fill: var(--muted); }
    .funnel .step-units { font-size: 17px; font-weight: 700; }
    .funnel .step-note { font-size: 12.5px; font-weight: 600; }
    .sankey .link { fill: none; stroke-opacity: .38; }
    .sankey .link:hover { stroke-opacity: .7; }
    .sankey .link.back { stroke: #D55E00; stroke-opacity: .45; }
    .sankey .node-name { font-size: 13px; font-weight: 650; }
    .sankey .node-count, .sankey .legend { font-size: 11.5px; fill: var(--muted); }
    table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
    th, td { padding: 7px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: middle; }
    thead th { font-size: 11.5px; color: var(--muted); font-weight: 600; text-transform: uppercase; letter-spacing: .04em;
      border-bottom: 2px solid var(--line); }
    tbody th { font-weight: 600; }
    .num { text-align: right; white-space: nowrap; }
    .muted { color: var(--muted); }
    .strong { font-weight: 650; }
    .warn { color: #a34400; font-weight: 600; }
    .mono, pre, code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 12.5px; }
    .dot { display: inline-block; width: 10px; height: 10px; border-radius: 3px; margin-right: 8px; vertical-align: -1px; }
    .data.compact td, .data.compact th { padding: 5px 8px; }
    .facts th { color: var(--muted); font-weight: 500; width: 45%; }
    .barcell { width: 28%; }
    .bar { height: 10px; background: #edf0f4; border-radius: 5px; overflow: hidden; min-width: 60px; }
    .bar > span { display: block; height: 100%; background: var(--accent); border-radius: 5px; }
    .bar.thin { height: 6px; margin-top: 3px; min-width: 40px; }
    .bd { min-width: 110px; }
    .bdnum { white-space: nowrap; font-size: 13px; }
    .chip { display: inline-block; padding: 1px 9px; border-radius: 10px; font-size: 12px; font-weight: 600; line-height: 1.6;
      white-space: nowrap; }
    .arrow { color: var(--muted); margin: 0 4px; }
    .path { line-height: 1.9; }
    .heat th, .heat td { text-align: center; }
    .heat tbody th { text-align: left; }
    .heat td.cell { border: 2px solid #fff; border-radius: 6px; min-width: 84px; }
    .heat td.empty { color: #b8c0cc; }
    .cell .c { display: block; font-weight: 700; }
    .cell .p { display: block; font-size: 11px; opacity: .85; }
    .two { display: grid; grid-template-columns: 1fr 1fr; gap: 28px; }
    .scroll { overflow-x: auto; }
    pre { background: #f3f5f8; border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; margin: 8px 0 0;
      overflow: auto; white-space: pre-wrap; line-height: 1.45; max-height: 520px; }
    .findings { border-color: #9cc8e4; background: #f8fbfe; }
    .findings .headline { font-size: 16px; font-weight: 650; margin: 4px 0 8px; }
    .findings-list { margin: 0; padding-left: 20px; }
    .findings-list li { margin: 3px 0; }
    .small { font-size: 12px; }
    .map { table-layout: fixed; min-width: 640px; }
    .map th, .map td { vertical-align: top; border-bottom: 1px solid var(--line); padding: 10px; }
    .map td { border-left: 1px solid var(--line); }
    .map .corner { width: 120px; }
    .map tbody th { font-size: 12px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; width: 120px; }
    .map thead th.stage { font-size: 14px; text-transform: none; letter-spacing: 0; border-radius: 8px 8px 0 0;
      text-align: center; overflow: hidden; text-overflow: ellipsis; white-space: nowrap;
      -webkit-print-color-adjust: exact; print-color-adjust: exact; }
    .map thead th.stage.none { background: #e9ecf1; color: var(--ink); }
    .map .big { font-size: 22px; font-weight: 700; line-height: 1.2; }
    .map .bar { margin-top: 6px; }
    .tps { list-style: none; margin: 0 0 6px; padding: 0; }
    .tps li { margin: 0 0 7px; }
    .tp { font-size: 13px; overflow-wrap: anywhere; line-height: 1.3; }
    .tpn { font-size: 11.5px; color: var(--muted); }
    .lost-title { font-size: 11px; font-weight: 600; text-transform: uppercase; letter-spacing: .04em; color: var(--muted);
      margin: 8px 0 3px; }
    .lost-title:first-child { margin-top: 0; }
    .dropped { color: #a34400; font-size: 13px; }
    .histogram .bin-count { font-size: 12px; font-weight: 600; }
    .histogram .bin-label, .histogram .axis { font-size: 12px; fill: var(--muted); }
    .histogram .median-label { font-size: 12px; fill: #a34400; }
    .tp-cell { overflow-wrap: anywhere; }
    footer { color: var(--muted); font-size: 12px; text-align: center; margin-top: 24px; }
    @media (max-width: 720px) { .two, .cards { grid-template-columns: 1fr; } main { padding: 16px; }
      .map { table-layout: auto; width: auto; min-width: 100%; } .map .corner, .map tbody th { width: 86px; min-width: 86px; }
      .map td, .map thead th.stage { min-width: 150px; } .map th, .map td { padding: 8px 6px; } }
    @media print {
      body { background: #fff; font-size: 12px; }
      main { max-width: none; padding: 0; }
      .panel, .card { border-color: #c9ced6; break-inside: avoid; box-shadow: none; }
      .panel { padding: 12px 14px; margin: 10px 0; }
      pre { max-height: none; }
      .heat td.cell, .chip, .bar > span, .dot { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
    }
    """
}
