"""Logging: a rotating file in the log folder. Never log a NIK, a name or a photo."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

_configured: set[Path] = set()


def setup_logging(log_dir: Path, level: int = logging.INFO) -> Path:
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / "assessor-app.log"
    if path in _configured:
        return path
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=2_000_000, backupCount=5,
                                                   encoding="utf-8")
    from assessor_app.paths import private_dir, private_file

    private_dir(log_dir)
    private_file(path)  # user-only (0600); rotated files keep the mode
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(level)
    # pyHanko logs a WARNING with a traceback (and the signer's certificate name) for every
    # untrusted signature it checks; verify reports that in its own words instead
    logging.getLogger("pyhanko").setLevel(logging.ERROR)
    logging.getLogger("pyhanko_certvalidator").setLevel(logging.ERROR)
    _configured.add(path)
    return path
