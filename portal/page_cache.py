"""Public pages that change only when something is published, rendered once per worker and then kept.

A kept page is the same for everyone who is not signed in. What must differ per response, the CSRF token and the CSP
nonce, is rendered as a marker and put in as the page is sent. The key names everything the page shows (for /pledge,
the published version and when it was published: a published version never changes), and a worker reads it from the
database again once it is KEPT_PAGE_RECHECK_SECONDS old: so no worker has to be told to forget a copy, and a newly
published Pledge reaches every visitor within that time.

A kept page is also kept compressed (gzip), with holes where each response's own values go: sending it costs a
checksum, not a compression. Deflate lets a stream be cut into blocks, and a block may be stored as it is; each
response's values go in stored blocks, and the page's own text is compressed once, each part with all the text before
it as its dictionary, so the page compresses about as well as in one piece (3.5 KB for /pledge; brotli's level 4 made
3.4 KB per response)."""

import re
import secrets
import struct
import time
import zlib

from flask import current_app, render_template, request, session
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from portal.security import csp_nonce

KEPT_PER_WORKER = 16  # keys; when full, start again (each key is one published version, so this is rare)
VALUES = {"csrf": generate_csrf, "nonce": csp_nonce}  # each response's own values, by the name of their marker
GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"  # RFC 1952: deflate, no name, no time, best compression


def _stand_ins():
    """Bytes that never occur in UTF-8 text (0xF8 to 0xFF), in an order where no three in a row occur twice
    (a de Bruijn sequence, by Martin's prefer-largest rule). While a page is compressed they stand where each
    response's values go: deflate matches three bytes or more, so it can copy a stand-in only whole and only from
    another place the same value goes, and never mistake one for the page's own text."""
    sequence, seen = [0xF8, 0xF8], set()
    while True:
        follow = next((b for b in range(0xFF, 0xF7, -1) if (sequence[-2], sequence[-1], b) not in seen), None)
        if follow is None:
            return bytes(sequence)
        seen.add((sequence[-2], sequence[-1], follow))
        sequence.append(follow)


STAND_INS = _stand_ins()  # 514 bytes


def recently_read(name, read):
    """read(), or this worker's answer to it from less than KEPT_PAGE_RECHECK_SECONDS ago. For the keys of kept
    pages only: what a page shows may be that many seconds old, never more."""
    held = current_app.extensions.setdefault("kept_keys", {}).get(name)
    now = time.monotonic()
    if held is not None and now - held[0] < current_app.config["KEPT_PAGE_RECHECK_SECONDS"]:
        return held[1]
    value = read()
    current_app.extensions["kept_keys"][name] = (now, value)
    return value


def _markers():
    """This app's random markers: nobody can type one into content, so only the real places are replaced."""
    if "kept_page_markers" not in current_app.extensions:
        current_app.extensions["kept_page_markers"] = {name: secrets.token_hex(16) for name in VALUES}
    return current_app.extensions["kept_page_markers"]


class KeptPage:
    """A page rendered with markers, kept as its text between them (pieces: text, then the name of a value, then
    text...) and, once asked for, as a gzip stream with holes for those values."""

    def __init__(self, text, markers):
        by_marker = {marker: name for name, marker in markers.items()}
        self.pieces = re.split(f"({'|'.join(by_marker)})", text)
        self.pieces[1::2] = [by_marker[marker] for marker in self.pieces[1::2]]
        self.names = set(self.pieces[1::2])
        self.encoded = [piece.encode() for piece in self.pieces[::2]]
        self.lengths = None  # each value's length in bytes, when the gzip stream was made (None: not made yet)
        self.blocks = None  # compressed text, and the names of values that go in stored blocks between

    def text(self, values):
        return "".join(values[piece] if i % 2 else piece for i, piece in enumerate(self.pieces))

    def _compress(self, lengths):
        """Deflate blocks for this page with the values' places as stand-ins. The first place of each value is a
        hole (a stored block filled per response); later places of the same value are compressed as copies of it."""
        stand_in, start = {}, 0
        for name, length in sorted(lengths.items()):
            stand_in[name], start = STAND_INS[start : start + length], start + length + 2
        if start > len(STAND_INS):
            return None
        blocks, before, part = [], b"", b""
        for i, piece in enumerate(self.pieces):
            if not i % 2:
                part += self.encoded[i // 2]
            elif piece in blocks:  # this value's hole is made: here it is a copy
                part += stand_in[piece]
            else:
                blocks += [self._deflate(part, before, last=False), piece]
                before, part = before + part + stand_in[piece], b""
        blocks.append(self._deflate(part, before, last=True))
        return blocks

    @staticmethod
    def _deflate(data, before, last):
        """data as raw deflate blocks that may copy from the 32 KB before it, ending on a byte boundary."""
        dictionary = {"zdict": before[-32768:]} if before else {}
        compressor = zlib.compressobj(9, zlib.DEFLATED, -15, 9, **dictionary)
        return compressor.compress(data) + compressor.flush(zlib.Z_FINISH if last else zlib.Z_SYNC_FLUSH)

    def gzip(self, values):
        """The page as gzip with values in it, or None if this page cannot be sent that way: a value of another
        length than when the stream was made, or (never expected) a stream that does not read back as the page."""
        encoded = {name: value.encode() for name, value in values.items()}
        lengths = {name: len(value) for name, value in encoded.items()}
        if self.lengths is None:
            blocks = self._compress(lengths)
            others = {name: secrets.token_hex(length)[:length] for name, length in lengths.items()}
            if blocks is not None and all(self._reads_back(blocks, check) for check in (values, others)):
                self.blocks = blocks
            self.lengths = lengths
        if self.blocks is None or lengths != self.lengths:
            return None
        return self._gzip(self.blocks, encoded)

    def _reads_back(self, blocks, values):
        gzipped = self._gzip(blocks, {name: value.encode() for name, value in values.items()})
        return zlib.decompress(gzipped, wbits=31) == self.text(values).encode()

    def _gzip(self, blocks, encoded):
        body = [GZIP_HEADER]
        for block in blocks:
            if isinstance(block, bytes):
                body.append(block)
            else:  # a stored block: not the last, type 0, then the value's length and that length's complement
                body.append(struct.pack("<BHH", 0, len(encoded[block]), len(encoded[block]) ^ 0xFFFF))
                body.append(encoded[block])
        crc = size = 0
        for i, piece in enumerate(self.pieces):
            data = encoded[piece] if i % 2 else self.encoded[i // 2]
            crc, size = zlib.crc32(data, crc), size + len(data)
        body.append(struct.pack("<II", crc, size & 0xFFFFFFFF))
        return b"".join(body)


def render_kept(key, template, context):
    """template rendered with context() (called only when the page is not kept yet), from this worker's copy for key
    when the visitor is not signed in and has no message waiting; rendered as usual otherwise."""
    if current_user.is_authenticated or session.get("_flashes"):
        return render_template(template, **context())
    app = current_app._get_current_object()
    pages = app.extensions.setdefault("kept_pages", {})
    page = pages.get((template, key))
    if page is None:
        if len(pages) >= KEPT_PER_WORKER:
            pages.clear()
        markers = _markers()
        text = render_template(template, csrf_token=lambda: markers["csrf"], cspNonce=markers["nonce"], **context())
        page = pages[(template, key)] = KeptPage(text, markers)
    values = {name: VALUES[name]() for name in page.names}
    if request.accept_encodings["gzip"] and app.config["COMPRESS_REGISTER"]:
        body = page.gzip(values)
        if body is not None:
            response = app.response_class(body, mimetype="text/html")
            response.headers["Content-Encoding"] = "gzip"
            return response
    return page.text(values)
