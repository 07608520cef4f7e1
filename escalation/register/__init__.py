"""The register check on staff replies (issue: replying as the agency): rules as data, findings an
officer fixes or confirms before a reply goes to a citizen."""

from escalation.register.check import Finding, check_framed, check_reply
from escalation.register.rules import RegisterRule, RegisterRulesError, load_register_rules

__all__ = [
    "Finding",
    "RegisterRule",
    "RegisterRulesError",
    "check_framed",
    "check_reply",
    "load_register_rules",
]
