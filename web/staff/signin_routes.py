"""Signing in to the staff pages: the password form, the second factor, and enrolling an
authenticator app (docs/security.md, "Staff web pages").

The services (`escalation.staff.signin`, `twofactor`) decide; these routes only turn their plain
results into pages, redirects and cookies. Before a session exists the sign-in form is protected by a
double-submit cookie (`tanggap_staff_masuk`): the form's hidden token must equal the cookie's, which a
page of another site can neither read nor set. From the password on, a pending session exists and
its forms carry the session's CSRF token (`sessions.csrf_token`) like every other staff form.

No `from __future__ import annotations`: FastAPI reads the parameters' types at import."""

import math
import secrets
from typing import Annotated
from urllib.parse import urlencode, urlsplit

from fastapi import APIRouter, Form, Query, Request, Response
from fastapi.responses import RedirectResponse
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import ConflictError
from core.forwarded import Client
from escalation.staff import sessions, totp
from escalation.staff.models import SessionStage
from escalation.staff.signin import Outcome, SignInResult, second_factor, sign_in
from escalation.staff.twofactor import ENROLLING, confirm_enrolment, start_enrolment
from web.staff.cookies import cookie_name, set_session_cookie
from web.staff.deps import FormRefused, StaffGate
from web.staff.pages import Pages
from web.staff.site import StaffSite
from web.staff.texts import text

SIGN_IN_PATH = "/staff/masuk"
CODE_PATH = "/staff/masuk/kode"
ENROL_PATH = "/staff/daftar-2fa"
HOME_PATH = "/staff"
FORM_COOKIE = "tanggap_staff_masuk"
FORM_COOKIE_SECONDS = 60 * 60
NOTICES = {"kedaluwarsa": "signin.expired", "keluar": "signin.signed_out", "berakhir": "signin.session_ended"}
"""The notices a redirect to the sign-in page may ask for (`?pesan=`), by their key in the URL."""
MAX_NEXT = 512


def form_cookie_name(client: Client) -> str:
    return f"__Host-{FORM_COOKIE}" if client.https else FORM_COOKIE


def safe_next(value: str | None) -> str:
    """Where to go after signing in: a local path of the staff pages, else the home page. Refuses
    other hosts (`//evil`, `https://evil`), backslashes browsers read as slashes, and control chars."""
    if not value or len(value) > MAX_NEXT or "\\" in value or any(ord(ch) < 0x21 for ch in value):
        return HOME_PATH
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or not value.startswith("/"):
        return HOME_PATH
    if parts.path != HOME_PATH and not parts.path.startswith(HOME_PATH + "/"):
        return HOME_PATH
    if parts.path.startswith((SIGN_IN_PATH, ENROL_PATH)):
        return HOME_PATH
    return value


def sign_in_url(*, notice: str | None = None, lanjut: str | None = None) -> str:
    query = {key: value for key, value in (("pesan", notice), ("lanjut", lanjut)) if value}
    return f"{SIGN_IN_PATH}?{urlencode(query)}" if query else SIGN_IN_PATH


def see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


def build_signin_routes(site: StaffSite, gate: StaffGate, pages: Pages) -> APIRouter:
    router = APIRouter()
    db, auth = site.db, site.auth

    def client(request: Request) -> Client:
        return gate.client(request)

    def user_agent(request: Request) -> str | None:
        return request.headers.get("user-agent")

    def session_token(request: Request, who: Client) -> str | None:
        return request.cookies.get(cookie_name(who))

    def sign_in_page(
        request: Request,
        who: Client,
        *,
        status_code: int = 200,
        error: str | None = None,
        notice: str | None = None,
        username: str = "",
        lanjut: str = HOME_PATH,
    ) -> Response:
        form_token = request.cookies.get(form_cookie_name(who)) or secrets.token_urlsafe(32)
        response = pages.render(
            request,
            "masuk.html",
            staff=None,
            status_code=status_code,
            form_token=form_token,
            error=error,
            notice=notice,
            username=username,
            lanjut=lanjut,
        )
        response.set_cookie(
            form_cookie_name(who),
            form_token,
            max_age=FORM_COOKIE_SECONDS,
            path="/",
            secure=who.https,
            httponly=True,
            samesite="strict",
        )
        return no_store(response)

    def throttled_page(request: Request, result: SignInResult) -> Response:
        minutes = max(1, math.ceil((result.retry_after or 60) / 60))
        message = text("throttled.message").format(minutes=minutes)
        response = pages.render(request, "dibatasi.html", staff=None, status_code=429, message=message)
        response.headers["Retry-After"] = str(result.retry_after or 60)
        return no_store(response)

    def signed_in(request: Request, who: Client, result: SignInResult, url: str) -> Response:
        response = see_other(url)
        assert result.token is not None
        assert result.expires_at is not None
        set_session_cookie(response, who, result.token, result.expires_at)
        response.delete_cookie(form_cookie_name(who), path="/", secure=who.https, httponly=True)
        return response

    async def pending(
        session: AsyncSession, token: str | None, stages: frozenset[SessionStage]
    ) -> sessions.Live | None:
        live = await sessions.find_live(session, token, settings=auth.settings)
        return live if live is not None and live.row.stage in stages else None

    @router.get(SIGN_IN_PATH, include_in_schema=False)
    async def sign_in_form(
        request: Request,
        pesan: Annotated[str | None, Query(max_length=32)] = None,
        lanjut: Annotated[str | None, Query(max_length=MAX_NEXT)] = None,
    ) -> Response:
        key = NOTICES.get(pesan or "")
        notice = text(key) if key else None
        return sign_in_page(request, client(request), notice=notice, lanjut=safe_next(lanjut))

    @router.post(SIGN_IN_PATH, include_in_schema=False)
    async def sign_in_submit(
        request: Request,
        username: Annotated[str, Form(max_length=256)] = "",
        password: Annotated[str, Form(max_length=4096)] = "",
        csrf: Annotated[str | None, Form(max_length=128)] = None,
        lanjut: Annotated[str | None, Form(max_length=MAX_NEXT)] = None,
    ) -> Response:
        who = client(request)
        expected = request.cookies.get(form_cookie_name(who))
        if not expected or csrf is None or not secrets.compare_digest(expected, csrf):
            raise FormRefused()
        target = safe_next(lanjut)
        async with db.session() as session:
            result = await sign_in(
                session,
                auth,
                username=username,
                password=password,
                ip=who.address or None,
                user_agent=user_agent(request),
            )
        if result.outcome == Outcome.SIGNED_IN:
            return signed_in(request, who, result, target)
        query = "" if target == HOME_PATH else "?" + urlencode({"lanjut": target})
        if result.outcome == Outcome.SECOND_FACTOR:
            return signed_in(request, who, result, CODE_PATH + query)
        if result.outcome == Outcome.ENROL:
            return signed_in(request, who, result, ENROL_PATH + query)
        if result.outcome == Outcome.THROTTLED:
            return throttled_page(request, result)
        return sign_in_page(
            request, who, status_code=400, error=text("signin.refused"), username=username[:64], lanjut=target
        )

    @router.get(CODE_PATH, include_in_schema=False)
    async def code_form(
        request: Request, lanjut: Annotated[str | None, Query(max_length=MAX_NEXT)] = None
    ) -> Response:
        who = client(request)
        token = session_token(request, who)
        async with db.session() as session:
            live = await pending(session, token, frozenset({SessionStage.SECOND_FACTOR}))
        if live is None or token is None:
            return see_other(sign_in_url(notice="kedaluwarsa"))
        return no_store(code_page(request, token, lanjut=safe_next(lanjut)))

    def code_page(
        request: Request, token: str, *, lanjut: str, status_code: int = 200, error: str | None = None
    ) -> Response:
        return pages.render(
            request,
            "masuk_kode.html",
            staff=None,
            status_code=status_code,
            csrf=sessions.csrf_token(token),
            lanjut=lanjut,
            error=error,
        )

    @router.post(CODE_PATH, include_in_schema=False)
    async def code_submit(
        request: Request,
        code: Annotated[str, Form(max_length=64)] = "",
        csrf: Annotated[str | None, Form(max_length=128)] = None,
        lanjut: Annotated[str | None, Form(max_length=MAX_NEXT)] = None,
    ) -> Response:
        who = client(request)
        token = session_token(request, who)
        if token is None:
            return see_other(sign_in_url(notice="kedaluwarsa"))
        if not sessions.csrf_valid(token, csrf):
            raise FormRefused()
        target = safe_next(lanjut)
        async with db.session() as session:
            result = await second_factor(session, auth, token=token, code=code, ip=who.address or None)
        if result.outcome == Outcome.SIGNED_IN:
            return signed_in(request, who, result, target)
        if result.outcome == Outcome.THROTTLED:
            return throttled_page(request, result)
        if result.outcome == Outcome.EXPIRED:
            return see_other(sign_in_url(notice="kedaluwarsa"))
        async with db.session() as session:  # a failure that locked the account also ended the sign-in
            still = await pending(session, token, frozenset({SessionStage.SECOND_FACTOR}))
        if still is None:
            return see_other(sign_in_url(notice="kedaluwarsa"))
        return no_store(code_page(request, token, lanjut=target, status_code=400, error=text("code.refused")))

    @router.get(ENROL_PATH, include_in_schema=False)
    async def enrol_form(
        request: Request, lanjut: Annotated[str | None, Query(max_length=MAX_NEXT)] = None
    ) -> Response:
        who = client(request)
        token = session_token(request, who)
        if token is None:
            return see_other(sign_in_url(notice="kedaluwarsa"))
        try:
            async with db.session() as session:
                enrolment = await start_enrolment(session, auth, token=token)
        except ConflictError:
            return await _not_enrolling(request, token)
        return no_store(enrol_page(request, token, enrolment, lanjut=safe_next(lanjut)))

    def enrol_page(
        request: Request,
        token: str,
        enrolment: totp.Enrolment,
        *,
        lanjut: str,
        status_code: int = 200,
        error: str | None = None,
    ) -> Response:
        grouped = " ".join(enrolment.secret[i : i + 4] for i in range(0, len(enrolment.secret), 4))
        return pages.render(
            request,
            "daftar_2fa.html",
            staff=None,
            status_code=status_code,
            csrf=sessions.csrf_token(token),
            qr_svg=enrolment.qr_svg,
            secret_grouped=grouped,
            error=error,
            lanjut=lanjut,
        )

    async def _not_enrolling(request: Request, token: str) -> Response:
        """Already enrolled (a signed-in session goes home), or no sign-in to enrol (start again)."""
        async with db.session() as session:
            live = await pending(session, token, ENROLLING)
        if (
            live is not None
            and live.account.totp_enabled_at is not None
            and live.row.stage == SessionStage.FULL
        ):
            return see_other(HOME_PATH)
        return see_other(sign_in_url(notice="kedaluwarsa"))

    @router.post(ENROL_PATH, include_in_schema=False)
    async def enrol_submit(
        request: Request,
        code: Annotated[str, Form(max_length=64)] = "",
        csrf: Annotated[str | None, Form(max_length=128)] = None,
        lanjut: Annotated[str | None, Form(max_length=MAX_NEXT)] = None,
    ) -> Response:
        who = client(request)
        token = session_token(request, who)
        target = safe_next(lanjut)
        if token is None:
            return see_other(sign_in_url(notice="kedaluwarsa"))
        if not sessions.csrf_valid(token, csrf):
            raise FormRefused()
        try:
            async with db.session() as session:
                done = await confirm_enrolment(session, auth, token=token, code=code, ip=who.address or None)
                live = None
                if done is not None:
                    live = await sessions.find_live(session, done.token, settings=auth.settings, touch=False)
                else:
                    account = await pending(session, token, ENROLLING)
                    assert account is not None
                    assert account.account.totp_secret is not None
                    again = totp.enrolment(
                        account.account.totp_secret,
                        username=account.account.username,
                        issuer=auth.settings.totp_issuer,
                    )
        except ConflictError:
            return await _not_enrolling(request, token)
        if done is None:
            refused = enrol_page(
                request, token, again, lanjut=target, status_code=400, error=text("enrol.refused")
            )
            return no_store(refused)
        assert live is not None
        response = pages.render(
            request, "kode_pemulihan.html", staff=None, codes=done.recovery_codes, lanjut=target
        )
        set_session_cookie(response, who, done.token, live.row.expires_at)
        return no_store(response)

    return router
