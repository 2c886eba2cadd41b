"""Signatures between peers: HMAC-SHA256 over "<unix timestamp>.<body>" with the shared key.

A message is accepted only within REPLAY_WINDOW seconds of its timestamp; replays inside
the window are harmless because the receiver processes each message id once.
"""

from __future__ import annotations

import hashlib
import hmac

REPLAY_WINDOW = 300
PEER_HEADER = "X-Hotline-Peer"
TIMESTAMP_HEADER = "X-Hotline-Timestamp"
SIGNATURE_HEADER = "X-Hotline-Signature"


def sign(key: str, timestamp: int, body: bytes) -> str:
    return hmac.new(key.encode(), str(timestamp).encode() + b"." + body, hashlib.sha256).hexdigest()


def verify(key: str, timestamp: str, signature: str, body: bytes, *, now: float) -> bool:
    if not key or not timestamp.isdigit() or not signature:
        return False
    if abs(now - int(timestamp)) > REPLAY_WINDOW:
        return False
    return hmac.compare_digest(sign(key, int(timestamp), body), signature.strip().lower())
