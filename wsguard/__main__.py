from __future__ import annotations

from wsguard.cli import main

if __name__ == "__main__":
    main()
