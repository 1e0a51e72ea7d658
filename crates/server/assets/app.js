// vnfacts search page. Plain DOM, no framework, no build step.
// Article text is untrusted: every string from the API reaches the page
// through textContent (the el() helper), never as HTML.
"use strict";

const KINDS = {
  document: "Văn bản", count: "Số lượng", participants: "Người tham gia",
  money: "Kinh phí", ratio: "Tỷ lệ", period: "Giai đoạn", person: "Cán bộ",
};
/** The attribute values of facts (crates/extract/src/model.rs), as a reader says them. */
const ATTRS = {
  // count categories
  class: "lớp học", event: "sự kiện", document: "văn bản", model: "mô hình",
  organization: "cơ quan, đơn vị", media: "sản phẩm truyền thông", item: "vật phẩm",
  // participant roles
  attendee: "người dự", trainee: "học viên", beneficiary: "người thụ hưởng", recipient: "người nhận",
  // money roles
  budget: "kinh phí", gift: "quà tặng", support: "hỗ trợ",
  // document types
  decision: "quyết định", plan: "kế hoạch", resolution: "nghị quyết", directive: "chỉ thị",
  decree: "nghị định", circular: "thông tư", joint_circular: "thông tư liên tịch", notice: "thông báo",
  report: "báo cáo", guidance: "hướng dẫn", program: "chương trình", scheme: "đề án",
  submission: "tờ trình", regulation: "quy chế", official_letter: "công văn", law: "luật",
  // qualifiers (an exact figure needs no word)
  exact: "", approx: "khoảng", more_than: "hơn", at_least: "ít nhất", less_than: "dưới",
  other: "khác",
};
const PAGE = 10;

const $ = (id) => document.getElementById(id);

/** Element with attributes and children; strings become text nodes. */
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null) continue;
    if (k === "text") e.textContent = v;
    else if (k === "on") for (const [ev, f] of Object.entries(v)) e.addEventListener(ev, f);
    else e.setAttribute(k, v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

async function api(path) {
  const res = await fetch(path, { headers: { Accept: "application/json" } });
  let body = null;
  try { body = await res.json(); } catch (_) { /* not JSON */ }
  if (!res.ok) {
    const msg = body && body.error ? body.error : "HTTP " + res.status;
    const err = new Error(msg);
    err.status = res.status;
    throw err;
  }
  return body;
}

/** Only http(s) links from data become hrefs (no javascript: URLs). */
function safeUrl(u) {
  try {
    const url = new URL(u);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch (_) { return null; }
}

function fmtDate(iso) {
  if (!iso) return "";
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

function fmtNum(n) {
  return typeof n === "number" ? n.toLocaleString("vi-VN") : String(n ?? "");
}

/** Text with byte-offset highlights as text nodes and <mark> elements. */
function highlighted(text, ranges) {
  const bytes = new TextEncoder().encode(text);
  const dec = new TextDecoder();
  const out = [];
  let last = 0;
  for (const [s, e] of ranges || []) {
    if (s < last || e > bytes.length || s >= e) continue;
    out.push(dec.decode(bytes.subarray(last, s)));
    out.push(el("mark", { text: dec.decode(bytes.subarray(s, e)) }));
    last = e;
  }
  out.push(dec.decode(bytes.subarray(last)));
  return out;
}

/** One-line description of a fact's value. */
function factValue(f) {
  switch (f.kind) {
    case "document": return [f.id, f.issued ? "ngày " + fmtDate(f.issued) : null].filter(Boolean).join(", ");
    case "count": return `${fmtNum(f.quantity)} ${f.unit || ""}`.trim();
    case "participants": return `${fmtNum(f.quantity)} ${f.unit || ""}`.trim();
    case "money": return `${fmtNum(f.amount)} ${f.currency || "VND"}`;
    case "ratio": return f.percent != null ? `${f.percent}%` : `${f.numerator}/${f.denominator} ${f.subject || ""}`;
    case "period": return `${f.start} – ${f.end}`;
    case "person": return [f.name, f.title].filter(Boolean).join(", ");
    default: return f.text || "";
  }
}

function factDetail(f) {
  const v = f.category || f.role || f.doc_type || f.qualifier || "";
  return Object.hasOwn(ATTRS, v) ? ATTRS[v] : v;
}

function factsTable(facts) {
  if (!facts.length) return el("p", { class: "meta", text: "Không có số liệu được trích." });
  return el("div", { class: "tablewrap" }, el("table", {},
    el("thead", {}, el("tr", {}, el("th", { text: "Loại" }), el("th", { text: "Giá trị" }), el("th", { text: "Phân loại" }))),
    el("tbody", {}, facts.map((f) => el("tr", {},
      el("td", { text: KINDS[f.kind] || f.kind }),
      el("td", {}, f.kind === "document"
        ? el("a", { href: "#/doc/" + encodeURIComponent(f.id), text: factValue(f) })
        : factValue(f)),
      el("td", { text: factDetail(f) }))))));
}

function metaLine(h) {
  const url = safeUrl(h.url);
  return el("div", { class: "meta" },
    [fmtDate(h.published), h.province, h.source].filter(Boolean).join(" · "),
    url ? " · " : null,
    url ? el("a", { href: url, rel: "noopener noreferrer", target: "_blank", text: "Nguồn" }) : null);
}

function articleLink(h) {
  return el("a", { href: "#/article/" + encodeURIComponent(h.article_id), text: h.title || h.url || h.article_id });
}

/** A result card; the article's facts load after the list is shown. */
function hitCard(h) {
  const factsBox = el("div", { class: "facts" });
  const card = el("article", { class: "hit" },
    el("h2", {}, articleLink(h)),
    metaLine(h),
    el("p", { class: "snippet" }, highlighted(h.snippet.text, h.snippet.highlights)),
    (h.citations || []).filter((c) => c.sentence !== h.snippet.text).slice(0, 3)
      .map((c) => el("p", { class: "cite" }, c.sentence)),
    factsBox);
  if (h.type === "article") {
    api("/api/articles/" + encodeURIComponent(h.article_id))
      .then((a) => factsBox.append(factsTable(a.facts.slice(0, 8))))
      .catch(() => {});
  } else if (h.fact) {
    factsBox.append(factsTable([h.fact]));
  }
  return card;
}

function status(text, isError) {
  const s = $("status");
  s.textContent = text;
  s.className = isError ? "error" : "";
}

function show(...nodes) {
  $("view").replaceChildren(...nodes.flat().filter(Boolean));
}

function hashParams() {
  const h = location.hash.replace(/^#/, "");
  const i = h.indexOf("?");
  return { path: i < 0 ? h : h.slice(0, i), params: new URLSearchParams(i < 0 ? "" : h.slice(i + 1)) };
}

function formParams() {
  const p = new URLSearchParams();
  for (const k of ["q", "province", "year", "kind"]) {
    const v = $(k).value.trim();
    if (v) p.set(k, v);
  }
  return p;
}

async function searchView(params) {
  for (const k of ["q", "province", "year", "kind"]) $(k).value = params.get(k) || "";
  const offset = parseInt(params.get("offset") || "0", 10) || 0;
  const p = new URLSearchParams(params);
  p.set("limit", PAGE);
  p.set("offset", offset);
  p.set("facets", "false");
  p.set("target", "articles");
  status("Đang tìm…");
  try {
    const r = await api("/api/search?" + p);
    const what = params.get("q") ? `“${params.get("q")}”` : "tất cả bài viết";
    status(`${fmtNum(r.total)} bài viết cho ${what} (${r.took_ms.toFixed(1)} ms)` +
      (r.notes.length ? " — " + r.notes.join("; ") : ""));
    show(r.hits.map(hitCard), pager(params, offset, r.total));
  } catch (e) {
    status("Lỗi: " + e.message, true);
    show();
  }
}

function pager(params, offset, total) {
  const link = (off, label) => {
    const p = new URLSearchParams(params);
    p.set("offset", off);
    return el("a", { href: "#/search?" + p, text: label });
  };
  return el("nav", { class: "pager" },
    offset > 0 ? link(Math.max(0, offset - PAGE), "← Trang trước") : null,
    offset + PAGE < total ? link(offset + PAGE, "Trang sau →") : null);
}

async function documentView(id) {
  status("Đang tra văn bản…");
  try {
    const r = await api("/api/documents/" + encodeURIComponent(id) + "?limit=100");
    status(`${r.total} bài viết trích dẫn văn bản ${id}`);
    show(el("h1", { text: "Văn bản " + id }), r.articles.hits.map(hitCard));
  } catch (e) {
    status(e.status === 404 ? `Không tìm thấy bài viết nào trích dẫn ${id}` : "Lỗi: " + e.message, true);
    show();
  }
}

async function articleView(id) {
  status("Đang tải bài viết…");
  try {
    const a = await api("/api/articles/" + encodeURIComponent(id));
    status("");
    show(el("h1", { text: a.title || a.url || a.id }),
      metaLine(a),
      el("h2", { text: "Số liệu trích được" }),
      factsTable(a.facts),
      el("h2", { text: "Nội dung" }),
      el("div", { class: "articletext", text: a.text }));
  } catch (e) {
    status(e.status === 404 ? "Không tìm thấy bài viết." : "Lỗi: " + e.message, true);
    show();
  }
}

/** A bar; its width is set through CSSOM (the CSP forbids style attributes). */
function bar(percent) {
  const b = el("span", { class: "bar" });
  b.style.width = percent + "%";
  return b;
}

/** Horizontal bars, plain HTML/CSS. */
function barChart(counts) {
  const rows = Object.entries(counts);
  const max = Math.max(1, ...rows.map(([, n]) => n));
  return el("div", { class: "chart", role: "img", "aria-label": "Biểu đồ số liệu" },
    rows.map(([label, n]) => el("div", { class: "row" },
      el("span", { class: "label", title: label, text: label }),
      bar(Math.round((n / max) * 60)),
      el("span", { class: "n", text: fmtNum(n) }))));
}

async function factsView(params) {
  const by = params.get("by") === "year" ? "year" : "province";
  const kind = params.get("kind") || "";
  status("Đang tải số liệu…");
  try {
    const s = await api("/api/stats");
    const q = new URLSearchParams({ limit: "50" });
    if (kind) q.set("kind", kind);
    const f = await api("/api/facts?" + q);
    status(`${fmtNum(s.articles)} bài viết, ${fmtNum(s.facts)} số liệu`);
    const tab = (value, label) => el("button", {
      type: "button", "aria-pressed": String(by === value), text: label,
      on: { click: () => { location.hash = "#/facts?by=" + value + (kind ? "&kind=" + encodeURIComponent(kind) : ""); } },
    });
    const dl = (fmt, label) => {
      const p = new URLSearchParams({ format: fmt });
      if (kind) p.set("kind", kind);
      return el("a", { href: "/api/facts?" + p, download: "", text: label });
    };
    show(el("h1", { text: "Số liệu" }),
      el("div", { class: "tabs" }, tab("province", "Theo tỉnh/thành"), tab("year", "Theo năm")),
      barChart(by === "year" ? s.facts_by_year : s.facts_by_province),
      el("h2", { text: "Theo loại" }),
      barChart(Object.fromEntries(Object.entries(s.facts_by_kind).map(([k, n]) => [KINDS[k] || k, n]))),
      el("h2", { text: kind ? "Số liệu loại " + (KINDS[kind] || kind) : "Số liệu mới nhất" }),
      el("p", { class: "meta" }, "Tải về: ", dl("csv", "CSV"), " · ", dl("jsonl", "JSON Lines")),
      el("div", { class: "tablewrap" }, el("table", {},
        el("thead", {}, el("tr", {}, ["Loại", "Giá trị", "Câu trích", "Bài viết"].map((t) => el("th", { text: t })))),
        el("tbody", {}, f.hits.map((h) => el("tr", {},
          el("td", { text: KINDS[h.fact?.kind] || h.fact?.kind || "" }),
          el("td", { text: h.fact ? factValue(h.fact) : "" }),
          el("td", {}, highlighted(h.snippet.text, h.snippet.highlights)),
          el("td", {}, articleLink(h))))))));
  } catch (e) {
    status("Lỗi: " + e.message, true);
    show();
  }
}

async function fillFilters() {
  try {
    const s = await api("/api/stats");
    const add = (id, values, label) => {
      const sel = $(id);
      const keep = sel.value;
      for (const v of values) sel.append(el("option", { value: v, text: label ? label(v) : v }));
      sel.value = keep;
    };
    add("province", Object.keys(s.facts_by_province));
    add("year", Object.keys(s.facts_by_year).sort().reverse());
    add("kind", Object.keys(s.facts_by_kind), (k) => KINDS[k] || k);
  } catch (_) { /* filters stay at "Tất cả" */ }
}

function route() {
  const { path, params } = hashParams();
  if (path.startsWith("/doc/")) return documentView(decodeURIComponent(path.slice(5)));
  if (path.startsWith("/article/")) return articleView(decodeURIComponent(path.slice(9)));
  if (path === "/facts") return factsView(params);
  return searchView(params);
}

$("search").addEventListener("submit", (ev) => {
  ev.preventDefault();
  const next = "#/search?" + formParams();
  if (location.hash === next) route(); else location.hash = next;
});
for (const id of ["province", "year", "kind"]) {
  $(id).addEventListener("change", () => { location.hash = "#/search?" + formParams(); });
}
window.addEventListener("hashchange", route);
fillFilters().then(() => {
  const { path, params } = hashParams();
  if (path === "" || path === "/" || path === "/search") {
    for (const k of ["province", "year", "kind"]) $(k).value = params.get(k) || "";
  }
});
route();
