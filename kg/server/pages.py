"""HTML pages for researchers, in Vietnamese with English beside it.

Small f-string builders: every IRI and literal is data and goes through :func:`esc` (or ``quote`` for
URLs). Pages are self-contained (inline CSS, one inline script carrying the response's CSP nonce),
so they work offline. Links to IRIs under the base go to the IRI's own path; other IRIs go to
``/describe?iri=``, and only http(s) IRIs are ever linked directly.
"""
from __future__ import annotations

import html
from urllib.parse import quote, urlencode

from kg.server.evaluate import PREFIXES, RDF, RDFS

RESERVED = {"", "sparql", "search", "view", "describe", "queries", "favicon.ico", "robots.txt"}

_STYLE = """
body{font-family:system-ui,sans-serif;margin:0;color:#1d2733;background:#f7f8fa}
header{background:#8b1a1a;color:#fff;padding:.6em 1.2em}header a{color:#fff;margin-right:1em}
main{max-width:68em;margin:1em auto;padding:0 1em}
.en{color:#667;font-size:.9em}
table{border-collapse:collapse;width:100%;background:#fff;margin:.5em 0}
td,th{border:1px solid #d5d9e0;padding:.3em .5em;vertical-align:top;text-align:left}
th{background:#eef0f4}textarea{width:100%;font-family:monospace;font-size:.95em}
pre{background:#fff;border:1px solid #d5d9e0;padding:.6em;overflow:auto;white-space:pre-wrap}
blockquote{background:#fffbe8;border-left:4px solid #c9a227;margin:.4em 0;padding:.4em .8em}
.lit{color:#225}.lang,.dt{color:#889;font-size:.85em}.muted{color:#889}
.card{background:#fff;border:1px solid #d5d9e0;padding:1em;margin:.8em 0}
form.inline{display:inline}button{padding:.3em .9em}
"""


def esc(value) -> str:
    return html.escape(str(value), quote=True)


def bilingual(vi: str, en: str) -> str:
    return f'{esc(vi)} <span class="en">/ {esc(en)}</span>'


def render_page(title: str, body: str, nonce: str, script: str = "") -> str:
    """The common frame: header with the navigation, then ``body`` (already escaped HTML)."""
    script_tag = f'<script nonce="{esc(nonce)}">{script}</script>' if script else ""
    return (
        '<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{esc(title)}</title><style>{_STYLE}</style></head><body>"
        '<header><a href="/"><b>kg</b></a><a href="/">Truy vấn / Query</a>'
        '<a href="/search">Tìm văn bản / Find documents</a></header>'
        f"<main>{body}</main>{script_tag}</body></html>"
    )


def local_href(iri: str, base: str) -> str:
    """Where this server shows ``iri``: its path for IRIs under the base, /describe otherwise."""
    if iri.startswith(base):
        rest = iri[len(base):]
        first = rest.split("/", 1)[0]
        if rest and "#" not in rest and "?" not in rest and first not in RESERVED:
            return "/" + quote(rest, safe="/:@!$&'()*+,;=-._~%")
    return "/describe?" + urlencode({"iri": iri})


def short_name(iri: str) -> str:
    """``kg:implements`` for a known namespace, the IRI itself otherwise."""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def pick_label(labels: list[dict] | None) -> str | None:
    """The label to show: Vietnamese first, then untagged, then English, then any."""
    if not labels:
        return None
    for wanted in ("vi", None, "en"):
        for label in labels:
            if label.get("xml:lang") == wanted:
                return label["value"]
    return labels[0]["value"]


def render_iri(iri: str, base: str, labels: dict | None = None) -> str:
    """A link to the page of ``iri``, showing its label when known."""
    label = pick_label((labels or {}).get(iri))
    text = esc(label) if label else esc(short_name(iri))
    title = f' title="{esc(iri)}"'
    return f'<a href="{esc(local_href(iri, base))}"{title}>{text}</a>'


def render_literal(term: dict) -> str:
    value = f'<span class="lit">{esc(term["value"])}</span>'
    if "xml:lang" in term:
        value += f' <span class="lang">@{esc(term["xml:lang"])}</span>'
    elif "datatype" in term:
        value += f' <span class="dt">^^{esc(short_name(term["datatype"]))}</span>'
    return value


def render_term(term: dict, base: str, labels: dict | None = None) -> str:
    """Any term of the JSON results form, escaped."""
    kind = term["type"]
    if kind == "uri":
        return render_iri(term["value"], base, labels)
    if kind == "bnode":
        return f'<span class="muted">_:{esc(term["value"])}</span>'
    if kind == "literal":
        return render_literal(term)
    if kind == "triple":
        parts = term["value"]
        inner = " ".join(render_term(parts[k], base, labels) for k in ("subject", "predicate", "object"))
        return f"&lt;&lt; {inner} &gt;&gt;"
    return esc(term.get("value", ""))


def render_table(result: dict, base: str) -> str:
    """A SELECT result as an HTML table."""
    variables = result["vars"]
    head = "".join(f"<th>?{esc(name)}</th>" for name in variables)
    rows = "".join(
        "<tr>" + "".join(
            f"<td>{render_term(row[name], base) if name in row else ''}</td>" for name in variables
        ) + "</tr>"
        for row in result["rows"]
    )
    note = ""
    if result.get("truncated"):
        note = f'<p class="muted">{bilingual("Kết quả đã bị cắt bớt.", "Results truncated.")}</p>'
    count = f'<p class="muted">{len(result["rows"])} {bilingual("dòng", "rows")}</p>'
    return f"{count}<table><tr>{head}</tr>{rows}</table>{note}"


_HOME_SCRIPT = r"""
const form = document.getElementById('editor'), out = document.getElementById('out');
function cell(term) {
  const td = document.createElement('td');
  if (!term) return td;
  if (term.type === 'uri') {
    const a = document.createElement('a');
    a.textContent = term.value;
    a.href = '/describe?iri=' + encodeURIComponent(term.value);
    td.appendChild(a);
  } else {
    td.textContent = (term.type === 'bnode' ? '_:' : '') + term.value +
      (term['xml:lang'] ? ' @' + term['xml:lang'] : '');
  }
  return td;
}
async function run(text) {
  if (text !== undefined) form.query.value = text;
  out.textContent = '…';
  const started = performance.now();
  try {
    const response = await fetch('/sparql', {method: 'POST', body: form.query.value, headers: {
      'Content-Type': 'application/sparql-query',
      'Accept': 'application/sparql-results+json, text/turtle;q=0.9'}});
    const kind = response.headers.get('Content-Type') || '';
    const ms = Math.round(performance.now() - started);
    out.textContent = '';
    const status = document.createElement('p');
    status.className = 'muted';
    status.textContent = response.status + ' · ' + ms + ' ms' +
      (response.headers.get('X-KG-Truncated') ? ' · truncated at ' + response.headers.get('X-KG-Truncated') + ' rows' : '');
    out.appendChild(status);
    if (!response.ok || !kind.includes('json')) {
      const pre = document.createElement('pre');
      pre.textContent = await response.text();
      out.appendChild(pre);
      return;
    }
    const data = await response.json();
    if ('boolean' in data) { status.textContent += ' · ' + data.boolean; return; }
    const table = document.createElement('table'), head = document.createElement('tr');
    for (const name of data.head.vars) {
      const th = document.createElement('th'); th.textContent = '?' + name; head.appendChild(th);
    }
    table.appendChild(head);
    for (const row of data.results.bindings) {
      const tr = document.createElement('tr');
      for (const name of data.head.vars) tr.appendChild(cell(row[name]));
      table.appendChild(tr);
    }
    status.textContent += ' · ' + data.results.bindings.length + ' rows';
    out.appendChild(table);
  } catch (error) { out.textContent = String(error); }
}
form.addEventListener('submit', (event) => { event.preventDefault(); run(); });
for (const button of document.querySelectorAll('button[data-saved]')) {
  button.addEventListener('click', () => run(document.getElementById('saved-' + button.dataset.saved).textContent));
}
"""


def render_home(saved: list, base: str, nonce: str, example: str) -> str:
    """The query editor, with the saved queries to run in one click."""
    items = "".join(
        f'<li><a href="/queries/{quote(query.name)}"><b>{esc(query.title)}</b></a> '
        f'<button type="button" data-saved="{esc(query.name)}">Chạy / Run</button>'
        f'<br><span class="muted">{esc(query.description)}</span>'
        f'<pre hidden id="saved-{esc(query.name)}">{esc(query.text)}</pre></li>'
        for query in saved
    ) or f'<li class="muted">{bilingual("Chưa có truy vấn mẫu.", "No saved queries.")}</li>'
    body = (
        f"<h1>{bilingual('Truy vấn SPARQL', 'SPARQL query')}</h1>"
        f'<p class="muted">Endpoint: <code>/sparql</code> (SPARQL 1.1 Protocol, read-only) · '
        f"base <code>{esc(base)}</code></p>"
        '<form id="editor" method="get" action="/sparql">'
        f'<textarea name="query" rows="14" spellcheck="false">{esc(example)}</textarea><br>'
        '<button type="submit">Chạy / Run</button> '
        '<select name="format"><option value="json">JSON</option><option value="xml">XML</option>'
        '<option value="csv">CSV</option><option value="tsv">TSV</option>'
        '<option value="turtle">Turtle</option></select> '
        f'<span class="muted">{bilingual("Không có JavaScript: kết quả tải về theo định dạng chọn.", "Without JavaScript the result downloads in the chosen format.")}</span>'
        '</form><div id="out"></div>'
        f"<h2>{bilingual('Truy vấn mẫu', 'Saved queries')}</h2><ul>{items}</ul>"
    )
    return render_page("kg · SPARQL", body, nonce, _HOME_SCRIPT)


def render_saved(query, text: str, values: dict[str, str], result: dict | None, error: str | None, base: str,
                 nonce: str) -> str:
    """One saved query: its description, a form for its parameters, its text and its results as a table."""
    outcome = render_table(result, base) if result is not None else f"<pre>{esc(error)}</pre>"
    form = ""
    if values:
        fields = " ".join(f'<label>{esc(name)} <input name="{esc(name)}" size="30" value="{esc(value)}"></label>'
                          for name, value in values.items())
        form = (f'<form method="get" action="/queries/{esc(query.name)}">{fields} '
                f'<button type="submit">{bilingual("Chạy", "Run")}</button></form>')
    body = (
        f"<h1>{esc(query.title)}</h1><p>{esc(query.description)}</p>{form}"
        f"<details><summary>SPARQL</summary><pre>{esc(text)}</pre></details>{outcome}"
    )
    return render_page(query.title, body, nonce)


def render_search(text: str, found: dict | None, base: str, nonce: str) -> str:
    """The search form and, for a query, the documents found."""
    form = (
        '<form method="get" action="/search">'
        f'<input name="q" size="40" value="{esc(text)}" placeholder="01/NQ-CP"> '
        '<button type="submit">Tìm / Search</button></form>'
    )
    results = ""
    if found is not None:
        details: dict[str, dict[str, list]] = {}
        for row in found["details"]:
            details.setdefault(row["n"]["value"], {}).setdefault(row["p"]["value"], []).append(row["v"])
        lines = []
        for iri in found["hits"]:
            facts = details.get(iri, {})
            symbols = ", ".join(esc(term["value"]) for term in facts.get(PREFIXES["kg"] + "symbol", []))
            types = ", ".join(esc(short_name(term["value"])) for term in facts.get(RDF + "type", []))
            label = pick_label(facts.get(RDFS + "label")) or short_name(iri)
            lines.append(
                f'<tr><td><a href="{esc(local_href(iri, base))}">{esc(label)}</a></td>'
                f"<td>{symbols}</td><td>{types}</td></tr>"
            )
        header = f"<tr><th>{bilingual('Văn bản', 'Document')}</th><th>{bilingual('Số ký hiệu', 'Symbol')}</th><th>{bilingual('Loại', 'Type')}</th></tr>"
        count = f'<p class="muted">{len(found["hits"])} {bilingual("kết quả", "results")}</p>'
        results = count + (f"<table>{header}{''.join(lines)}</table>" if lines else "")
    body = f"<h1>{bilingual('Tìm văn bản', 'Find documents')}</h1>{form}{results}"
    return render_page("kg · tìm / search", body, nonce)


def render_error(code: int, message: str, nonce: str) -> str:
    titles = {404: ("Không tìm thấy", "Not found"), 400: ("Yêu cầu không hợp lệ", "Bad request"),
              501: ("Chưa cài đặt", "Not installed"), 503: ("Tạm thời không phục vụ", "Unavailable")}
    vi, en = titles.get(code, ("Lỗi", "Error"))
    body = f"<h1>{code} · {bilingual(vi, en)}</h1><pre>{esc(message)}</pre>"
    return render_page(f"{code} {en}", body, nonce)
