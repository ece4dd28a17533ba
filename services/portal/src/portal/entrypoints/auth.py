"""Signing in and out through the identity provider: authorization code with PKCE, tokens kept server-side."""

# No `from __future__ import annotations`: FastAPI must see the real types of the routes.

from datetime import UTC, datetime
from typing import Any

from authlib.integrations.starlette_client import OAuth, OAuthError
from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from portal.adapters.sessions import Session, SessionBook
from portal.config import Settings
from portal.entrypoints.web import SignInNeeded, page


def provider(settings: Settings) -> Any:
    """The identity provider as an OAuth client of the portal (public client: PKCE, no secret)."""
    oauth = OAuth()
    oauth.register(
        "idp",
        client_id=settings.client_id,
        server_metadata_url=f"{settings.oidc_issuer}/.well-known/openid-configuration",
        client_kwargs={"scope": "openid profile email", "code_challenge_method": "S256"},
        token_endpoint_auth_method="none",  # noqa: S106 - a public client: no secret to send
    )
    return oauth.idp


def refresher(idp: Any, sessions: SessionBook) -> Any:
    """Renews a session's tokens with its refresh token (a session it cannot renew is over)."""

    async def refresh(session: Session) -> Session:
        try:
            tokens = await idp.fetch_access_token(
                grant_type="refresh_token", refresh_token=session.refresh_token
            )
        except OAuthError as exc:
            await sessions.close(session.session_id)
            raise SignInNeeded from exc
        return await sessions.renew(session, dict(tokens), datetime.now(UTC))

    return refresh


def auth_router(settings: Settings, idp: Any, sessions: SessionBook) -> APIRouter:
    """/auth/login, /auth/callback, /auth/logout."""
    router = APIRouter(include_in_schema=False)

    @router.get("/auth/login")
    async def login(request: Request) -> Response:
        # Vietnamese first, whatever language the browser asks for (the page still offers English).
        target = f"{settings.public_url}/auth/callback"
        return await idp.authorize_redirect(request, target, ui_locales="vi")  # type: ignore[no-any-return]

    @router.get("/auth/callback")
    async def callback(request: Request) -> Response:
        try:
            tokens = dict(await idp.authorize_access_token(request))
        except OAuthError as exc:
            return page(
                request,
                "signed_out.html",
                None,
                status=400,
                message=f"Đăng nhập không thành công ({exc.error}).",
            )
        claims = tokens.get("userinfo") or {}
        subject = str(claims.get(settings.oidc_subject_claim) or claims.get("sub"))
        # Vietnamese order: family name first ("Nguyễn" + "Thị Lan").
        name = " ".join(str(claims.get(k, "")) for k in ("family_name", "given_name")).strip() or subject
        session = await sessions.open(subject, name, tokens, datetime.now(UTC))
        request.session["sid"] = session.session_id
        return RedirectResponse(request.session.pop("after_sign_in", "/"), status_code=303)

    @router.post("/auth/logout")
    async def logout(request: Request) -> Response:
        session_id = request.session.pop("sid", None)
        id_token = ""
        if session_id:
            found = await sessions.get(str(session_id), datetime.now(UTC))
            id_token = found.id_token if found else ""
            await sessions.close(str(session_id))
        metadata = await idp.load_server_metadata()
        end = metadata.get("end_session_endpoint")
        if not end:
            return RedirectResponse("/", status_code=303)
        target = (
            f"{end}?client_id={settings.client_id}&post_logout_redirect_uri={settings.public_url}/signed-out"
        )
        if id_token:
            target += f"&id_token_hint={id_token}"
        return RedirectResponse(target, status_code=303)

    @router.get("/signed-out")
    async def signed_out(request: Request) -> Response:
        return page(request, "signed_out.html", None, message="Bạn đã đăng xuất.")

    return router
