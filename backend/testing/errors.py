"""A step of the guide that the system answered otherwise: EsealStepFailed names the step, then what came back.

Steps nest (下载印章 opens the licence app, which asks for the licence password, …): the message names the
outermost step first, as the guide does, and the inner ones after it, so that a failure reads
「下载印章 失败：HTTP 409 seals_not_filed 印章备案未完成…（开始下载 POST /api/enterprises/3/downloads）」.
"""
import functools


class EsealStepFailed(AssertionError):
    """A guide step did not succeed. ``status``, ``code`` and ``reason`` are what the system answered."""

    def __init__(self, step, reason, *, status=None, code=None, where=None, reply=None):
        self.steps = [step] if step else []
        self.reason, self.status, self.code, self.where, self.reply = reason, status, code, where, reply
        super().__init__(self.message)

    @property
    def step(self):
        """The outermost step: the one the test asked for."""
        return self.steps[0] if self.steps else "步骤"

    @property
    def message(self):
        answer = " ".join(str(part) for part in (f"HTTP {self.status}" if self.status else None, self.code,
                                                 self.reason) if part)
        inner = " → ".join(self.steps[1:])
        context = "，".join(part for part in (inner, self.where) if part)
        return f"{self.step} 失败：{answer}" + (f"（{context}）" if context else "")

    def within(self, step):
        """The same failure, seen from the enclosing step."""
        if not self.steps or self.steps[0] != step:
            self.steps.insert(0, step)
            self.args = (self.message,)
        return self

    def __str__(self):
        return self.message


def step(name):
    """Mark a driver method as the guide's step ``name``: a failure inside it is reported under that name."""
    def decorate(method):
        @functools.wraps(method)
        def run(*args, **kwargs):
            try:
                return method(*args, **kwargs)
            except EsealStepFailed as failure:
                raise failure.within(name) from None
        run.step_name = name
        return run
    return decorate
