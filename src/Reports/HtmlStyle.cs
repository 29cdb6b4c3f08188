namespace TraceLab.Reports;

/// <summary>The style sheet inlined into every HTML report: system fonts only, no images, nothing fetched.</summary>
internal static class HtmlStyle
{
    public const string Css = """
        :root { --fg: #202124; --muted: #5f6368; --line: #dadce0; --bg: #ffffff; --panel: #f8f9fa; }
        * { box-sizing: border-box; }
        body { margin: 0; padding: 24px 32px 48px; color: var(--fg); background: var(--bg);
          font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
        h1 { font-size: 22px; margin: 0 0 4px; }
        h2 { font-size: 17px; margin: 28px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
        h3 { font-size: 15px; margin: 0; display: inline; }
        code, pre, .object { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 12.5px; }
        .lede { color: var(--muted); margin: 0; }
        .note { color: var(--muted); font-style: italic; margin: 6px 0; }
        table { border-collapse: collapse; margin: 6px 0; }
        th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
        thead th { background: var(--panel); font-weight: 600; }
        td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
        td.zero { color: #bdc1c6; }
        table.matrix td.path { max-width: 620px; }
        .step { white-space: normal; }
        .step.culprit { background: #fce8e6; color: #a50e0e; font-weight: 600; border-radius: 3px; padding: 0 3px; }
        .arrow { color: var(--muted); }
        .o-allowed { background: #e6f4ea; color: #137333; }
        .o-blocked { background: #fce8e6; color: #a50e0e; font-weight: 700; }
        .o-warned { background: #fef7e0; color: #8a5300; font-weight: 600; }
        .o-not_reached, .o-aborted { background: #f1f3f4; color: #5f6368; }
        .o-handler_would_run { background: #e8f0fe; color: #174ea6; font-style: italic; }
        td.outcome { white-space: nowrap; }
        td.outcome a { color: inherit; }
        td.zero.o-allowed, td.zero.o-blocked, td.zero.o-warned, td.zero.o-not_reached, td.zero.o-aborted,
        td.zero.o-handler_would_run { background: transparent; color: #bdc1c6; font-weight: normal; }
        details.operation { border: 1px solid var(--line); border-radius: 6px; margin: 12px 0; padding: 8px 14px; background: var(--bg); }
        details.operation > summary { cursor: pointer; padding: 2px 0 6px; }
        details.operation > summary .meta { color: var(--muted); margin-left: 8px; }
        ul.tree, ul.tree ul { list-style: none; margin: 0; padding: 0; }
        ul.tree ul { margin-left: 14px; }
        ul.tree li { position: relative; padding: 4px 0 0 22px; }
        ul.tree > li { padding-left: 0; }
        ul.tree ul > li::before { content: ""; position: absolute; left: 0; top: 0; width: 16px; height: 17px;
          border-left: 2px solid #9aa0a6; border-bottom: 2px solid #9aa0a6; border-bottom-left-radius: 5px; }
        .node { display: inline-block; border: 1px solid var(--line); border-radius: 5px; padding: 2px 8px; background: var(--panel); }
        .node .kind { display: inline-block; min-width: 64px; font-weight: 600; color: #3c4043; }
        .node .object { color: #1a1a1a; white-space: pre-wrap; word-break: break-word; }
        .node .owner, .node .phase { color: var(--muted); margin-left: 8px; }
        .node .owner b { color: var(--fg); }
        .node.candidate { border-style: dashed; }
        .node.inlined .kind { font-style: italic; }
        .node.synthetic { opacity: 0.7; }
        .node.culprit { background: #fce8e6; border: 2px solid #d93025; box-shadow: 0 0 0 3px #f8d7da; }
        .node.culprit .flag { display: inline-block; margin-left: 10px; padding: 0 6px; border-radius: 9px; background: #d93025; color: #fff;
          font-size: 11px; font-weight: 700; text-transform: uppercase; letter-spacing: .04em; }
        .message { margin: 12px 0 4px; }
        .message p { margin: 0 0 4px; }
        .message pre { margin: 0; padding: 8px 12px; background: #202124; color: #e8eaed; border-radius: 5px; white-space: pre-wrap; word-break: break-word; }
        .message pre .label-error { color: #f28b82; font-weight: 700; }
        .message pre .label-warning { color: #fdd663; font-weight: 700; }
        .message pre .label { color: #8ab4f8; }
        footer { margin-top: 36px; color: var(--muted); font-size: 12px; }
        """;
}
