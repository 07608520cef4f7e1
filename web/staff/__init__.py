"""The staff's pages in the browser (officers, unit heads, supervisors, admins): sign-in, the queue,
tickets and reports. Every page is behind `StaffGate`; every form carries the session's CSRF token."""

from web.staff.deps import FormRefused, SignInRequired, Staff, StaffGate
from web.staff.router import build_staff_router, install_staff_answers, install_staff_pages
from web.staff.site import StaffSite

__all__ = [
    "FormRefused",
    "SignInRequired",
    "Staff",
    "StaffGate",
    "StaffSite",
    "build_staff_router",
    "install_staff_answers",
    "install_staff_pages",
]
