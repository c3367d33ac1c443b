#!/usr/bin/env python3
"""Regenerates Tests/Fixtures/fax/: fax-like scans of hotline's own feedback sheet (issue 5, item 6).

    python3 scripts/make-fax-fixtures.py [--hotline .build/debug/hotline] [--out Tests/Fixtures/fax] [--keep DIR]

What it runs: the hotline binary (build it first: swift build), LibreOffice (soffice), poppler
(pdftoppm), libtiff-tools (tiffcp, tiff2pdf) and faketime; the rest is the Python standard library,
so no ImageMagick is needed. Reproducible byte for byte: fixed secrets, fixed seeds, the clock pinned
to 2026-12-01 09:00 +08:00 (the sheet prints its date, deadline and form number year), fixed PDF
dates. Without faketime the sheets carry today's date: the files differ, the QR texts do not
(within 2026).

Steps: two temporary hotline workspaces (ours, and "another center" with another form secret) take
the sample inbox, `hotline assign BB20261128-0002 --unit CG` writes the blank feedback sheet as PDF;
poppler rasterises it at the fax's 204x196 dpi, 1 bit; this script pads the page to the fax width
(1728 dots), rotates it slightly (three shears), adds salt-and-pepper noise and handwritten marks,
halves the rows for "standard" resolution (204x98), and writes an uncompressed TIFF that tiffcp
compresses to G3 or G4 (and joins into multi-page files); tiff2pdf makes the PDF fax. The paper
letters are sample mail text set by LibreOffice in Noto Serif CJK SC and scanned the same way.
"""

import argparse
import email
import email.policy
import math
import os
import random
import shutil
import struct
import subprocess
import sys
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

REPO = Path(__file__).resolve().parent.parent
SECRET = "fax-fixture-secret-2026"
FOREIGN_SECRET = "another-center-secret-2026"
CASE = "BB20261128-0002"
FAX_WIDTH = 1728  # dots on a fax line (ITU-T T.4, A4 at 204 dpi)
PDF_DATE = "20261201090000"
ISSUED_AT = "2026-12-01 01:00:00"  # UTC: 09:00 in the center's zone (+08:00)


def run(args, **kw):
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, **kw)


# --- the sheets ------------------------------------------------------------------------------

def feedback_sheet(tmp: Path, hotline: str, secret: str, name: str) -> Path:
    """The blank feedback sheet PDF of CASE from a fresh workspace under `secret`."""
    ws = tmp / name
    (ws / "inbox").mkdir(parents=True)
    for eml in sorted((REPO / "inbox").glob("*.eml")):
        shutil.copy(eml, ws / "inbox" / eml.name)
    (ws / "hotline.toml").write_text(f"""[center]
name = "蚌埠市市长热线服务中心"
head = "周明"
reply_address = "hotline@center.example"
form_secret_env = "FAX_FIXTURE_SECRET"

[forms]
templates = "{REPO / 'templates'}"
pdf = true

[[unit]]
code = "CG"
name = "蚌埠市城市管理局"
tier = 2
email = "hotline@cg.gov.example"
""", encoding="utf-8")
    env = dict(os.environ, FAX_FIXTURE_SECRET=secret, TZ="UTC")
    # The sheet prints the issue date and the deadline to the minute: a pinned clock keeps the
    # pixels the same from run to run (faketime, Debian package faketime; '@' = a clock that ticks).
    clock = ["faketime", "-f", f"@{ISSUED_AT}"] if shutil.which("faketime") else []
    run(clock + [hotline, "run"], cwd=ws, env=env)
    run(clock + [hotline, "assign", CASE, "--unit", "CG", "--clerk", "李文"], cwd=ws, env=env)
    [pdf] = sorted((ws / "outbox" / "forms" / CASE).glob("FK*-反馈单.pdf"))
    return pdf


def letter_pdf(tmp: Path, name: str, paragraphs) -> Path:
    """`paragraphs` set on an A4 page by LibreOffice (Noto Serif CJK SC, zh-CN)."""
    body = "\n".join(f"<text:p>{escape(p)}</text:p>" for p in paragraphs)
    fodt = tmp / f"{name}.fodt"
    fodt.write_text(f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls><style:font-face style:name="Noto Serif CJK SC" svg:font-family="'Noto Serif CJK SC'"/></office:font-face-decls>
<office:styles><style:default-style style:family="paragraph">
<style:paragraph-properties fo:margin-bottom="0.25cm" fo:line-height="150%"/>
<style:text-properties style:font-name="Noto Serif CJK SC" style:font-name-asian="Noto Serif CJK SC"
 fo:font-size="14pt" style:font-size-asian="14pt" fo:language="zh" fo:country="CN"
 style:language-asian="zh" style:country-asian="CN"/></style:default-style></office:styles>
<office:automatic-styles><style:page-layout style:name="pm1"><style:page-layout-properties
 fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="2.5cm" fo:margin-bottom="2.5cm"
 fo:margin-left="2.5cm" fo:margin-right="2.5cm"/></style:page-layout></office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1"/></office:master-styles>
<office:body><office:text>
{body}
</office:text></office:body></office:document>
""", encoding="utf-8")
    run(["soffice", f"-env:UserInstallation=file://{tmp}/soffice-profile", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(tmp), str(fodt)], stderr=subprocess.DEVNULL)
    return tmp / f"{name}.pdf"


def sample_mail_text(name: str):
    """The text/plain body of inbox/`name`, as paragraphs."""
    with open(REPO / "inbox" / name, "rb") as f:
        msg = email.message_from_binary_file(f, policy=email.policy.default)
    text = msg.get_body(preferencelist=("plain",)).get_content()
    return [line.strip() or "\u3000" for line in text.strip().splitlines()]


# --- 1-bit pages -------------------------------------------------------------------------------

class Page:
    """A bilevel page: a bytearray per row, 1 = black; resolution in dpi."""

    def __init__(self, rows, xres, yres):
        self.rows, self.xres, self.yres = rows, xres, yres

    @property
    def width(self):
        return len(self.rows[0])

    @property
    def height(self):
        return len(self.rows)

    @staticmethod
    def rasterise(pdf: Path, page: int, tmp: Path) -> "Page":
        """Page `page` of `pdf` at 204x196 dpi, grey cut at half (poppler's -mono dithers the QR
        code's edges into noise), padded or cut to the fax width."""
        stem = tmp / f"ras-{pdf.stem}-{page}"
        run(["pdftoppm", "-gray", "-rx", "204", "-ry", "196", "-f", str(page), "-l", str(page),
             "-singlefile", str(pdf), str(stem)])
        data = Path(f"{stem}.pgm").read_bytes()
        fields, at = [], 0
        while len(fields) < 4:  # P5, width, height, maxval; comments skipped
            while data[at:at + 1].isspace():
                at += 1
            if data[at:at + 1] == b"#":
                at = data.index(b"\n", at)
                continue
            end = at
            while not data[end:end + 1].isspace():
                end += 1
            fields.append(data[at:end])
            at = end
        at += 1
        width, height = int(fields[1]), int(fields[2])
        cut = bytes(1 if v < 128 else 0 for v in range(256))
        rows = [bytearray(data[at + y * width: at + (y + 1) * width].translate(cut)) for y in range(height)]
        left = (FAX_WIDTH - width) // 2
        if left >= 0:
            rows = [bytearray(left) + r + bytearray(FAX_WIDTH - width - left) for r in rows]
        else:
            rows = [r[-left:-left + FAX_WIDTH] for r in rows]
        return Page(rows, 204, 196)

    def rotated(self, degrees: float) -> "Page":
        """Turned by `degrees` (positive: clockwise on paper) with three shears (Paeth)."""
        theta = math.radians(degrees)
        a, b = -math.tan(theta / 2), math.sin(theta)
        w, h = self.width, self.height
        cx, cy = w / 2, h / 2

        def shear_x(rows):
            out = []
            for y, row in enumerate(rows):
                s = round(a * (y - cy))
                out.append(bytearray(s) + row[:w - s] if s >= 0 else row[-s:] + bytearray(-s))
            return out

        def shear_y(rows):
            out = [bytearray(w) for _ in range(h)]
            x = 0
            while x < w:
                s = round(b * (x - cx))
                end = x
                while end < w and round(b * (end - cx)) == s:
                    end += 1
                for y in range(max(0, s), min(h, h + s)):
                    out[y][x:end] = rows[y - s][x:end]
                x = end
            return out

        return Page(shear_x(shear_y(shear_x(self.rows))), self.xres, self.yres)

    def noisy(self, seed: int, pepper: float, salt: float, band=None) -> "Page":
        """Salt-and-pepper noise: `pepper` of the pixels turned black, `salt` white (in rows `band`)."""
        rng = random.Random(seed)
        rows = [bytearray(r) for r in self.rows]
        top, bottom = band or (0, self.height)
        area = self.width * (bottom - top)
        for fraction, value in ((pepper, 1), (salt, 0)):
            for _ in range(int(area * fraction)):
                rows[rng.randrange(top, bottom)][rng.randrange(self.width)] = value
        return Page(rows, self.xres, self.yres)

    def standard(self) -> "Page":
        """Standard resolution: every other row (204x98 dpi)."""
        return Page(self.rows[::2], self.xres, self.yres // 2)

    def stroke(self, points, width=3):
        """A pen stroke through `points` (x, y in dots at 204x196)."""
        r = width / 2
        for (x0, y0), (x1, y1) in zip(points, points[1:]):
            steps = max(1, int(math.hypot(x1 - x0, y1 - y0)))
            for i in range(steps + 1):
                x, y = x0 + (x1 - x0) * i / steps, y0 + (y1 - y0) * i / steps
                for yy in range(int(y - r), int(y + r) + 1):
                    for xx in range(int(x - r), int(x + r) + 1):
                        if 0 <= yy < self.height and 0 <= xx < self.width and (xx - x) ** 2 + (yy - y) ** 2 <= r * r:
                            self.rows[yy][xx] = 1

    def scribble(self, x, y, length, seed, height=18, loops=9):
        """Cursive-looking handwriting: a run of loops `length` dots long on baseline y."""
        rng = random.Random(seed)
        pts = []
        n = 400
        phase = rng.random() * math.pi
        for i in range(n + 1):
            t = i / n
            wobble = 1 + 0.35 * math.sin(3 * math.pi * t + phase)
            px = x + length * t + 0.35 * length / loops * math.sin(2 * math.pi * loops * t)
            py = y - height * wobble * (0.5 + 0.5 * math.sin(2 * math.pi * loops * t + 1.2))
            pts.append((px, py))
        self.stroke(pts, width=3)

    def seal(self, cx, cy, radius=88):
        """A round seal (盖章), as a red stamp comes out on a fax: a ring and a star."""
        ring = [(cx + radius * math.cos(2 * math.pi * i / 360), cy + radius * math.sin(2 * math.pi * i / 360))
                for i in range(361)]
        self.stroke(ring, width=6)
        star = [(cx + 30 * math.cos(math.pi / 2 + 4 * math.pi * i / 5), cy - 30 * math.sin(math.pi / 2 + 4 * math.pi * i / 5))
                for i in range(6)]
        self.stroke(star, width=4)

    def tiff(self, path: Path):
        """An uncompressed baseline bilevel TIFF (min-is-white, 1 = black) with the resolution."""
        stride = (self.width + 7) // 8
        pixels = bytearray()
        for row in self.rows:
            packed = bytearray(stride)
            for x in (i for i, v in enumerate(row) if v):
                packed[x >> 3] |= 0x80 >> (x & 7)
            pixels += packed
        entries = [  # tag, type (3 SHORT, 4 LONG, 5 RATIONAL), value
            (256, 4, self.width), (257, 4, self.height), (258, 3, 1), (259, 3, 1), (262, 3, 0),
            (266, 3, 1), (273, 4, None), (277, 3, 1), (278, 4, self.height), (279, 4, len(pixels)),
            (282, 5, self.xres), (283, 5, self.yres), (296, 3, 2),
        ]
        ifd_at = 8
        extra_at = ifd_at + 2 + 12 * len(entries) + 4
        data_at = extra_at + 16
        ifd, extra = bytearray(struct.pack("<H", len(entries))), bytearray()
        for tag, kind, value in entries:
            if kind == 5:
                ifd += struct.pack("<HHII", tag, kind, 1, extra_at + len(extra))
                extra += struct.pack("<II", value, 1)
            elif tag == 273:
                ifd += struct.pack("<HHII", tag, kind, 1, data_at)
            elif kind == 3:
                ifd += struct.pack("<HHIHH", tag, kind, 1, value, 0)
            else:
                ifd += struct.pack("<HHII", tag, kind, 1, value)
        ifd += struct.pack("<I", 0)
        path.write_bytes(b"II*\x00" + struct.pack("<I", ifd_at) + ifd + extra + pixels)


def compress(pages, out: Path, codec: str, tmp: Path):
    """`pages` as one TIFF at `out`, compressed with tiffcp (`g4`, `g3` or `g3:2d`)."""
    raw = []
    for i, page in enumerate(pages):
        p = tmp / f"raw-{out.stem}-{i}.tif"
        page.tiff(p)
        raw.append(str(p))
    out.unlink(missing_ok=True)
    run(["tiffcp", "-c", codec] + raw + [str(out)])


def sign_off(page: Page):
    """Handwriting over page 2 of the feedback sheet: result, people, sign-off, date and seal."""
    sx, sy = 204 / 50, 196 / 50  # the positions were read off a 50 dpi rendering
    ox = (FAX_WIDTH - 1686) // 2
    at = lambda x, y: (ox + x * sx, y * sy)
    for i, (x, y, n) in enumerate([(104, 103, 250), (104, 116, 180), (104, 167, 120)]):
        px, py = at(x, y)
        page.scribble(px, py, n * sx, seed=10 + i)
    for i, (x, y, n) in enumerate([(104, 183, 60), (268, 183, 45), (104, 198, 45), (268, 198, 70), (104, 228, 55)]):
        px, py = at(x, y)
        page.scribble(px, py, n * sx, seed=20 + i, height=16, loops=4)
    px, py = at(268, 228)
    page.scribble(px, py, 40 * sx, seed=30, height=16, loops=3)
    for i, x in enumerate((258, 288, 318)):
        px, py = at(x, 315)
        page.scribble(px, py, 12 * sx, seed=40 + i, height=14, loops=2)
    page.seal(*at(178, 310))


# --- the fixtures ------------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--hotline", default=str(REPO / ".build/debug/hotline"))
    ap.add_argument("--out", default=str(REPO / "Tests/Fixtures/fax"))
    ap.add_argument("--keep", help="keep the work folder here instead of a temporary one")
    args = ap.parse_args()
    for tool in ("soffice", "pdftoppm", "tiffcp", "tiff2pdf"):
        if not shutil.which(tool):
            sys.exit(f"make-fax-fixtures: {tool} is not installed (scripts/install-deps.sh test)")
    if not shutil.which("faketime"):
        print("make-fax-fixtures: faketime is not installed: the sheets carry today's date and time,"
              " so the TIFFs will differ from the committed ones (apt-get install faketime)", file=sys.stderr)
    if not os.access(args.hotline, os.X_OK):
        sys.exit(f"make-fax-fixtures: no hotline binary at {args.hotline} (swift build)")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="hotline-fax-fixtures-"))
    tmp.mkdir(parents=True, exist_ok=True)
    try:
        ours = feedback_sheet(tmp, args.hotline, SECRET, "center")
        theirs = feedback_sheet(tmp, args.hotline, FOREIGN_SECRET, "another-center")
        sheet1 = Page.rasterise(ours, 1, tmp)
        sheet2 = Page.rasterise(ours, 2, tmp)
        foreign1 = Page.rasterise(theirs, 1, tmp)
        letter = Page.rasterise(letter_pdf(tmp, "paper-letter", sample_mail_text("01-noise-complaint-foxmail-gb2312.eml")), 1, tmp)
        cover = Page.rasterise(letter_pdf(tmp, "cover", [
            "蚌埠市市长热线服务中心：",
            f"\u3000\u3000贵中心交办的{CASE}号诉求件（淮上区福润家园小区停水）已办理完毕，"
            "现将办理反馈单传真报送，请审核。原件随后寄送。",
            "\u3000\u3000附：市长热线办理反馈单（共2页）",
            "\u3000",
            "蚌埠市城市管理局办公室",
            "2026年12月1日",
            "联系人：刘建国  电话：0552-3100000",
        ]), 1, tmp)
        signed2 = Page(sheet2.rows, sheet2.xres, sheet2.yres)
        sign_off(signed2)

        compress([sheet1.rotated(0.7).noisy(1, 0.0015, 0.0015)], out / "feedback-fine-g4.tif", "g4", tmp)
        compress([sheet1.rotated(-1.2).noisy(2, 0.0015, 0.0015).standard()], out / "feedback-standard-g3.tif", "g3", tmp)
        # Heavy: 3 % of the top third's pixels flipped each way (a dirty feeder roller); zbar needs the
        # median filter from 2 % on, and the filter still recovers the code at 5 %.
        compress([sheet1.rotated(1.0).noisy(3, 0.03, 0.03, band=(0, 1000))], out / "feedback-heavy-noise-g4.tif", "g4", tmp)
        compress([foreign1.rotated(-0.6).noisy(4, 0.0015, 0.0015)], out / "foreign-center-g4.tif", "g4", tmp)
        compress([letter.rotated(0.9).noisy(5, 0.0015, 0.0015)], out / "paper-letter-g4.tif", "g4", tmp)
        compress([cover.rotated(0.5).noisy(6, 0.001, 0.001),
                  sheet1.rotated(0.5).noisy(7, 0.001, 0.001),
                  signed2.rotated(0.5).noisy(8, 0.001, 0.001)], out / "reply-multipage-g4.tif", "g4", tmp)
        fax_tif = tmp / "reply-fax-standard.tif"
        compress([sheet1.rotated(-0.8).noisy(9, 0.001, 0.001).standard(),
                  signed2.rotated(-0.8).noisy(10, 0.001, 0.001).standard()], fax_tif, "g3:2d", tmp)
        # Not faxes: the top of the sheet as a phone photo (JPEG) and as a screenshot (PNG), grey.
        crop = ["-f", "1", "-l", "1", "-r", "150", "-gray", "-x", "0", "-y", "0", "-W", "1240", "-H", "560", "-singlefile"]
        run(["pdftoppm", "-jpeg", "-jpegopt", "quality=60"] + crop + [str(ours), str(out / "feedback-photo")])
        run(["pdftoppm", "-png"] + crop + [str(ours), str(out / "feedback-top")])
        run(["tiff2pdf", "-e", PDF_DATE, "-c", "fax-gateway", "-t", "fax", "-o", str(out / "reply-fax.pdf"), str(fax_tif)])
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    for f in sorted(out.iterdir()):
        print(f"{f.stat().st_size:>8}  {f.name}")


if __name__ == "__main__":
    main()
