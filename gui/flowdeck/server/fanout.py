"""Who subscribes to which code, and handing each batch's changes to them: the work is
per (code changed x subscriber of it), never per subscriber x all codes."""

from __future__ import annotations

from collections.abc import Iterable

from .pending import Subscription
from .state import CodeChange, Delta, FlowState


class Subscribers:
    def __init__(self) -> None:
        self.all: set[Subscription] = set()
        self.by_code: dict[str, set[Subscription]] = {}

    def __len__(self) -> int:
        return len(self.all)

    def __contains__(self, code: object) -> bool:
        return code in self.by_code

    def codes(self) -> list[str]:
        return list(self.by_code)

    def add(self, sub: Subscription, code: str) -> None:
        self.all.add(sub)
        sub.codes.add(code)
        sub.markets.add(code.partition(".")[0])
        self.by_code.setdefault(code, set()).add(sub)

    def remove(self, sub: Subscription, codes: Iterable[str]) -> list[str]:
        """Take `codes` from `sub`; the codes nobody subscribes to any more."""
        orphans = []
        gone = [c for c in codes if c in sub.codes]
        for code in gone:
            sub.codes.discard(code)
            subs = self.by_code.get(code)
            if subs is not None:
                subs.discard(sub)
                if not subs:
                    del self.by_code[code]
                    orphans.append(code)
        sub.markets = {c.partition(".")[0] for c in sub.codes}
        sub.pending.forget(gone)
        return orphans

    def detach(self, sub: Subscription) -> list[str]:
        orphans = self.remove(sub, list(sub.codes))
        self.all.discard(sub)
        return orphans

    def fan_out(self, delta: Delta) -> None:
        touched: set[Subscription] = set()
        by_code = self.by_code
        for code, ch in delta.changes.items():
            subs = by_code.get(code)
            if subs:
                for sub in subs:
                    sub.pending.put(code, ch)
                touched |= subs
        if delta.markets:
            for sub in self.all:
                mine = {m: s for m, s in delta.markets.items() if m in sub.markets}
                if mine:
                    sub.pending.put_markets(mine)
                    touched.add(sub)
        for sub in touched:
            sub.wake()

    def tell_all(self, state: FlowState, error: tuple[int, str] | None) -> None:
        """The feed failed (error) or came back (None): every subscribed code's error,
        or its latest record again, so that clients see the change."""
        delta = Delta()
        for code in self.by_code:
            st = state.codes.get(code)
            if error is not None:
                delta.changes[code] = CodeChange(error=error)
            elif st is not None and st.record is not None and st.error is None:
                delta.changes[code] = CodeChange(record=st.record_json,
                                                 detail=st.detail_json or None)
        self.fan_out(delta)
