#!/usr/bin/env python3
"""Checks smskit's Word and Excel output with the tools its users' world relies on.

Usage: check_outputs.py SMSKIT PACK_DIR... --real-world DIR

For every DOCX of every pack: python-docx opens it; LibreOffice converts it to PDF whose
first page is the title page and whose later pages carry the header (organisation),
the footer (document id) and "Page X of Y"; openxml-audit reports no finding, for the
XLSX registers too. For every Markdown file in the real-world folder: `smskit render`
converts it, and the DOCX keeps at least 95% of the words pandoc's DOCX keeps.
Prints one line per failure and a closing 'N passed, N failed' line.
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import zipfile

import docx  # python-docx

failures = []
passed = 0


def check(ok, what):
    global passed
    if ok:
        passed += 1
    else:
        failures.append(what)
        print(f"FAIL: {what}", flush=True)


def docx_words(path):
    d = docx.Document(path)
    words = []
    for p in d.paragraphs:
        words += p.text.split()
    for t in d.tables:
        for row in t.rows:
            for cell in row.cells:
                words += cell.text.split()
    # Footnotes are not in python-docx's model; read them from the part.
    with zipfile.ZipFile(path) as z:
        if "word/footnotes.xml" in z.namelist():
            xml = z.read("word/footnotes.xml").decode("utf-8")
            words += " ".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", xml)).split()
    return words


def audit(folder):
    """openxml-audit's error count for every Office file in a folder."""
    r = subprocess.run(["openxml-audit", "-o", "json", "-r", "-m", "0", folder], capture_output=True, text=True)
    try:
        reports = json.loads(r.stdout)
    except json.JSONDecodeError:
        check(False, f"{folder}: openxml-audit gave no report: {r.stdout[-300:]} {r.stderr[-300:]}")
        return {}
    if isinstance(reports, dict):
        reports = [reports]
    for rep in reports:
        # Say what was found, not only how much: a count alone cannot be acted on.
        for e in (rep.get("errors") or [])[:5]:
            print(f"  {os.path.basename(rep['file'])}: {e}", flush=True)
    return {rep["file"]: rep.get("error_count", 0) for rep in reports}


def pdf_pages(pdf):
    text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True).stdout
    return text.split("\f")


def check_pack(pack):
    docs = sorted(f for f in os.listdir(pack) if f.endswith(".docx"))
    sheets = sorted(f for f in os.listdir(pack) if f.endswith(".xlsx"))
    check(len(docs) > 0, f"{pack}: no DOCX files")
    for f in docs:
        try:
            d = docx.Document(os.path.join(pack, f))
            check(len(d.paragraphs) > 10, f"{f}: python-docx sees almost nothing")
            check(bool(d.core_properties.title), f"{f}: no title in the core properties")
        except Exception as e:  # noqa: BLE001 - any failure to open is the finding
            check(False, f"{f}: python-docx cannot open it: {e}")
    counts = audit(pack)
    for f in docs + sheets:
        count = counts.get(os.path.join(pack, f), counts.get(os.path.abspath(os.path.join(pack, f)), "not audited"))
        check(count == 0, f"{f}: openxml-audit findings: {count}")
    with tempfile.TemporaryDirectory() as out:
        subprocess.run(
            ["soffice", "--headless", f"-env:UserInstallation=file://{out}/profile", "--convert-to", "pdf", "--outdir", out]
            + [os.path.join(pack, f) for f in docs],
            capture_output=True, timeout=1800,
        )
        for f in docs:
            pdf = os.path.join(out, f[:-5] + ".pdf")
            if not os.path.exists(pdf):
                check(False, f"{f}: LibreOffice did not convert it to PDF")
                continue
            pages = [p for p in pdf_pages(pdf) if p.strip()]
            d = docx.Document(os.path.join(pack, f))
            title = d.core_properties.title
            doc_id = f.split("-")[0]
            check(len(pages) >= 3, f"{f}: only {len(pages)} pages")
            if len(pages) < 2:
                continue
            first = " ".join(pages[0].split())
            check(title.split()[0] in first, f"{f}: the first page does not show the title")
            check("Page 1 of" not in first and "Seite 1 von" not in first, f"{f}: the title page has a footer")
            second = " ".join(pages[1].split())
            check(re.search(r"(Page 2 of|Seite 2 von) \d+", second) is not None, f"{f}: page 2 has no 'Page 2 of N'")
            check(f.rsplit("-", 0)[0][:len(doc_id)] in second, f"{f}: page 2 has no document id in the footer")


def check_real_world(smskit, folder):
    files = sorted(f for f in os.listdir(folder) if f.endswith(".md") and f != "SOURCES.md")
    check(len(files) >= 5, "fewer than five real-world Markdown files")
    with tempfile.TemporaryDirectory() as out:
        for f in files:
            src = os.path.join(folder, f)
            ours = os.path.join(out, f + ".smskit.docx")
            r = subprocess.run([smskit, "render", src, "-o", ours, "--date", "2026-11-25", "--dir", out], capture_output=True, text=True)
            check(r.returncode == 0 and "panicked" not in r.stderr, f"{f}: smskit render failed: {r.stderr[-400:]}")
            if r.returncode != 0:
                continue
            # pandoc's DOCX writer stops on images it cannot fetch (no network here), so
            # its plain-text writer gives the words it keeps; only tokens with a letter
            # or digit count, on both sides.
            plain = subprocess.run(["pandoc", "-f", "gfm", "-t", "plain", "--wrap=none", src], capture_output=True, text=True, check=True).stdout
            ours_words = len([w for w in docx_words(ours) if re.search(r"\w", w)])
            theirs_words = len([w for w in plain.split() if re.search(r"\w", w)])
            ratio = ours_words / max(theirs_words, 1)
            print(f"{f}: {ours_words} words, pandoc {theirs_words} ({ratio:.1%})")
            check(ratio >= 0.95, f"{f}: keeps {ratio:.1%} of pandoc's words")
        for path, count in audit(out).items():
            if path.endswith(".smskit.docx"):
                check(count == 0, f"{os.path.basename(path)}: openxml-audit findings: {count}")


def main():
    args = sys.argv[1:]
    real_world = None
    if "--real-world" in args:
        i = args.index("--real-world")
        real_world = args[i + 1]
        args = args[:i] + args[i + 2:]
    smskit, packs = args[0], args[1:]
    for pack in packs:
        check_pack(pack)
    if real_world:
        check_real_world(smskit, real_world)
    print(f"{passed} passed, {len(failures)} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
