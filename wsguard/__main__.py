from __future__ import annotations

from wsguard.entry import main

if __name__ == "__main__":
    main()
