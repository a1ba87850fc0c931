"""One article from one input: a text file, an HTML page (through trafilatura), a JSON object."""
from __future__ import annotations

from typing import Any, Optional, Sequence

from kg.read.decode import decode_bytes, sniff
from kg.read.errors import EMPTY_FILE, EMPTY_TEXT, NO_ARTICLE_TEXT, NO_TEXT_FIELD, Category, ReadError, Unusable
from kg.read.listing import file_stem
from kg.read.options import FIELDS, SNIFF_BYTES, Options, Raw


def text_article(data: bytes, origin: str, meta: dict) -> Raw:
    text = decode_bytes(data)
    return Raw(text=text, origin=origin, id=plain_str(meta.get("id")) or file_stem(origin),
                title=meta.get("title"), published=meta.get("published"), source=meta.get("source"),
                url=meta.get("url"), author=plain_str(meta.get("author")), language=plain_str(meta.get("language")))


def html_article(data: bytes, origin: str, meta: dict) -> Raw:
    wide = sniff(data[:SNIFF_BYTES])
    if not data.strip():
        raise Unusable(EMPTY_FILE, Category.EMPTY)
    # trafilatura reads <meta charset>; decode ourselves only what it cannot (BOM'd or UTF-16 text)
    doc = _extract_html(decode_bytes(data) if wide else data)
    if doc is None or not (doc.text or "").strip():
        raise Unusable(NO_ARTICLE_TEXT, Category.NO_TEXT)
    return Raw(text=doc.text, origin=origin, id=plain_str(meta.get("id")) or file_stem(origin),
                title=meta.get("title") or doc.title, published=meta.get("published") or doc.date,
                source=meta.get("source") or doc.sitename, url=meta.get("url") or doc.url,
                author=plain_str(meta.get("author")) or plain_str(doc.author), language=plain_str(meta.get("language")))


def _extract_html(html: str):
    import trafilatura  # heavy: only when there is HTML to read

    # no comments, no network, no cross-document deduplication (it would make results order-dependent)
    options = dict(with_metadata=True, include_comments=False, include_tables=True, deduplicate=False)
    doc = trafilatura.bare_extraction(html, **options)
    if doc is None or not (doc.text or "").strip():
        # libxml2 stops at 256 levels of nesting unless told otherwise: a page nested deeper
        # (generated layouts) is parsed again with the limits raised
        tree = _huge_tree(html)
        if tree is not None:
            doc = trafilatura.bare_extraction(tree, **options) or doc
    return doc


def _huge_tree(html: str | bytes):
    import lxml.html

    parser = lxml.html.HTMLParser(huge_tree=True, collect_ids=False, default_doctype=False,
                                  remove_comments=True, remove_pis=True)
    try:
        return lxml.html.fromstring(html.encode("utf-8") if isinstance(html, str) else html, parser=parser)
    except (ValueError, lxml.etree.ParserError, lxml.etree.XMLSyntaxError):
        return None


def plain_str(value: Any) -> Optional[str]:
    if value is None or isinstance(value, (dict, list, bool)):
        return None
    text = str(value).strip()
    return text or None


def field_value(record: dict, names: Sequence[str]) -> Any:
    """The first present, non-empty field; a dotted name reaches into nested objects."""
    for name in names:
        value: Any = record
        for part in name.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if value not in (None, "", [], {}):
            return value
    return None


def record_article(record: Any, origin: str, opts: Options) -> Raw | ReadError:
    """One JSON object (a line or an array element) as an article."""
    if not isinstance(record, dict):
        return ReadError(origin, f"not a JSON object but {json_type(record)}", Category.NOT_JSON)
    names = opts.fields["text"]
    text = field_value(record, names)
    if text is None:
        present = [n for n in names if n.split(".")[0] in record]
        if present:
            return ReadError(origin, EMPTY_TEXT, Category.EMPTY)
        return ReadError(origin, NO_TEXT_FIELD, Category.NO_TEXT)
    if isinstance(text, list) and all(isinstance(t, str) for t in text):
        text = "\n\n".join(text)  # paragraphs
    if not isinstance(text, str):
        return ReadError(origin, f"text field is not a string but {json_type(text)}", Category.NO_TEXT)
    source = field_value(record, FIELDS["source"])
    if isinstance(source, dict):  # NewsAPI: "source": {"id": ..., "name": ...}
        source = source.get("name") or source.get("id")
    return Raw(text=text, origin=origin, id=plain_str(field_value(record, opts.fields["id"])),
                title=plain_str(field_value(record, opts.fields["title"])),
                published=field_value(record, opts.fields["published"]),
                source=plain_str(source), url=plain_str(field_value(record, FIELDS["url"])),
                author=author_of(field_value(record, FIELDS["author"])),
                language=plain_str(field_value(record, FIELDS["language"])), unit="line")


def author_of(value: Any) -> Optional[str]:
    """One author string from a name, a list of names or {"name": ...} objects."""
    if isinstance(value, list):
        names = [author_of(v) for v in value]
        return ", ".join(n for n in names if n) or None
    if isinstance(value, dict):
        return plain_str(value.get("name"))
    return plain_str(value)


def json_type(value: Any) -> str:
    return {dict: "an object", list: "an array", str: "a string", bool: "a boolean",
            type(None): "null"}.get(type(value), "a number")
