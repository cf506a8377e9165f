"""SHA-256 for cache keys and file names, without loading OpenSSL.

``hashlib`` loads ``_hashlib`` (OpenSSL, ~3 ms of the hook's ~30) on import. The
hook's light paths need a few small digests, which CPython's own implementation,
the one ``hashlib`` falls back to, gives at no import cost. The digests are the same.
"""

from __future__ import annotations

from functools import lru_cache

TYPE_CHECKING = False
if TYPE_CHECKING:  # the annotations only
    from collections.abc import Callable
    from hashlib import _Hash


@lru_cache(maxsize=1)
def _implementation() -> Callable[[bytes], _Hash]:
    try:
        from _sha2 import sha256  # type: ignore[import-not-found]  # CPython 3.12+
    except ImportError:
        try:
            from _sha256 import sha256  # type: ignore[import-not-found]  # CPython 3.10, 3.11
        except ImportError:  # another interpreter
            from hashlib import sha256
    return sha256  # type: ignore[no-any-return]


def sha256(data: bytes = b"") -> _Hash:
    """``hashlib.sha256(data)``."""
    return _implementation()(data)
