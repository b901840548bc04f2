"""Real tokenizers as plain-data spans: the tutor's LLM (SmolLM2, byte-level BPE) and MiniLM
(WordPiece), and their output turned into `Token`s that cover the input. The LLM's
tokenizer is the caller's (the runtime reads the configured model's); MiniLM's is read
from the bundled embedder's files.

Every `Token.text` is the exact piece of the input it covers, so the spans join back to
the input. Two honest corner cases:
- a byte-level token may hold only part of a character (an emoji is 4 bytes and can take
  several tokens): the character goes to the token holding its first byte, and the tokens
  that finish it have text "" (their `nbytes` still counts their bytes);
- text a tokenizer drops appears as a Token with id -1 (not a token, just the gap), so the
  renderer can show it uncoloured: WordPiece drops whitespace and control characters, and
  SmolLM2's byte-level BPE silently drops the few bytes its vocabulary lacks (0x04, 0xF1..).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from demos.frames import Token

if TYPE_CHECKING:
    from tokenizers import Tokenizer

GAP_ID = -1
VISIBLE = {" ": "·", "\n": "↵\n", "\t": "→", "\r": "␍"}


def visible(text: str) -> str:
    """Whitespace made visible for display: space ·, newline ↵, tab →."""
    return "".join(VISIBLE.get(c, c) for c in text)


def wordpiece_tokenizer() -> Tokenizer:
    """MiniLM's WordPiece tokenizer (lowercasing, accent-stripping), without padding."""
    from tokenizers import Tokenizer

    from knowledge.embedder import bundled_embedder_path

    tok = Tokenizer.from_file(str(Path(bundled_embedder_path()) / "tokenizer.json"))
    tok.no_padding()
    tok.no_truncation()
    return tok


def byte_spans(text: str, pieces: Sequence[tuple[bytes, int]]) -> list[Token] | None:
    """Tokens from (bytes, id) pieces that spell the text's UTF-8 in order. Bytes the
    tokenizer dropped (SmolLM2's vocabulary lacks a few byte symbols, e.g. 0x04 or 0xF1,
    and has no fallback) become gaps with id -1. None if the pieces don't fit the text."""
    data = text.encode("utf-8")
    segments: list[tuple[int, int]] = []  # (length in bytes, id), covering `data`
    pos = 0
    for piece, token_id in pieces:
        found, end = _find_spelled(data, piece, pos)
        if found < 0:
            return None
        if found > pos:
            segments.append((found - pos, GAP_ID))
        segments.append((end - found, int(token_id)))
        pos = end
    if pos < len(data):
        segments.append((len(data) - pos, GAP_ID))
    starts: list[int] = []  # the byte offset where each character begins
    offset = 0
    for ch in text:
        starts.append(offset)
        offset += len(ch.encode("utf-8"))
    tokens: list[Token] = []
    char = 0
    end = 0
    for length, token_id in segments:
        end += length
        first = char
        while char < len(text) and starts[char] < end:
            char += 1
        tokens.append(Token(text[first:char], token_id, length))
    return tokens


def _find_spelled(data: bytes, piece: bytes, pos: int) -> tuple[int, int]:
    """Where `piece` starts and ends in `data` from `pos`: its bytes in order, with any bytes
    the tokenizer dropped between them (SmolLM2 merges "/" + 0x06 + "/" into one "//" token
    after dropping 0x06; the dropped byte is inside that token's span). (-1, -1) if absent."""
    if not piece:
        return pos, pos
    found = data.find(piece, pos)
    if found >= 0:
        return found, found + len(piece)
    start = data.find(piece[:1], pos)
    if start < 0:
        return -1, -1
    end = start + 1
    for byte in piece[1:]:
        end = data.find(bytes([byte]), end)
        if end < 0:
            return -1, -1
        end += 1
    return start, end


def offset_spans(text: str, offsets: Sequence[tuple[int, int]], ids: Sequence[int]) -> list[Token]:
    """Tokens from character offsets; text no token covers becomes a gap (id -1), and a
    character two tokens share goes to the first."""
    tokens: list[Token] = []
    cursor = 0
    for (start, end), token_id in zip(offsets, ids, strict=True):
        if start > cursor:
            gap = text[cursor:start]
            tokens.append(Token(gap, GAP_ID, len(gap.encode("utf-8"))))
            cursor = start
        piece = text[cursor:max(cursor, end)]
        tokens.append(Token(piece, int(token_id), len(piece.encode("utf-8"))))
        cursor = max(cursor, end)
    if cursor < len(text):
        gap = text[cursor:]
        tokens.append(Token(gap, GAP_ID, len(gap.encode("utf-8"))))
    return tokens


def llm_spans(text: str, tok: Tokenizer) -> list[Token]:
    """The text as the tutor's LLM sees it through its byte-level BPE `tok` (no BOS/EOS)."""
    from demos.bpe import symbol_bytes

    enc = tok.encode(text, add_special_tokens=False)
    added = {i: t.content for i, t in tok.get_added_tokens_decoder().items()}
    pieces = [(added[i].encode("utf-8") if i in added else symbol_bytes(s), i)
              for s, i in zip(enc.tokens, enc.ids, strict=True)]
    spans = byte_spans(text, pieces)
    if spans is None:  # not expected for a byte-level tokenizer; offsets are the fallback
        spans = offset_spans(text, enc.offsets, enc.ids)
    return spans


def wordpiece_spans(text: str, tok: Tokenizer | None = None) -> list[Token]:
    """The text as MiniLM sees it: lowercased words split into ##pieces; [CLS]/[SEP] left out."""
    tok = tok or wordpiece_tokenizer()
    enc = tok.encode(text, add_special_tokens=False)
    return offset_spans(text, enc.offsets, enc.ids)
