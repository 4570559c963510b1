"""The sections of a finding's detail page, each from its own area: one call per area."""

from . import evidence, ledger, lifecycle, referrals

SECTIONS = [lifecycle.detail_context, ledger.detail_context, evidence.detail_context, referrals.detail_context]


def sections_context(request, finding):
    context = {}
    for section in SECTIONS:
        context.update(section(request, finding))
    return context
