/// The page's inline stylesheet: system fonts only, readable on a laptop, printable.
extension HTMLReportRenderer {
  static let css = """
    :root { color-scheme: light dark; --ink: #1d2430; --muted: #5d6878; --line: #e4e8ee; --bg: #f5f6f8; --card: #fff;
      --accent: #0072B2; --accent-line: #9cc8e4; --accent-bg: #f1f8fd; --soft: #f3f5f8; --track: #edf0f4; --warn: #a34400;
      --faint: #b8c0cc; --none-bg: #e9ecf1; --heat: 0, 114, 178; --good: #007a5a; --good-bg: #e6f5ef; --bad: #b34700;
      --bad-bg: #fbece3; --mark-bg: #fff8f0; --mark-line: #f0c7a4; }
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
    h1, h2, h3, .sub { overflow-wrap: anywhere; }
    .about { margin: 6px 0 0; color: var(--muted); font-size: 13px; overflow-wrap: anywhere; }
    .about b { color: var(--ink); font-weight: 600; }
    .cards { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 12px; margin: 20px 0 6px; }
    .card { background: var(--card); border: 1px solid var(--line); border-radius: 12px; padding: 12px 16px; }
    .card.accent { border-color: var(--accent-line); background: var(--accent-bg); }
    .card .label { font-size: 12px; font-weight: 600; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); }
    .card .value { font-size: 26px; font-weight: 700; font-variant-numeric: tabular-nums; line-height: 1.3; }
    .card .value.small { font-size: 20px; padding: 3px 0 2px; }
    .card .value, .card .note { overflow-wrap: anywhere; }
    .card .note { font-size: 12px; color: var(--muted); }
    .panel { background: var(--card); border: 1px solid var(--line); border-radius: 14px; padding: 20px 24px; margin: 18px 0; }
    .hint { margin: 0 0 14px; color: var(--muted); font-size: 13px; max-width: 820px; }
    .chart { display: block; width: 100%; height: auto; margin: 6px 0 14px; }
    .chart text { font-family: inherit; fill: var(--ink); }
    .funnel { margin: 6px 0 16px; }
    .fstep { display: grid; grid-template-columns: minmax(140px, 26%) minmax(0, 1fr) minmax(96px, 14%); gap: 14px;
      align-items: center; }
    .fname { text-align: right; font-weight: 650; font-size: 15px; line-height: 1.25; overflow-wrap: break-word; min-width: 0; }
    .fname .fidx, .fnum .fshare { display: block; font-size: 12px; font-weight: 400; color: var(--muted); }
    .fbar { height: 40px; display: flex; justify-content: center; }
    .fbar span { display: block; height: 100%; border-radius: 5px; min-width: 3px; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
    .fbar span.zero { min-width: 0; }
    .fnum b { font-size: 17px; font-variant-numeric: tabular-nums; }
    .fnote { margin: 0 calc(14% + 14px) 0 calc(26% + 14px); padding: 5px 0 7px; text-align: center; font-size: 12.5px;
      font-weight: 600; border-left: 2px dotted var(--line); border-right: 2px dotted var(--line); }
    .fnote .ftime { display: block; font-weight: 400; font-size: 12px; color: var(--muted); }
    .sankey .link { fill: none; stroke-opacity: .38; }
    .sankey .link:hover { stroke-opacity: .7; }
    .sankey .link.back { stroke: #D55E00; stroke-opacity: .45; }
    .sankey .node-index { font-size: 13px; font-weight: 700; }
    .sankey .legend { font-size: 11.5px; fill: var(--muted); }
    .nodes-key { list-style: none; display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 220px), 1fr));
      gap: 6px 16px; margin: 0 0 4px; padding: 0; font-size: 13px; }
    .nodes-key li { display: grid; grid-template-columns: 1.6em 10px minmax(0, 1fr); gap: 0 8px; align-items: baseline; }
    .nodes-key .key-index { font-weight: 700; text-align: right; }
    .nodes-key .key-name { font-weight: 600; overflow-wrap: break-word; min-width: 0; }
    .nodes-key .key-count { grid-column: 3; color: var(--muted); font-size: 12px; font-variant-numeric: tabular-nums; }
    .nodes-key .dot { margin-right: 0; }
    table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
    th, td { padding: 7px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: middle; }
    thead th { font-size: 11.5px; color: var(--muted); font-weight: 600; text-transform: uppercase; letter-spacing: .04em;
      border-bottom: 2px solid var(--line); }
    tbody th { font-weight: 600; }
    .num { text-align: right; white-space: nowrap; }
    thead th.num { white-space: normal; }
    .muted { color: var(--muted); }
    .strong { font-weight: 650; }
    .warn { color: var(--warn); font-weight: 600; }
    .mono, pre, code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 12.5px; }
    .dot { display: inline-block; width: 10px; height: 10px; border-radius: 3px; margin-right: 8px; vertical-align: -1px; }
    .data.compact td, .data.compact th { padding: 5px 8px; }
    .facts th { color: var(--muted); font-weight: 500; width: 45%; }
    .barcell { width: 28%; }
    .bar { height: 10px; background: var(--track); border-radius: 5px; overflow: hidden; min-width: 60px; }
    .bar > span { display: block; height: 100%; background: var(--accent); border-radius: 5px; }
    .bar.thin { height: 6px; margin-top: 3px; min-width: 40px; }
    .bd { min-width: 110px; }
    .bdnum { white-space: nowrap; font-size: 13px; }
    .chip { display: inline-block; padding: 1px 9px; border-radius: 10px; font-size: 12px; font-weight: 600; line-height: 1.6;
      overflow-wrap: break-word; max-width: 100%; }
    .arrow { color: var(--muted); margin: 0 4px; }
    .path { line-height: 1.9; }
    .heat th, .heat td { text-align: center; }
    .heat tbody th { text-align: left; }
    .heat td.cell { border: 2px solid var(--card); border-radius: 6px; min-width: 72px; }
    .heat td.cell.dark { color: #fff; }
    .heat td.empty { color: var(--faint); }
    .heat thead th { min-width: 80px; max-width: 140px; overflow-wrap: break-word; vertical-align: bottom; text-transform: none;
      letter-spacing: 0; font-size: 12px; }
    .heat th[scope=row] { min-width: 110px; max-width: 200px; overflow-wrap: break-word; }
    .heat thead th:first-child, .heat th[scope=row], .breakdown tr > :first-child { position: sticky; left: 0; z-index: 1;
      background: var(--card); }
    .breakdown tr > :last-child { position: sticky; right: 0; z-index: 1; background: var(--card); }
    .breakdown tr > :first-child { min-width: 110px; max-width: 220px; overflow-wrap: break-word; }
    .breakdown thead th { vertical-align: bottom; }
    .cell .c { display: block; font-weight: 700; }
    .cell .p { display: block; font-size: 11px; opacity: .85; }
    .two { display: grid; grid-template-columns: 1fr 1fr; gap: 28px; }
    .scroll { overflow-x: auto; }
    .scroll tr > :first-child { position: sticky; left: 0; z-index: 1; background: var(--card); }
    pre { background: var(--soft); border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; margin: 8px 0 0;
      white-space: pre-wrap; overflow-wrap: anywhere; line-height: 1.45; }
    details.config-file { margin-top: 14px; }
    details.config-file summary { cursor: pointer; font-weight: 600; }
    .findings { border-color: var(--accent-line); background: var(--accent-bg); }
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
      text-align: center; overflow-wrap: break-word; background: var(--c); -webkit-print-color-adjust: exact; print-color-adjust: exact; }
    .map thead th.stage.none { background: var(--none-bg); color: var(--ink); }
    .map thead th:first-child, .map tbody th { position: sticky; left: 0; z-index: 1; background: var(--card); }
    .map .big { font-size: 22px; font-weight: 700; line-height: 1.2; }
    .map .bar { margin-top: 6px; }
    .tps { list-style: none; margin: 0 0 6px; padding: 0; }
    .tps li { margin: 0 0 7px; }
    .tp { font-size: 13px; overflow-wrap: anywhere; line-height: 1.3; }
    .tpn { font-size: 11.5px; color: var(--muted); }
    .lost-title { font-size: 11px; font-weight: 600; text-transform: uppercase; letter-spacing: .04em; color: var(--muted);
      margin: 8px 0 3px; }
    .lost-title:first-child { margin-top: 0; }
    .dropped { color: var(--warn); font-size: 13px; }
    .histogram .bin-count { font-size: 12px; font-weight: 600; }
    .histogram .bin-label, .histogram .axis { font-size: 12px; fill: var(--muted); }
    .histogram .median-label { font-size: 12px; fill: var(--warn); }
    .histogram .bin rect { fill: var(--accent); }
    .hist-list { display: none; margin: 4px 0 14px; font-size: 13px; }
    .hist-list ol { list-style: none; margin: 0; padding: 0; }
    .hist-list li { display: grid; grid-template-columns: 64px minmax(0, 1fr) 64px; gap: 8px; align-items: center; }
    .hist-list .bar { min-width: 0; }
    .hist-list .bar > span { min-width: 2px; }
    .hist-list .medians { margin: 6px 0 0; color: var(--warn); font-size: 12px; }
    .histogram .median line { stroke: var(--warn); }
    .tp-cell { overflow-wrap: anywhere; }
    footer { color: var(--muted); font-size: 12px; text-align: center; margin-top: 24px; }
    @media (max-width: 720px) { .two, .cards { grid-template-columns: minmax(0, 1fr); } main { padding: 16px 12px; }
      .bar { min-width: 32px; }
      .panel { padding: 14px 12px; }
      .map { table-layout: auto; width: auto; min-width: 100%; } .map .corner, .map tbody th { width: 86px; min-width: 86px; }
      .map td, .map thead th.stage { min-width: 150px; } .map th, .map td { padding: 8px 6px; }
      .fstep { grid-template-columns: minmax(0, 1fr) auto; gap: 2px 10px; }
      .fname { text-align: left; grid-column: 1 / -1; }
      .fbar { height: 26px; justify-content: flex-start; }
      .fnote { margin: 0; text-align: left; border: 0; padding: 4px 0 10px 12px; border-left: 2px dotted var(--line); }
      .sankey text, .histogram { display: none; } .hist-list { display: block; }
      th, td { padding: 6px 6px; }
      .heat td.cell { min-width: 64px; } .heat th[scope=row] { min-width: 92px; max-width: 130px; }
      .breakdown tr > :first-child { min-width: 92px; max-width: 130px; }
      .scroll tr > :first-child { max-width: 42vw; overflow-wrap: break-word; } }
    @media screen and (prefers-color-scheme: dark) {
      :root { --ink: #e6e9ef; --muted: #a3adbb; --line: #343c4a; --bg: #12161d; --card: #1b2029; --accent: #56B4E9;
        --accent-line: #2d5573; --accent-bg: #172634; --soft: #141922; --track: #2c3442; --warn: #ff9a52; --faint: #5d6878;
        --none-bg: #343c4a; --good: #4fd1a5; --good-bg: #14352b; --bad: #ff9a52; --bad-bg: #3a2316;
        --mark-bg: #2e2218; --mark-line: #6b4526; }
      .sankey .link { stroke-opacity: .55; }
      .sankey .link.back { stroke: #ff8a3d; }
    }
    @media print {
      :root { --ink: #1d2430; --muted: #4d5868; --line: #d5dae1; --bg: #fff; --card: #fff; --soft: #fff; --accent-bg: #fff; }
      body { background: #fff; font-size: 11px; }
      main { max-width: none; padding: 0; }
      .panel, .card { border-color: #c9ced6; box-shadow: none; }
      .card, .fstep, .fnote, tr, .persona, .nodes-key li, pre { break-inside: avoid; }
      .panel { padding: 10px 12px; margin: 8px 0; }
      h2, h3 { break-after: avoid; }
      .scroll { overflow: visible; }
      table { width: 100%; }
      th, td { padding: 3px 4px; }
      .map, .map.compact { min-width: 0; table-layout: auto; }
      .map td, .map thead th.stage { min-width: 0; }
      .map { min-width: 0 !important; } .map .big { font-size: 10.5px; } .map .tp { font-size: 9px; }
      .map th, .map td { padding: 3px 2px; } .map .corner, .map tbody th { width: 56px; min-width: 0; font-size: 8px; }
      .map .small, .map .tpn, .map .lost-title, .map .dropped { font-size: 8px; } .map .bar { min-width: 0; }
      .map thead th.stage { font-size: 9px; }
      .map th, .map td, .heat th, .breakdown th, .breakdown td { overflow-wrap: anywhere; }
      .heat th, .heat td { padding: 2px 1px; font-size: 8px; } .heat td.cell { border-width: 1px; } .cell .p { font-size: 7px; }
      .heat td.cell, .heat thead th, .heat th[scope=row] { min-width: 0; }
      .heat, .breakdown, .map { font-size: 9.5px; }
      .heat thead th, .breakdown thead th { font-size: 8.5px; }
      .heat thead th:first-child, .heat th[scope=row], .breakdown tr > :first-child, .breakdown tr > :last-child,
      .map thead th:first-child, .map tbody th, .scroll tr > :first-child { position: static; }
      .map thead th.stage { background: none; color: var(--ink) !important; border-top: 5px solid var(--c); }
      .map thead th.stage.none { border-top-color: var(--faint); }
      .num, .bdnum { white-space: normal; }
      .bar { min-width: 24px; }
      pre { border-color: #c9ced6; }
      .heat td.cell, .chip, .bar > span, .dot, .map thead th.stage { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
    }
    """
}
